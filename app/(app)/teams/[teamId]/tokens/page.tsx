import type { Metadata } from 'next';
import Link from 'next/link';
import { requireUser } from '@/app/_server/current-user';
import { orNotFound } from '@/app/_server/page-helpers';
import { getTeamTokensPage } from '@/db/queries/api-tokens';
import { TokenForm } from '@/app/(app)/account/tokens/token-form';
import { TokenTable } from '@/app/(app)/account/tokens/token-table';
import { createTeamTokenAction, revokeTeamTokenAction } from './actions';

export const metadata: Metadata = { title: 'Team API tokens' };

export default async function TeamTokensPage({ params }: { params: Promise<{ teamId: string }> }) {
  const actor = await requireUser();
  const { teamId } = await params;
  const { team, mayManage, whyNot, tokens } = orNotFound(() => getTeamTokensPage(actor, teamId));
  return (
    <>
      <p>
        <Link href={`/teams/${team.id}`}>← {team.name}</Link>
      </p>
      <h1>API tokens of {team.name}</h1>
      <p>
        A team token is for the team’s CI, e.g. the release gate. It acts as the person who made it, but only on this team’s assessments, and stops working if they leave
        the team. Members, reviewers and admins make and revoke them.
      </p>
      {!mayManage ? (
        <p className="alert info">{whyNot}</p>
      ) : (
        <>
          <section className="card" aria-labelledby="make-team-token-heading">
            <h2 id="make-team-token-heading">Make a team token</h2>
            <TokenForm action={createTeamTokenAction} teamId={team.id} label="Make a team token" defaultScopes={['gate']} />
          </section>
          <section aria-labelledby="team-tokens-heading">
            <h2 id="team-tokens-heading">Team tokens ({tokens.length})</h2>
            <TokenTable tokens={tokens} revoke={revokeTeamTokenAction} teamId={team.id} showMaker caption={`API tokens of ${team.name}`} />
          </section>
        </>
      )}
    </>
  );
}
