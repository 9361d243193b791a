import type { Metadata } from 'next';
import { requireAdminPage } from '@/app/_server/current-user';
import { listApiTokens } from '@/db/queries/api-tokens';
import { TokenForm } from '@/app/(app)/account/tokens/token-form';
import { TokenTable } from '@/app/(app)/account/tokens/token-table';
import { createInstanceTokenAction, revokeInstanceTokenAction } from './actions';

export const metadata: Metadata = { title: 'Instance API tokens' };

export default async function InstanceTokensPage() {
  const actor = await requireAdminPage();
  const tokens = listApiTokens(actor, { kind: 'instance' });
  return (
    <>
      <h1>Instance API tokens</h1>
      <p>
        An instance token acts as the admin who made it, across every team: use it for instance-wide tooling only. It stops working if that admin loses the admin role or
        is disabled. Every admin sees and may revoke every instance token.
      </p>
      <section className="card" aria-labelledby="make-instance-token-heading">
        <h2 id="make-instance-token-heading">Make an instance token</h2>
        <TokenForm action={createInstanceTokenAction} label="Make an instance token" defaultScopes={['read']} />
      </section>
      <section aria-labelledby="instance-tokens-heading">
        <h2 id="instance-tokens-heading">Instance tokens ({tokens.length})</h2>
        <TokenTable tokens={tokens} revoke={revokeInstanceTokenAction} showMaker caption="Instance API tokens" />
      </section>
    </>
  );
}
