import type { Metadata } from 'next';
import Link from 'next/link';
import { requireUser } from '@/app/_server/current-user';
import { listApiTokens } from '@/db/queries/api-tokens';
import { createPersonalTokenAction, revokePersonalTokenAction } from './actions';
import { TokenForm } from './token-form';
import { TokenTable } from './token-table';

export const metadata: Metadata = { title: 'Your API tokens' };

export default async function AccountTokensPage() {
  const actor = await requireUser();
  const tokens = listApiTokens(actor, { kind: 'personal' });
  return (
    <>
      <p>
        <Link href="/account">← Your account</Link>
      </p>
      <h1>Your API tokens</h1>
      <p>
        A personal token lets a script use Preflight’s API as you: it can do what you can, and no more than its scopes allow. It stops working when it expires, when you
        revoke it, or if your account is disabled. For a team’s CI, make a team token on the team’s page instead, so it does not depend on your other teams.
      </p>
      <section className="card" aria-labelledby="make-token-heading">
        <h2 id="make-token-heading">Make a personal token</h2>
        <TokenForm action={createPersonalTokenAction} label="Make a personal token" defaultScopes={['read']} />
      </section>
      <section aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">Your personal tokens ({tokens.length})</h2>
        <TokenTable tokens={tokens} revoke={revokePersonalTokenAction} caption="Your personal tokens" />
      </section>
    </>
  );
}
