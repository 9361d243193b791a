'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { useActionSubmit } from '@/app/_components/use-action-submit';
import type { DescriptorMode } from '@/lib/domain/enums';
import { DESCRIPTOR_MAX_CHARS, ProbeTargetSchema, type ProbeTargetInput } from '@/lib/validation/probe-target';
import { saveProbeTargetAction } from './probe-actions';

export type ProbeTargetDefaults = {
  extraHosts: string[];
  httpPort: number | null;
  gateProbeMaxAgeDays: number | null;
  descriptorMode: DescriptorMode;
  descriptorUrl: string | null;
  descriptorName: string | null;
  manifestName: string | null;
  authUrl: string | null;
  authHeaderName: string | null;
  hasAuthSecret: boolean;
};

const descriptorChoices: { mode: DescriptorMode; label: string }[] = [
  { mode: 'auto', label: 'Look for it at the base URL (/atlassian-connect.json)' },
  { mode: 'url', label: 'Fetch it from another address' },
  { mode: 'upload', label: 'Upload the descriptor file' },
  { mode: 'none', label: 'Not a Connect app' },
];

/** Reads a chosen file as text in the browser: the server action takes text, never a multipart body. */
async function readChosenFile(input: HTMLInputElement): Promise<{ name: string; text: string } | { error: string } | null> {
  const file = input.files?.[0];
  if (!file) return null;
  if (file.size > DESCRIPTOR_MAX_CHARS) return { error: `${file.name} is larger than 256 KiB. The probe reads at most that much.` };
  return { name: file.name, text: await file.text() };
}

