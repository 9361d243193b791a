'use client';

import { ConfirmButton } from '@/app/_components/confirm-dialog';
import { LocalTime } from '@/app/_components/local-time';
import { useActionRunner } from '@/app/_components/use-action-runner';
import type { ApiTokenView } from '@/db/queries/api-tokens';
import { tokenRefusalLabels } from '@/lib/validation/api-token';

type RevokeResult = { ok: true; data: null } | { ok: false; error: string };

/** A place's tokens with their state, and a revoke button (asking first) for each one that still works. */
export function TokenTable({ tokens, revoke, teamId, showMaker, caption }: { tokens: ApiTokenView[]; revoke: (input: unknown) => Promise<RevokeResult>; teamId?: string; showMaker?: boolean; caption: string }) {
  if (tokens.length === 0) return <p className="muted">No tokens yet.</p>;
  return (
    <div className="table-scroll">
      <table>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Token</th>
            <th scope="col">Scopes</th>
            {showMaker && <th scope="col">Made by</th>}
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">State</th>
            <th scope="col">Revoke</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <TokenRow key={t.id} token={t} revoke={revoke} teamId={teamId} showMaker={showMaker} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TokenRow({ token: t, revoke, teamId, showMaker }: { token: ApiTokenView; revoke: (input: unknown) => Promise<RevokeResult>; teamId?: string; showMaker?: boolean }) {
  const { pending, error, run } = useActionRunner();
  return (
    <tr>
      <td>{t.name}</td>
      <td>
        <code>pft_{t.displayPrefix}…</code>
      </td>
      <td>{t.scopes.join(', ')}</td>
      {showMaker && <td>{t.createdByName}</td>}
      <td>
        <LocalTime value={t.createdAt} />
      </td>
      <td>
        <LocalTime value={t.expiresAt} />
      </td>
      <td>
        {t.lastUsedAt ? (
          <>
            <LocalTime value={t.lastUsedAt} />
            {t.lastUsedIp && <> from {t.lastUsedIp}</>}
          </>
        ) : (
          'Never'
        )}
      </td>
      <td>{t.refusal ? <span className="badge">{tokenRefusalLabels[t.refusal]}</span> : 'Active'}</td>
      <td>
        {t.revokedAt ? (
          <>
            Revoked <LocalTime value={t.revokedAt} />
          </>
        ) : (
          <ConfirmButton
            className="danger"
            disabled={pending}
            title={`Revoke the token “${t.name}”?`}
            consequence={`Anything using pft_${t.displayPrefix}… is refused from its next request on. This cannot be undone: to carry on, make a new token and put it where this one was.`}
            confirmLabel="Revoke token"
            tone="danger"
            onConfirm={() => run(() => revoke({ tokenId: t.id, ...(teamId ? { teamId } : {}) }))}
          >
            Revoke {t.name}
          </ConfirmButton>
        )}
        {error && (
          <span className="field-error" role="alert">
            {error}
          </span>
        )}
      </td>
    </tr>
  );
}
