'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { useActionSubmit } from '@/app/_components/use-action-submit';
import { createFirstAdminAction } from './actions';
import { SetupSchema, type SetupInput } from './schemas';

export function SetupForm() {
  const router = useRouter();
  const form = useForm<SetupInput>({ resolver: zodResolver(SetupSchema), defaultValues: { name: '', email: '', password: '', confirmPassword: '' } });
  const { register } = form;
  const { errors } = form.formState;
  const { onSubmit, pending, formError } = useActionSubmit(form, createFirstAdminAction, (data) => router.push(`/login?notice=admin-created&email=${encodeURIComponent(data.email)}`));

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Create the first admin">
      <FormAlert error={formError} />
      <Field id="name" label="Your name" error={errors.name?.message}>
        <input id="name" type="text" autoComplete="name" aria-invalid={!!errors.name} aria-describedby={describedBy('name', { error: errors.name })} {...register('name')} />
      </Field>
      <Field id="email" label="Email" error={errors.email?.message}>
        <input id="email" type="email" autoComplete="email" aria-invalid={!!errors.email} aria-describedby={describedBy('email', { error: errors.email })} {...register('email')} />
      </Field>
      <Field id="password" label="Password" hint="At least 12 characters; common passwords are refused." error={errors.password?.message}>
        <input id="password" type="password" autoComplete="new-password" aria-invalid={!!errors.password} aria-describedby={describedBy('password', { hint: true, error: errors.password })} {...register('password')} />
      </Field>
      <Field id="confirmPassword" label="Repeat password" error={errors.confirmPassword?.message}>
        <input id="confirmPassword" type="password" autoComplete="new-password" aria-invalid={!!errors.confirmPassword} aria-describedby={describedBy('confirmPassword', { error: errors.confirmPassword })} {...register('confirmPassword')} />
      </Field>
      <button type="submit" disabled={pending}>
        {pending ? 'Creating…' : 'Create admin account'}
      </button>
    </form>
  );
}