/** What the probe contacts: more hosts, the Connect descriptor or Forge manifest, and a signed-in page. */
export function ProbeTargetForm({ assessmentId, defaults }: { assessmentId: string; defaults: ProbeTargetDefaults }) {
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const initial: ProbeTargetInput = {
    assessmentId,
    extraHosts: defaults.extraHosts.join('\n'),
    httpPort: defaults.httpPort ? String(defaults.httpPort) : '',
    gateProbeMaxAgeDays: defaults.gateProbeMaxAgeDays ? String(defaults.gateProbeMaxAgeDays) : '',
    descriptorMode: defaults.descriptorMode,
    descriptorUrl: defaults.descriptorUrl ?? '',
    descriptorText: '',
    descriptorName: '',
    manifestText: '',
    manifestName: '',
    forgetManifest: false,
    authUrl: defaults.authUrl ?? '',
    authHeaderName: defaults.authHeaderName ?? 'Cookie',
    authHeaderValue: '',
    forgetAuth: false,
  };
  const form = useForm<ProbeTargetInput>({ resolver: zodResolver(ProbeTargetSchema), defaultValues: initial });
  const { register, setValue, setError } = form;
  const { errors } = form.formState;
  const mode = useWatch({ control: form.control, name: 'descriptorMode' });
  const { onSubmit, pending, formError } = useActionSubmit(form, (values) => saveProbeTargetAction(values), (_data, values) => {
    setSaved(true);
    // The secret field empties: what was saved is never shown again.
    form.reset({ ...values, authHeaderValue: '', descriptorText: '', manifestText: '', forgetAuth: false, forgetManifest: false });
    router.refresh();
  });

  async function onFile(event: React.ChangeEvent<HTMLInputElement>, field: 'descriptor' | 'manifest') {
    const read = await readChosenFile(event.currentTarget);
    if (!read) return;
    if ('error' in read) {
      setError(`${field}Text`, { message: read.error });
      return;
    }
    setValue(`${field}Text`, read.text, { shouldValidate: true });
    setValue(`${field}Name`, read.name);
  }

  return (
    <form className="card" aria-labelledby="probe-target-heading" onSubmit={onSubmit} onChange={() => setSaved(false)} noValidate>
      <h2 id="probe-target-heading">Target</h2>
      <FormAlert error={formError} />
      {saved && (
        <p className="alert success" role="status">
          Target saved.
        </p>
      )}
      <Field id="extraHosts" label="More hosts to check (optional)" hint="One per line, like api.example.com or api.example.com:8443. Each gets the TLS and header checks." error={errors.extraHosts?.message}>
        <textarea id="extraHosts" rows={3} aria-invalid={!!errors.extraHosts} aria-describedby={describedBy('extraHosts', { hint: true, error: errors.extraHosts })} {...register('extraHosts')} />
      </Field>
      <Field id="httpPort" label="Plain-HTTP port (optional)" hint="Where plain http is answered, to check it redirects to https. Empty: port 80, or skipped when the base URL names another port." error={errors.httpPort?.message}>
        <input id="httpPort" type="text" inputMode="numeric" autoComplete="off" aria-invalid={!!errors.httpPort} aria-describedby={describedBy('httpPort', { hint: true, error: errors.httpPort })} {...register('httpPort')} />
      </Field>
      <Field
        id="gateProbeMaxAgeDays"
        label="Release gate: a passing probe run within (days, optional)"
        hint="When set, the API’s release gate fails unless the latest probe run finished within this many days with no failed check. Empty: the gate does not ask for a probe run."
        error={errors.gateProbeMaxAgeDays?.message}
      >
        <input id="gateProbeMaxAgeDays" type="text" inputMode="numeric" autoComplete="off" aria-invalid={!!errors.gateProbeMaxAgeDays} aria-describedby={describedBy('gateProbeMaxAgeDays', { hint: true, error: errors.gateProbeMaxAgeDays })} {...register('gateProbeMaxAgeDays')} />
      </Field>
      <fieldset className="field">
        <legend>Connect descriptor</legend>
        {descriptorChoices.map((c) => (
          <label key={c.mode} className="radio">
            <input type="radio" value={c.mode} {...register('descriptorMode')} /> {c.label}
          </label>
        ))}
      </fieldset>
      {mode === 'url' && (
        <Field id="descriptorUrl" label="Descriptor address" error={errors.descriptorUrl?.message}>
          <input id="descriptorUrl" type="url" inputMode="url" autoComplete="off" aria-invalid={!!errors.descriptorUrl} aria-describedby={describedBy('descriptorUrl', { error: errors.descriptorUrl })} {...register('descriptorUrl')} />
        </Field>
      )}
      {mode === 'upload' && (
        <Field id="descriptorFile" label="Descriptor file" hint={defaults.descriptorName ? `Stored: ${defaults.descriptorName}. Choose a file to replace it.` : 'A JSON file of at most 256 KiB.'} error={errors.descriptorText?.message}>
          <input id="descriptorFile" type="file" accept=".json,application/json" aria-invalid={!!errors.descriptorText} aria-describedby={describedBy('descriptorFile', { hint: true, error: errors.descriptorText })} onChange={(e) => onFile(e, 'descriptor')} />
        </Field>
      )}
      <Field id="manifestFile" label="Forge manifest (optional)" hint={defaults.manifestName ? `Stored: ${defaults.manifestName}. Choose a file to replace it.` : 'manifest.yml of a Forge app, at most 256 KiB.'} error={errors.manifestText?.message}>
        <input id="manifestFile" type="file" accept=".yml,.yaml,text/yaml" aria-invalid={!!errors.manifestText} aria-describedby={describedBy('manifestFile', { hint: true, error: errors.manifestText })} onChange={(e) => onFile(e, 'manifest')} />
      </Field>
      {defaults.manifestName && (
        <label className="checkbox">
          <input type="checkbox" {...register('forgetManifest')} /> Remove the stored manifest
        </label>
      )}
      <h3>Signed-in page (optional)</h3>
      <p className="muted">For the cache and cookie checks on a page behind sign-in. The header value is stored encrypted, used only by the probe, and never shown again.</p>
      <Field id="authUrl" label="Signed-in page address" error={errors.authUrl?.message}>
        <input id="authUrl" type="url" inputMode="url" autoComplete="off" aria-invalid={!!errors.authUrl} aria-describedby={describedBy('authUrl', { error: errors.authUrl })} {...register('authUrl')} />
      </Field>
      <Field id="authHeaderName" label="Header name" hint="Cookie, Authorization, or your app's own header." error={errors.authHeaderName?.message}>
        <input id="authHeaderName" type="text" autoComplete="off" aria-invalid={!!errors.authHeaderName} aria-describedby={describedBy('authHeaderName', { hint: true, error: errors.authHeaderName })} {...register('authHeaderName')} />
      </Field>
      <Field
        id="authHeaderValue"
        label="Header value"
        hint={defaults.hasAuthSecret ? 'A value is saved. Leave this empty to keep it, or paste a new one.' : 'For example session=… for a Cookie header.'}
        error={errors.authHeaderValue?.message}
      >
        <input id="authHeaderValue" type="password" autoComplete="off" aria-invalid={!!errors.authHeaderValue} aria-describedby={describedBy('authHeaderValue', { hint: true, error: errors.authHeaderValue })} {...register('authHeaderValue')} />
      </Field>
      {defaults.hasAuthSecret && (
        <label className="checkbox">
          <input type="checkbox" {...register('forgetAuth')} /> Remove the saved sign-in header
        </label>
      )}
      <p>
        <button type="submit" disabled={pending}>
          Save target
        </button>
      </p>
    </form>
  );
}
