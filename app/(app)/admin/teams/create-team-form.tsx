'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { applyFieldErrors } from '@/app/_components/apply-field-errors';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { createTeamAction } from './actions';
import { CreateTeamSchema, type CreateTeamInput } from './schemas';

export function CreateTeamForm() {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<CreateTeamInput>({
    resolver: zodResolver(CreateTeamSchema),
    defaultValues: { name: '', description: '' },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await createTeamAction(values);
    if (!result.ok) {
      setFormError(result.error);
      applyFieldErrors(setError, result.fieldErrors);
      return;
    }
    router.push(`/teams/${result.data.id}?notice=created`);
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Create a team" className="card">
      <h2>Create a team</h2>
      <FormAlert error={formError} />
      <Field id="team-name" label="Team name" error={errors.name?.message}>
        <input id="team-name" type="text" autoComplete="off" aria-invalid={!!errors.name} aria-describedby={describedBy('team-name', { error: errors.name })} {...register('name')} />
      </Field>
      <Field id="team-description" label="Description (optional)" error={errors.description?.message}>
        <textarea id="team-description" rows={2} aria-invalid={!!errors.description} aria-describedby={describedBy('team-description', { error: errors.description })} {...register('description')} />
      </Field>
      <button type="submit" disabled={isSubmitting}>
        {isSubmitting ? 'Creating…' : 'Create team'}
      </button>
    </form>
  );
}
