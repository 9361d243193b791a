'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { applyFieldErrors } from '@/app/_components/apply-field-errors';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { LinkEvidenceSchema, type LinkEvidenceInput } from '../../../evidence-schemas';
import { addLinkEvidenceAction } from '../../../item-actions';
import type { ConfirmChange } from './types';

/** Attaches a link (a scan, a wiki page) with an optional date it stays valid until. */
export function LinkEvidenceForm({ assessmentId, catalogItemId, confirmed }: { assessmentId: string; catalogItemId: string; confirmed: ConfirmChange }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const empty: LinkEvidenceInput = { assessmentId, catalogItemId, title: '', url: '', validUntil: '' };
  const { register, handleSubmit, setError, reset, formState } = useForm<LinkEvidenceInput>({ resolver: zodResolver(LinkEvidenceSchema), defaultValues: empty });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    if (!(await confirmed())) return;
    const result = await addLinkEvidenceAction(values);
    if (!result.ok) {
      setFormError(result.error);
      applyFieldErrors(setError, result.fieldErrors);
      return;
    }
    reset(empty);
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
        <button type="submit" className="secondary" disabled={isSubmitting}>
          Add link
        </button>
      </div>
    </form>
  );
}
