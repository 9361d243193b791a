'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { applyFieldErrors } from '@/app/_components/apply-field-errors';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { AttachPlanSchema, type AttachPlanInput } from '../../../evidence-schemas';
import { attachPlanEvidenceAction } from '../../../item-actions';
import type { AttachablePlan, ConfirmChange } from './types';

/** Attaches the latest published version of one of the team's plans; the suggested ones come first. */
export function PlanEvidenceForm({ assessmentId, catalogItemId, plans, confirmed }: { assessmentId: string; catalogItemId: string; plans: AttachablePlan[]; confirmed: ConfirmChange }) {
  const router = useRouter();
  const ordered = [...plans].sort((a, b) => Number(b.suggested) - Number(a.suggested));
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<AttachPlanInput>({ resolver: zodResolver(AttachPlanSchema), defaultValues: { assessmentId, catalogItemId, planId: ordered[0]?.planId ?? '' } });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    if (!(await confirmed())) return;
    const result = await attachPlanEvidenceAction(values);
    if (!result.ok) {
      setFormError(result.error);
      applyFieldErrors(setError, result.fieldErrors);
      return;
    }
    router.refresh();
  });

  return (
    <form className="evidence-form" aria-label="Attach a plan" onSubmit={onSubmit} noValidate>
      <FormAlert error={formError} />
      <div className="inline-form">
        <Field id="attach-plan" label="Published plan" error={errors.planId?.message}>
          <select id="attach-plan" aria-invalid={!!errors.planId} aria-describedby={describedBy('attach-plan', { error: errors.planId })} {...register('planId')}>
            {ordered.map((p) => (
              <option key={p.planId} value={p.planId}>
                {p.title} (version {p.number}){p.suggested ? ' — suggested for this item' : ''}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" disabled={isSubmitting}>
          Attach plan
        </button>
      </div>
    </form>
  );
}
