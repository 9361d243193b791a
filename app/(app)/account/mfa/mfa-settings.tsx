'use client';

import { startRegistration } from '@simplewebauthn/browser';
import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { LocalTime } from '@/app/_components/local-time';
import { useActionRunner } from '@/app/_components/use-action-runner';
import { useActionSubmit } from '@/app/_components/use-action-submit';
import { addPasskeyAction, beginTotpAction, confirmTotpAction, passkeyOptionsAction, regenerateRecoveryCodesAction, removePasskeyAction, removeTotpAction } from './actions';
import { PASSKEY_NAME_MAX, PasskeyNameSchema, TotpCodeSchema } from './schemas';

type PasskeyRow = { id: string; name: string; createdAt: string; lastUsedAt: string | null; discoverable: boolean };
type Props = {
  totp: { confirmedAt: string | null; pending: { qr: string; secret: string } | null };
  passkeys: PasskeyRow[];
  recoveryCodesLeft: number;
  hasFactor: boolean;
  passwordlessAllowed: boolean;
};

/** The person's factors in one client tree, so codes shown once survive the refresh that follows their creation. */
export function MfaSettings(props: Props) {
  const [codes, setCodes] = useState<string[] | null>(null);
  const show = (c: string[] | null) => c && setCodes(c);
  return (
    <>
      {codes && <RecoveryCodesOnce codes={codes} onDone={() => setCodes(null)} />}
      <TotpSection totp={props.totp} onCodes={show} />
      <PasskeySection passkeys={props.passkeys} passwordlessAllowed={props.passwordlessAllowed} onCodes={show} />
      <RecoverySection left={props.recoveryCodesLeft} hasFactor={props.hasFactor} onCodes={show} />
    </>
  );
}

function RecoveryCodesOnce({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <section className="alert success" aria-labelledby="codes-heading">
      <h2 id="codes-heading">Your recovery codes</h2>
      <p>
        Save these somewhere safe (a password manager, or printed). Each works once, instead of your app or passkey, if you lose them. They are shown only this once.
      </p>
      <ol className="code-list" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ol>
      <div className="row-actions">
        <button
          type="button"
          className="secondary"
          onClick={async () => {
            await navigator.clipboard?.writeText(codesAsText(codes)).catch(() => undefined);
            setCopied(true);
          }}
        >
          {copied ? 'Copied' : 'Copy codes'}
        </button>
        <button type="button" className="secondary" onClick={() => downloadCodes(codes)}>
          Download as text
        </button>
        <button type="button" onClick={onDone}>
          I have saved them
        </button>
      </div>
    </section>
  );
}

function codesAsText(codes: string[]): string {
  return `Preflight recovery codes for ${window.location.host} (each works once)\n\n${codes.join('\n')}\n`;
}

