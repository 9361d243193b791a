'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { applyFieldErrors } from '@/app/_components/apply-field-errors';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { OneTimeLink } from '@/app/_components/one-time-link';
import { createUserAction } from './actions';
import { CreateUserSchema, type CreateUserInput } from './schemas';

export function CreateUserForm() {
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; email: string; link: string } | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<CreateUserInput>({
    resolver: zodResolver(CreateUserSchema),
    defaultValues: { name: '', email: '', isAdmin: false },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setCreated(null);
    const result = await createUserAction(values);
    if (!result.ok) {
      setFormError(result.error);
      applyFieldErrors(setError, result.fieldErrors);
      return;
    }
    setCreated(result.data);
    reset();
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Create a user" className="card">
      <h2>Create a user</h2>
      <FormAlert error={formError} />
      {created && <OneTimeLink label={`Account created for ${created.name} (${created.email}). Their set-password link:`} link={created.link} />}
      <div className="inline-form">
        <Field id="new-user-name" label="Name" error={errors.name?.message}>
          <input id="new-user-name" type="text" autoComplete="off" aria-invalid={!!errors.name} aria-describedby={describedBy('new-user-name', { error: errors.name })} {...register('name')} />
        </Field>
        <Field id="new-user-email" label="Email" error={errors.email?.message}>
          <input id="new-user-email" type="email" autoComplete="off" aria-invalid={!!errors.email} aria-describedby={describedBy('new-user-email', { error: errors.email })} {...register('email')} />
        </Field>
      </div>
      <div className="checkbox">
        <input id="new-user-admin" type="checkbox" {...register('isAdmin')} />
        <label htmlFor="new-user-admin">Instance admin (manages users, teams and settings)</label>
      </div>
      <button type="submit" disabled={isSubmitting}>
        {isSubmitting ? 'Creating…' : 'Create user'}
      </button>
    </form>
  );
}
