'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { useActionSubmit } from '@/app/_components/use-action-submit';
import { TextEvidenceSchema, type TextEvidenceInput } from '../../../evidence-schemas';
import { addTextEvidenceAction } from '../../../item-actions';
import type { ConfirmChange } from './types';

/** Attaches a written note (how something was checked) with an optional date it stays valid until. */
export function NoteEvidenceForm({ assessmentId, catalogItemId, confirmed }: { assessmentId: string; catalogItemId: string; confirmed: ConfirmChange }) {
  const router = useRouter();
  const empty: TextEvidenceInput = { assessmentId, catalogItemId, title: '', body: '', validUntil: '' };
  const form = useForm<TextEvidenceInput>({ resolver: zodResolver(TextEvidenceSchema), defaultValues: empty });
  const { register } = form;
  const { errors } = form.formState;
  const { onSubmit, pending, formError } = useActionSubmit(form, async (values) => ((await confirmed()) ? addTextEvidenceAction(values) : null), () => {
    form.reset(empty);
    router.refresh();
  });

  return (
    <form className="evidence-form" aria-label="Add a note" onSubmit={onSubmit} noValidate>
      <FormAlert error={formError} />
      <Field id="note-title" label="Note title" error={errors.title?.message}>
        <input id="note-title" type="text" aria-invalid={!!errors.title} aria-describedby={describedBy('note-title', { error: errors.title })} {...register('title')} />
      </Field>
      <Field id="note-body" label="Note" error={errors.body?.message}>
        <textarea id="note-body" rows={3} aria-invalid={!!errors.body} aria-describedby={describedBy('note-body', { error: errors.body })} {...register('body')} />
      </Field>
      <Field id="note-valid-until" label="Note valid until (optional)" error={errors.validUntil?.message}>
        <input id="note-valid-until" type="date" aria-invalid={!!errors.validUntil} aria-describedby={describedBy('note-valid-until', { error: errors.validUntil })} {...register('validUntil')} />
      </Field>
      <button type="submit" className="secondary" disabled={pending}>
        Add note
      </button>
    </form>
  );
}
