'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { useActionSubmit } from '@/app/_components/use-action-submit';
import { AttachPlanSchema, type AttachPlanInput } from '../../../evidence-schemas';
import { attachPlanEvidenceAction } from '../../../item-actions';
import type { AttachablePlan, ConfirmChange } from './types';

/** Attaches the latest published version of one of the team's plans; the suggested ones come first. */
export function PlanEvidenceForm({ assessmentId, catalogItemId, plans, confirmed }: { assessmentId: string; catalogItemId: string; plans: AttachablePlan[]; confirmed: ConfirmChange }) {
  const router = useRouter();
  const ordered = [...plans].sort((a, b) => Number(b.suggested) - Number(a.suggested));
  const form = useForm<AttachPlanInput>({ resolver: zodResolver(AttachPlanSchema), defaultValues: { assessmentId, catalogItemId, planId: ordered[0]?.planId ?? '' } });
  const { register } = form;
  const { errors } = form.formState;
  const { onSubmit, pending, formError } = useActionSubmit(form, async (values) => ((await confirmed()) ? attachPlanEvidenceAction(values) : null), () => {
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
        <button type="submit" disabled={pending}>
          Attach plan
        </button>
      </div>
    </form>
  );
}
