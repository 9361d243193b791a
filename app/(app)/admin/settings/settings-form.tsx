'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { FormAlert } from '@/app/_components/form-alert';
import { LocalTime } from '@/app/_components/local-time';
import { useActionSubmit } from '@/app/_components/use-action-submit';
import { mfaRequirements, oidcMfaModes } from '@/lib/domain/enums';
import { updateSettingsAction } from './actions';
import { mfaRequirementLabels, oidcMfaLabels, SettingsSchema, type SettingsInput } from './schemas';

type SettingsFormProps = { settings: SettingsInput; oidcEnabled: boolean; lastChanged: string | null; adminHasSecondFactor: boolean };

export function SettingsForm({ settings, oidcEnabled, lastChanged, adminHasSecondFactor }: SettingsFormProps) {
  const router = useRouter();
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm<SettingsInput>({ resolver: zodResolver(SettingsSchema), defaultValues: settings });
  const requirement = useWatch({ control: form.control, name: 'mfaRequiredFor' });
  const { onSubmit, pending, formError } = useActionSubmit(
    form,
    (values) => {
      setSaved(null);
      return updateSettingsAction(values);
    },
    (data) => {
      setSaved(data.changed ? 'Settings saved.' : 'Nothing changed.');
      router.refresh();
    },
  );
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Instance settings" className="card">
      <FormAlert error={formError} success={saved} />
      <fieldset>
        <legend>Require a second sign-in step (MFA) for</legend>
        {mfaRequirements.map((r) => (
          <label key={r} className="checkbox">
            <input type="radio" value={r} {...form.register('mfaRequiredFor')} /> {mfaRequirementLabels[r]}
          </label>
        ))}
        <p className="hint">People this covers who have no second step yet must set one up at their next sign-in before they can do anything else.</p>
        {!adminHasSecondFactor && requirement !== 'nobody' && (
          <p className="alert warning" role="status">
            This covers you, and you have no second step yet: once you save, Preflight takes you to set one up.
          </p>
        )}
      </fieldset>
      <fieldset>
        <legend>Passkeys</legend>
        <label className="checkbox">
          <input type="checkbox" {...form.register('passwordlessPasskeys')} /> Let a passkey sign in without a password (it must verify its user with a PIN or biometric)
        </label>
      </fieldset>
      <fieldset>
        <legend>Single sign-on and the second step</legend>
        {!oidcEnabled && <p className="hint">Single sign-on is not configured on this instance; this applies once it is.</p>}
        {oidcMfaModes.map((m) => (
          <label key={m} className="checkbox">
            <input type="radio" value={m} {...form.register('oidcMfa')} /> {oidcMfaLabels[m]}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Save settings'}
      </button>
      {lastChanged && (
        <p className="muted">
          Last changed <LocalTime value={lastChanged} />.
        </p>
      )}
    </form>
  );
}
