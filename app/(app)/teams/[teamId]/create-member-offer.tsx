'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { applyFieldErrors } from '@/app/_components/apply-field-errors';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import type { TeamRole } from '@/lib/domain/enums';
import { createMemberAction } from './actions';
import { CreateMemberSchema, type CreateMemberInput } from './schemas';

export type CreatedMember = { name: string; email: string; role: TeamRole; link: string };

/** For an admin whose add-member try found no account: creates it and adds it to the team in one step. */
export function CreateMemberOffer({ teamId, email, role, onCreated }: { teamId: string; email: string; role: TeamRole; onCreated: (created: CreatedMember) => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<CreateMemberInput>({
    resolver: zodResolver(CreateMemberSchema),
    defaultValues: { teamId, email, role, name: '' },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await createMemberAction(values);
    if (!result.ok) {
      // A field error on email or role belongs to the add form's values, so say it here in words.
      setFormError(result.fieldErrors?.email ?? result.fieldErrors?.role ?? result.error);
      applyFieldErrors(setError, result.fieldErrors);
      return;
    }
    onCreated(result.data);
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Create the account and add it to the team">
      <FormAlert error={formError} />
      <p>
        You can create an account for <strong>{email}</strong> and add it to this team as {role}. They get a one-time link to choose a password.
      </p>
      <input type="hidden" {...register('teamId')} />
      <input type="hidden" {...register('email')} />
      <input type="hidden" {...register('role')} />
      <div className="inline-form">
        <Field id="new-member-name" label="Their name" error={errors.name?.message}>
          <input id="new-member-name" type="text" autoComplete="off" aria-invalid={!!errors.name} aria-describedby={describedBy('new-member-name', { error: errors.name })} {...register('name')} />
        </Field>
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Creating…' : `Create user ${email} and add as ${role}`}
        </button>
      </div>
    </form>
  );
}
