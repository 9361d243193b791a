'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { useActionSubmit } from '@/app/_components/use-action-submit';
import { PASSWORD_MIN_LENGTH } from '@/lib/auth/password-limits';
import { changePasswordAction } from './actions';
import { ChangePasswordSchema, type ChangePasswordInput } from './schemas';

const EMPTY: ChangePasswordInput = { currentPassword: '', newPassword: '', confirmPassword: '' };

function endedSessions(n: number): string {
  if (n === 0) return 'You had no other sessions.';
  return `${n} other session${n === 1 ? ' was' : 's were'} signed out; this one stays signed in.`;
}

export function ChangePasswordForm({ email }: { email: string }) {
  const [done, setDone] = useState<string | null>(null);
  const form = useForm<ChangePasswordInput>({ resolver: zodResolver(ChangePasswordSchema), defaultValues: EMPTY });
  const { register, reset } = form;
  const { errors } = form.formState;
  const { onSubmit, pending, formError } = useActionSubmit(
    form,
    (values) => {
      setDone(null);
      return changePasswordAction(values);
    },
    ({ otherSessionsEnded }) => {
      reset(EMPTY);
      setDone(`Your password is changed. ${endedSessions(otherSessionsEnded)}`);
    },
  );

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Change your password">
      <FormAlert error={formError} success={done} />
      {/* Lets password managers file the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field id="current-password" label="Current password" error={errors.currentPassword?.message}>
        <input id="current-password" type="password" autoComplete="current-password" aria-invalid={!!errors.currentPassword} aria-describedby={describedBy('current-password', { error: errors.currentPassword })} {...register('currentPassword')} />
      </Field>
      <Field id="new-password" label="New password" hint={`At least ${PASSWORD_MIN_LENGTH} characters; common passwords are refused.`} error={errors.newPassword?.message}>
        <input id="new-password" type="password" autoComplete="new-password" aria-invalid={!!errors.newPassword} aria-describedby={describedBy('new-password', { hint: true, error: errors.newPassword })} {...register('newPassword')} />
      </Field>
      <Field id="confirm-password" label="Repeat new password" error={errors.confirmPassword?.message}>
        <input id="confirm-password" type="password" autoComplete="new-password" aria-invalid={!!errors.confirmPassword} aria-describedby={describedBy('confirm-password', { error: errors.confirmPassword })} {...register('confirmPassword')} />
      </Field>
      <p className="muted">Changing it signs you out everywhere else.</p>
      <button type="submit" disabled={pending}>
        {pending ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}
