'use client';

import { useState } from 'react';
import { ConfirmButton } from '@/app/_components/confirm-dialog';
import { OneTimeLink } from '@/app/_components/one-time-link';
import { useActionRunner } from '@/app/_components/use-action-runner';
import { issueResetLinkAction, resetMfaAction, setUserAdminAction, setUserDisabledAction } from './actions';

type Props = { userId: string; name: string; disabled: boolean; isAdmin: boolean; isSelf: boolean; hasFactor: boolean };

export function UserRowActions({ userId, name, disabled, isAdmin, isSelf, hasFactor }: Props) {
  const { pending, error, run } = useActionRunner();
  const [link, setLink] = useState<string | null>(null);

  return (
    <div>
      <div className="row-actions">
        {!isSelf && disabled && (
          <button type="button" className="secondary" disabled={pending} onClick={() => run(() => setUserDisabledAction({ userId, disabled: false }))}>
            Enable {name}
          </button>
        )}
        {!isSelf && !disabled && (
          <ConfirmButton
            className="danger"
            tone="danger"
            disabled={pending}
            title={`Disable ${name}?`}
            consequence={`${name} is signed out everywhere and cannot sign in until an admin enables the account again.`}
            confirmLabel={`Disable ${name}`}
            onConfirm={() => run(() => setUserDisabledAction({ userId, disabled: true }))}
          >
            Disable {name}
          </ConfirmButton>
        )}
        {!disabled && (
          <button type="button" className="secondary" disabled={pending} onClick={() => run(() => issueResetLinkAction({ userId }), (d) => setLink(d.link))}>
            New password link for {name}
          </button>
        )}
        {hasFactor && (
          <ConfirmButton
            className="danger"
            tone="danger"
            disabled={pending}
            title={`Reset ${name}’s second sign-in step?`}
            consequence={`${name}’s authenticator app, passkeys and recovery codes are removed and every session of theirs ends. They sign in with their password alone and set up a new second step (at once, if the policy requires one). Do this only after checking who is asking.`}
            confirmLabel={`Reset ${name}’s MFA`}
            onConfirm={() => run(() => resetMfaAction({ userId }))}
          >
            Reset MFA of {name}
          </ConfirmButton>
        )}
        {!isSelf && isAdmin && (
          <button type="button" className="secondary" disabled={pending} onClick={() => run(() => setUserAdminAction({ userId, isAdmin: false }))}>
            Remove admin role from {name}
          </button>
        )}
        {!isSelf && !isAdmin && (
          <ConfirmButton
            className="secondary"
            disabled={pending}
            title={`Make ${name} an instance admin?`}
            consequence={`${name} gets full access to every team’s evidence and the admin pages: users, teams, the audit log and security alerts.`}
            confirmLabel={`Make ${name} an admin`}
            onConfirm={() => run(() => setUserAdminAction({ userId, isAdmin: true }))}
          >
            Make {name} an admin
          </ConfirmButton>
        )}
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {link && <OneTimeLink label={`New set-password link for ${name}:`} link={link} />}
    </div>
  );
}
