'use client';

import { startAuthentication } from '@simplewebauthn/browser';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { zodResolver } from '@hookform/resolvers/zod';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { safeCallbackPath } from '@/lib/auth/callback-path';
import { secondFactorPasskeyOptionsAction } from '../actions';

const CodeSchema = z.object({ code: z.string().trim().min(1, 'Enter the code.').max(64, 'That is too long for a code.') });
type CodeInput = z.infer<typeof CodeSchema>;

const GENERIC = 'That did not work. Try again.';

function goOn(callbackUrl: string) {
  // A full navigation, so every server component renders afresh with the new session cookie.
  window.location.assign(safeCallbackPath(callbackUrl, window.location.origin));
}

export function SecondFactorForm({ callbackUrl, totp, passkeys, recoveryCodesLeft }: { callbackUrl: string; totp: boolean; passkeys: boolean; recoveryCodesLeft: number }) {
  const [mode, setMode] = useState<'totp' | 'recovery'>(totp ? 'totp' : 'recovery');
  const [formError, setFormError] = useState<string | null>(null);
  const [passkeyBusy, setPasskeyBusy] = useState(false);
  const form = useForm<CodeInput>({ resolver: zodResolver(CodeSchema), defaultValues: { code: '' } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async ({ code }) => {
    setFormError(null);
    const result = await signIn('credentials', { ...(mode === 'totp' ? { totp: code } : { recoveryCode: code }), redirect: false });
    if (!result || result.error) {
      setFormError(!result?.error || result.error === 'CredentialsSignin' ? GENERIC : result.error);
      form.setValue('code', '');
      form.setFocus('code');
      return;
    }
    goOn(callbackUrl);
  });

  async function usePasskey() {
    setFormError(null);
    setPasskeyBusy(true);
    try {
      const options = await secondFactorPasskeyOptionsAction();
      if (!options.ok) return setFormError(options.error);
      const response = await startAuthentication({ optionsJSON: options.data });
      const result = await signIn('credentials', { passkey: JSON.stringify(response), redirect: false });
      if (!result || result.error) return setFormError(!result?.error || result.error === 'CredentialsSignin' ? GENERIC : result.error);
      goOn(callbackUrl);
    } catch {
      setFormError('The passkey was not used (the prompt was cancelled or timed out). Try again, or enter a code.');
    } finally {
      setPasskeyBusy(false);
    }
  }

  const label = mode === 'totp' ? 'Authentication code' : 'Recovery code';
  const hint = mode === 'totp' ? 'The 6-digit code your authenticator app shows for Preflight.' : `One of the codes you saved when you set up your second step (${recoveryCodesLeft} left).`;
  return (
    <>
      <form onSubmit={onSubmit} noValidate aria-label="Second sign-in step">
        <FormAlert error={formError} />
        <Field id="code" label={label} hint={hint} error={errors.code?.message}>
          <input
            id="code"
            type="text"
            autoComplete="one-time-code"
            inputMode={mode === 'totp' ? 'numeric' : 'text'}
            spellCheck={false}
            autoFocus
            aria-invalid={!!errors.code}
            aria-describedby={describedBy('code', { hint: true, error: errors.code })}
            {...form.register('code')}
          />
        </Field>
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Checking…' : 'Verify'}
        </button>
      </form>
      <div className="row-actions">
        {passkeys && (
          <button type="button" className="secondary" onClick={usePasskey} disabled={passkeyBusy}>
            {passkeyBusy ? 'Waiting for your passkey…' : 'Use a passkey or security key'}
          </button>
        )}
        {totp && recoveryCodesLeft > 0 && (
          <button type="button" className="secondary" onClick={() => { setMode(mode === 'totp' ? 'recovery' : 'totp'); setFormError(null); form.reset({ code: '' }); }}>
            {mode === 'totp' ? 'Use a recovery code instead' : 'Use your authenticator app instead'}
          </button>
        )}
      </div>
    </>
  );
}
