'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { OneTimeLink } from '@/app/_components/one-time-link';
import type { ActionResult } from '@/lib/action-result';
import { issueResetLinkAction, setUserAdminAction, setUserDisabledAction } from './actions';

type Props = { userId: string; name: string; disabled: boolean; isAdmin: boolean; isSelf: boolean };

export function UserRowActions({ userId, name, disabled, isAdmin, isSelf }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState<string | null>(null);

  function run(action: () => Promise<ActionResult<unknown>>, onOk?: (data: unknown) => void) {
    setError(null);
    startTransition(async () => {
      const result = await action();
      if (!result.ok) setError(result.error);
      else {
        onOk?.(result.data);
        router.refresh();
      }
    });
  }

  return (
    <div>
      <div className="row-actions">
        {!isSelf && (
          <button type="button" className={disabled ? 'secondary' : 'danger'} disabled={pending} onClick={() => run(() => setUserDisabledAction({ userId, disabled: !disabled }))}>
            {disabled ? `Enable ${name}` : `Disable ${name}`}
          </button>
        )}
        {!disabled && (
          <button type="button" className="secondary" disabled={pending} onClick={() => run(() => issueResetLinkAction({ userId }), (d) => setLink((d as { link: string }).link))}>
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
