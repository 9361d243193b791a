'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { useActionSubmit } from '@/app/_components/use-action-submit';
import { setPasswordAction } from './actions';
import { SetPasswordSchema, type SetPasswordInput } from './schemas';

export function SetPasswordForm({ email }: { email: string }) {
  const router = useRouter();
  const form = useForm<SetPasswordInput>({ resolver: zodResolver(SetPasswordSchema), defaultValues: { password: '', confirmPassword: '' } });
  const { register } = form;
  const { errors } = form.formState;
  const { onSubmit, pending, formError } = useActionSubmit(form, setPasswordAction, (data) => router.push(`/login?notice=password-set&email=${encodeURIComponent(data.email)}`));

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Choose a password">
      <FormAlert error={formError} />
      {/* Lets password managers file the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field id="password" label="New password" hint="At least 12 characters; common passwords are refused." error={errors.password?.message}>
        <input id="password" type="password" autoComplete="new-password" aria-invalid={!!errors.password} aria-describedby={describedBy('password', { hint: true, error: errors.password })} {...register('password')} />
      </Field>
      <Field id="confirmPassword" label="Repeat password" error={errors.confirmPassword?.message}>
        <input id="confirmPassword" type="password" autoComplete="new-password" aria-invalid={!!errors.confirmPassword} aria-describedby={describedBy('confirmPassword', { error: errors.confirmPassword })} {...register('confirmPassword')} />
      </Field>
      <button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Set password'}
      </button>
    </form>
  );
}
