import type { Metadata } from 'next';
import Link from 'next/link';
import { ownAccount } from '@/db/queries/account';
import { ownMfa } from '@/db/queries/mfa';
import { listTeams } from '@/db/queries/teams';
import { requireUser } from '@/app/_server/current-user';
import { env } from '@/lib/env';
import { ChangePasswordForm } from './change-password-form';

export const metadata: Metadata = { title: 'Your account' };

export default async function AccountPage() {
  const actor = await requireUser();
  const teams = listTeams(actor, { onlyMine: true });
  const account = ownAccount(actor);
  const mfa = ownMfa(actor);
  return (
    <>
      <h1>Your account</h1>
      <div className="card">
        <dl>
          <dt>Name</dt>
          <dd>{actor.name}</dd>
          <dt>Email</dt>
          <dd>{actor.email}</dd>
          <dt>Instance role</dt>
          <dd>{actor.isAdmin ? 'Admin' : 'User'}</dd>
          <dt>Teams</dt>
          <dd>
            {teams.length === 0
              ? 'None'
              : teams.map((t, i) => (
                  <span key={t.id}>
                    {i > 0 && ', '}
                    <Link href={`/teams/${t.id}`}>{t.name}</Link> ({t.myRole})
                  </span>
                ))}
          </dd>
        </dl>
      </div>
      <section className="card" aria-labelledby="mfa-heading">
        <h2 id="mfa-heading">Sign-in security</h2>
        <p>
          {mfa.hasFactor
            ? `Your second sign-in step: ${[mfa.totpConfirmedAt ? 'authenticator app' : null, mfa.passkeys.length ? `${mfa.passkeys.length} passkey${mfa.passkeys.length === 1 ? '' : 's'}` : null].filter(Boolean).join(' and ')}; ${mfa.recoveryCodesLeft} recovery codes left.`
            : 'You sign in with a password only. Add an authenticator app or a passkey so a stolen password alone cannot open your account.'}{' '}
          <Link href="/account/mfa">Manage sign-in security</Link>
        </p>
      </section>
      <section className="card" aria-labelledby="api-heading">
        <h2 id="api-heading">API access</h2>
        <p>
          Scripts and CI pipelines use Preflight through its API with a token. <Link href="/account/tokens">Manage your API tokens</Link> or read the{' '}
          <Link href="/developers/api">API reference</Link>.
        </p>
      </section>
      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">Change your password</h2>
        {account.hasPassword ? (
          <>
            <ChangePasswordForm email={actor.email} />
            <p className="muted">Forgot your current password? Ask an admin for a one-time link to set a new one.</p>
          </>
        ) : (
          <p>
            You sign in with {account.signsInWithSso ? env().OIDC_NAME : 'single sign-on'}, so there is no Preflight password to change. Your password is managed by
            your organisation’s identity provider.
          </p>
        )}
      </section>
    </>
  );
}
