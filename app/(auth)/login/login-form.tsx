'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { startAuthentication } from '@simplewebauthn/browser';
import { safeCallbackPath } from '@/lib/auth/callback-path';
import { SECOND_FACTOR_REQUIRED } from '@/lib/auth/constants';
import { passwordlessOptionsAction } from './actions';

const LoginSchema = z.object({
  email: z.string().trim().min(1, 'Enter your email address.').max(254, 'Too long for an email address.'),
  password: z.string().min(1, 'Enter your password.').max(1024, 'Too long.'),
});
type LoginInput = z.infer<typeof LoginSchema>;

const GENERIC = 'The email or password is not correct.';

export function LoginForm({ callbackUrl, email, oidc, passwordless }: { callbackUrl: string; email?: string; oidc?: { name: string }; passwordless?: boolean }) {
  const [formError, setFormError] = useState<string | null>(null);
  const [passkeyBusy, setPasskeyBusy] = useState(false);
  const { register, handleSubmit, formState } = useForm<LoginInput>({
    resolver: zodResolver(LoginSchema),
    defaultValues: { email: email ?? '', password: '' },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await signIn('credentials', { email: values.email, password: values.password, redirect: false });
    if (result?.error === SECOND_FACTOR_REQUIRED) {
      // The password passed; the second step has its own page (the step cookie says whose sign-in it is).
      window.location.assign(new URL(`/login/second-factor?callbackUrl=${encodeURIComponent(safeCallbackPath(callbackUrl, window.location.origin))}`, window.location.origin).href);
      return;
    }
    if (!result || result.error) {
      // next-auth reports a refused password as "CredentialsSignin"; a throttled attempt carries our message.
      setFormError(!result?.error || result.error === 'CredentialsSignin' ? GENERIC : result.error);
      return;
    }
    // A full navigation, so every server component renders afresh with the new session cookie. Checked
    // again here: this is the last step before the browser goes somewhere, whatever rendered the prop.
    window.location.assign(safeCallbackPath(callbackUrl, window.location.origin));
  });

  return (
    <>
      <form onSubmit={onSubmit} noValidate aria-label="Sign in">
        <FormAlert error={formError} />
        <Field id="email" label="Email" error={errors.email?.message}>
          <input id="email" type="email" autoComplete="username" aria-invalid={!!errors.email} aria-describedby={describedBy('email', { error: errors.email })} {...register('email')} />
        </Field>
        <Field id="password" label="Password" error={errors.password?.message}>
          <input id="password" type="password" autoComplete="current-password" aria-invalid={!!errors.password} aria-describedby={describedBy('password', { error: errors.password })} {...register('password')} />
        </Field>
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {passwordless && (
        <p>
          <button
            type="button"
            className="secondary"
            disabled={passkeyBusy}
            onClick={async () => {
              setFormError(null);
              setPasskeyBusy(true);
              try {
                const options = await passwordlessOptionsAction();
                if (!options.ok) return setFormError(options.error);
                const response = await startAuthentication({ optionsJSON: options.data });
                const result = await signIn('credentials', { passkey: JSON.stringify(response), redirect: false });
                if (!result || result.error) return setFormError(!result?.error || result.error === 'CredentialsSignin' ? 'The passkey did not sign you in. Try again, or use your password.' : result.error);
                window.location.assign(safeCallbackPath(callbackUrl, window.location.origin));
              } catch {
                setFormError('The passkey was not used (the prompt was cancelled or timed out). Try again, or use your password.');
              } finally {
                setPasskeyBusy(false);
              }
            }}
          >
            {passkeyBusy ? 'Waiting for your passkey…' : 'Sign in with a passkey'}
          </button>
        </p>
      )}
      {oidc && (
        <p>
          <button type="button" className="secondary" onClick={() => signIn('oidc', { callbackUrl })}>
            Sign in with {oidc.name}
          </button>
        </p>
      )}
    </>
  );
}
