'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { useActionSubmit } from '@/app/_components/use-action-submit';
import { createTeamAction } from './actions';
import { CreateTeamSchema, type CreateTeamInput } from './schemas';

export function CreateTeamForm() {
  const router = useRouter();
  const form = useForm<CreateTeamInput>({ resolver: zodResolver(CreateTeamSchema), defaultValues: { name: '', description: '' } });
  const { register } = form;
  const { errors } = form.formState;
  const { onSubmit, pending, formError } = useActionSubmit(form, createTeamAction, (team) => router.push(`/teams/${team.id}?notice=created`));

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
      <button type="submit" disabled={pending}>
        {pending ? 'Creating…' : 'Create team'}
      </button>
    </form>
  );
}
