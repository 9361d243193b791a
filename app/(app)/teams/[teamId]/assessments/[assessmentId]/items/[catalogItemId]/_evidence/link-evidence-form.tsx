'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { useActionSubmit } from '@/app/_components/use-action-submit';
import { LinkEvidenceSchema, type LinkEvidenceInput } from '../../../evidence-schemas';
import { addLinkEvidenceAction } from '../../../item-actions';
import type { ConfirmChange } from './types';

/** Attaches a link (a scan, a wiki page) with an optional date it stays valid until. */
export function LinkEvidenceForm({ assessmentId, catalogItemId, confirmed }: { assessmentId: string; catalogItemId: string; confirmed: ConfirmChange }) {
  const router = useRouter();
  const empty: LinkEvidenceInput = { assessmentId, catalogItemId, title: '', url: '', validUntil: '' };
  const form = useForm<LinkEvidenceInput>({ resolver: zodResolver(LinkEvidenceSchema), defaultValues: empty });
  const { register } = form;
  const { errors } = form.formState;
  const { onSubmit, pending, formError } = useActionSubmit(form, async (values) => ((await confirmed()) ? addLinkEvidenceAction(values) : null), () => {
    form.reset(empty);
    router.refresh();
  });

  return (
    <form className="evidence-form" aria-label="Add a link" onSubmit={onSubmit} noValidate>
      <FormAlert error={formError} />
      <div className="inline-form">
        <Field id="link-title" label="Link title" error={errors.title?.message}>
          <input id="link-title" type="text" aria-invalid={!!errors.title} aria-describedby={describedBy('link-title', { error: errors.title })} {...register('title')} />
        </Field>
        <Field id="link-url" label="Link address" error={errors.url?.message}>
          <input id="link-url" type="url" aria-invalid={!!errors.url} aria-describedby={describedBy('link-url', { error: errors.url })} {...register('url')} />
        </Field>
        <Field id="link-valid-until" label="Link valid until (optional)" error={errors.validUntil?.message}>
          <input id="link-valid-until" type="date" aria-invalid={!!errors.validUntil} aria-describedby={describedBy('link-valid-until', { error: errors.validUntil })} {...register('validUntil')} />
        </Field>
        <button type="submit" className="secondary" disabled={pending}>
          Add link
        </button>
      </div>
    </form>
  );
}