// Made in the browser, so the codes never travel again after the one answer that showed them.
function downloadCodes(codes: string[]) {
  const url = URL.createObjectURL(new Blob([codesAsText(codes)], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'preflight-recovery-codes.txt';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function TotpSection({ totp, onCodes }: { totp: Props['totp']; onCodes: (c: string[] | null) => void }) {
  const router = useRouter();
  const runner = useActionRunner();
  const [confirmRemove, setConfirmRemove] = useState(false);
  const form = useForm<z.infer<typeof TotpCodeSchema>>({ resolver: zodResolver(TotpCodeSchema), defaultValues: { code: '' } });
  const { onSubmit, pending, formError } = useActionSubmit(form, confirmTotpAction, (data) => {
    onCodes(data.recoveryCodes);
    form.reset({ code: '' });
    router.refresh();
  });
  const errors = form.formState.errors;
  return (
    <section className="card" aria-labelledby="totp-heading">
      <h2 id="totp-heading">Authenticator app</h2>
      <FormAlert error={runner.error} />
      {totp.confirmedAt ? (
        <>
          <p>
            <span className="badge signoff-badge">On</span> Set up on <LocalTime value={totp.confirmedAt} />. Each sign-in asks for the code your app shows.
          </p>
          <button type="button" className="danger" onClick={() => setConfirmRemove(true)} disabled={runner.pending}>
            Turn off the authenticator app
          </button>
          <ConfirmDialog
            open={confirmRemove}
            title="Turn off the authenticator app?"
            consequence="Sign-ins will no longer ask for its codes. If it is your only second step, your recovery codes stop working too."
            confirmLabel="Turn it off"
            tone="danger"
            onCancel={() => setConfirmRemove(false)}
            onConfirm={() => {
              setConfirmRemove(false);
              runner.run(removeTotpAction);
            }}
          />
        </>
      ) : totp.pending ? (
        <>
          <ol>
            <li>Open your authenticator app and add an account by scanning this QR code.</li>
            <li>Or type this key into the app instead: it is the same secret.</li>
            <li>Enter the 6-digit code the app now shows for Preflight.</li>
          </ol>
          {/* eslint-disable-next-line @next/next/no-img-element -- a data: URI made on the server; nothing to optimise */}
          <img className="qr-code" src={totp.pending.qr} alt="QR code to scan with your authenticator app; the same secret is written out below" width={192} height={192} />
          <p>
            Setup key: <code className="secret-text" aria-label="Setup key">{totp.pending.secret}</code>
          </p>
          <form onSubmit={onSubmit} noValidate aria-label="Confirm the authenticator app">
            <FormAlert error={formError} />
            <Field id="totp-code" label="Code from the app" hint="Six digits; a new one appears every 30 seconds." error={errors.code?.message}>
              <input id="totp-code" type="text" inputMode="numeric" autoComplete="one-time-code" spellCheck={false} aria-invalid={!!errors.code} aria-describedby={describedBy('totp-code', { hint: true, error: errors.code })} {...form.register('code')} />
            </Field>
            <div className="row-actions">
              <button type="submit" disabled={pending}>
                {pending ? 'Checking…' : 'Turn on'}
              </button>
              <button type="button" className="secondary" onClick={() => runner.run(removeTotpAction)} disabled={runner.pending}>
                Cancel setup
              </button>
            </div>
          </form>
        </>
      ) : (
        <>
          <p>Not set up. An app on your phone shows a new 6-digit code every 30 seconds; sign-ins ask for it after your password.</p>
          <button type="button" onClick={() => runner.run(beginTotpAction)} disabled={runner.pending}>
            Set up an authenticator app
          </button>
        </>
      )}
    </section>
  );
}

function PasskeySection({ passkeys, passwordlessAllowed, onCodes }: { passkeys: PasskeyRow[]; passwordlessAllowed: boolean; onCodes: (c: string[] | null) => void }) {
  const router = useRouter();
  const runner = useActionRunner();
  const [removing, setRemoving] = useState<PasskeyRow | null>(null);
  const form = useForm<z.infer<typeof PasskeyNameSchema>>({ resolver: zodResolver(PasskeyNameSchema), defaultValues: { name: '' } });
  const { onSubmit, pending, formError } = useActionSubmit(
    form,
    async ({ name }) => {
      const options = await passkeyOptionsAction();
      if (!options.ok) return options;
      let response;
      try {
        response = await startRegistration({ optionsJSON: options.data });
      } catch {
        return { ok: false as const, error: 'The passkey was not created (the prompt was cancelled, timed out, or this key is already registered).' };
      }
      return addPasskeyAction({ name, response });
    },
    (data) => {
      onCodes(data.recoveryCodes);
      form.reset({ name: '' });
      router.refresh();
    },
  );
  const errors = form.formState.errors;
  return (
    <section className="card" aria-labelledby="passkeys-heading">
      <h2 id="passkeys-heading">Passkeys and security keys</h2>
      <p>
        A passkey (on this device or your phone) or a security key can be your second step.
        {passwordlessAllowed && ' This instance also lets a passkey sign you in without a password.'}
      </p>
      <FormAlert error={runner.error} />
      {passkeys.length > 0 ? (
        <div className="table-scroll">
          <table>
            <caption className="sr-only">Your passkeys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Added</th>
                <th scope="col">Last used</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {passkeys.map((p) => (
                <tr key={p.id}>
                  <td className="break">{p.name}</td>
                  <td>
                    <LocalTime value={p.createdAt} />
                  </td>
                  <td>{p.lastUsedAt ? <LocalTime value={p.lastUsedAt} /> : 'Never'}</td>
                  <td>
                    <button type="button" className="secondary" onClick={() => setRemoving(p)} disabled={runner.pending}>
                      Remove<span className="sr-only"> {p.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">No passkeys yet.</p>
      )}
      <ConfirmDialog
        open={removing !== null}
        title={`Remove the passkey “${removing?.name ?? ''}”?`}
        consequence="It will no longer sign you in. The key itself keeps a copy until you delete it on the device."
        confirmLabel="Remove passkey"
        tone="danger"
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          const id = removing!.id;
          setRemoving(null);
          runner.run(() => removePasskeyAction({ passkeyId: id }));
        }}
      />
      <form onSubmit={onSubmit} noValidate aria-label="Add a passkey" className="evidence-form">
        <FormAlert error={formError} />
        <Field id="passkey-name" label="Name for the new passkey" hint="So you can tell your keys apart, such as “Work laptop” or “YubiKey”." error={errors.name?.message}>
          <input id="passkey-name" type="text" maxLength={PASSKEY_NAME_MAX} aria-invalid={!!errors.name} aria-describedby={describedBy('passkey-name', { hint: true, error: errors.name })} {...form.register('name')} />
        </Field>
        <button type="submit" disabled={pending}>
          {pending ? 'Waiting for your passkey…' : 'Add a passkey'}
        </button>
      </form>
    </section>
  );
}

function RecoverySection({ left, hasFactor, onCodes }: { left: number; hasFactor: boolean; onCodes: (c: string[] | null) => void }) {
  const runner = useActionRunner();
  const [confirm, setConfirm] = useState(false);
  return (
    <section className="card" aria-labelledby="recovery-heading">
      <h2 id="recovery-heading">Recovery codes</h2>
      {hasFactor ? (
        <>
          <p>
            {left} of 10 recovery codes left. Each gets you past the second step once if you lose your app or passkey.
            {left <= 3 && ' Make new ones soon.'}
          </p>
          <FormAlert error={runner.error} />
          <button type="button" className="secondary" onClick={() => setConfirm(true)} disabled={runner.pending}>
            Make new recovery codes
          </button>
          <ConfirmDialog
            open={confirm}
            title="Make new recovery codes?"
            consequence="Your current recovery codes stop working at once; the new ones are shown only once."
            confirmLabel="Make new codes"
            onCancel={() => setConfirm(false)}
            onConfirm={() => {
              setConfirm(false);
              runner.run(regenerateRecoveryCodesAction, (data) => onCodes(data.recoveryCodes));
            }}
          />
        </>
      ) : (
        <p className="muted">You get recovery codes when you set up your first second step.</p>
      )}
    </section>
  );
}
