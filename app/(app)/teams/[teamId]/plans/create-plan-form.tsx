'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { useActionSubmit } from '@/app/_components/use-action-submit';
import { createPlanAction } from './actions';
import { CreatePlanSchema } from './schemas';

type Values = { teamId: string; templateId: string; title: string };

export function CreatePlanForm({ teamId, templates }: { teamId: string; templates: { id: string; title: string }[] }) {
  const router = useRouter();
  const form = useForm<Values>({ resolver: zodResolver(CreatePlanSchema), defaultValues: { teamId, templateId: templates[0]?.id ?? '', title: templates[0]?.title ?? '' } });
  const errors = form.formState.errors;
  const { onSubmit, pending, formError } = useActionSubmit(form, createPlanAction, ({ planId }) => router.push(`/teams/${teamId}/plans/${planId}`));
  return (
    <form className="card inline-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-label="Start a plan">
      <FormAlert error={formError} />
      <Field id="plan-template" label="Template" error={errors.templateId?.message}>
        <select
          id="plan-template"
          aria-invalid={errors.templateId ? true : undefined}
          {...form.register('templateId', {
            onChange: (e: React.ChangeEvent<HTMLSelectElement>) => form.setValue('title', templates.find((t) => t.id === e.target.value)?.title ?? ''),
          })}
        >
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.title}
            </option>
          ))}
        </select>
      </Field>
      <Field id="plan-title" label="Plan title" error={errors.title?.message}>
        <input id="plan-title" aria-invalid={errors.title ? true : undefined} aria-describedby={describedBy('plan-title', { error: errors.title })} {...form.register('title')} />
      </Field>
      <button type="submit" disabled={pending}>
        Start plan
      </button>
    </form>
  );
}
