'use client';

import { useState } from 'react';
import { OneTimeLink } from '@/app/_components/one-time-link';
import { useActionRunner } from '@/app/_components/use-action-runner';
import { issueResetLinkAction, setUserAdminAction, setUserDisabledAction } from './actions';

type Props = { userId: string; name: string; disabled: boolean; isAdmin: boolean; isSelf: boolean };

export function UserRowActions({ userId, name, disabled, isAdmin, isSelf }: Props) {
  const { pending, error, run } = useActionRunner();
  const [link, setLink] = useState<string | null>(null);

  return (
    <div>
      <div className="row-actions">
        {!isSelf && (
          <button type="button" className={disabled ? 'secondary' : 'danger'} disabled={pending} onClick={() => run(() => setUserDisabledAction({ userId, disabled: !disabled }))}>
            {disabled ? `Enable ${name}` : `Disable ${name}`}
          </button>
        )}
        {!disabled && (
          <button type="button" className="secondary" disabled={pending} onClick={() => run(() => issueResetLinkAction({ userId }), (d) => setLink(d.link))}>
            New password link for {name}
          </button>
        )}
        {!isSelf && (
          <button type="button" className="secondary" disabled={pending} onClick={() => run(() => setUserAdminAction({ userId, isAdmin: !isAdmin }))}>
            {isAdmin ? `Remove admin role from ${name}` : `Make ${name} an admin`}
          </button>
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
