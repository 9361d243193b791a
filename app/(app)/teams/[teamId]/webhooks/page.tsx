import type { Metadata } from 'next';
import Link from 'next/link';
import { getTeamWebhooks } from '@/db/queries/webhooks';
import { requireUser } from '@/app/_server/current-user';
import { orNotFound } from '@/app/_server/page-helpers';
import { ForbiddenError } from '@/lib/errors';
import { WebhookForm } from './webhook-form';
import { DeliveryLog, WebhookList } from './webhook-tables';

export const metadata: Metadata = { title: 'Webhooks' };

export default async function TeamWebhooksPage({ params }: { params: Promise<{ teamId: string }> }) {
  const actor = await requireUser();
  const { teamId } = await params;
  let page: ReturnType<typeof getTeamWebhooks>;
  try {
    page = orNotFound(() => getTeamWebhooks(actor, teamId));
  } catch (e) {
    // Reviewers and auditors are on the team: they are told why, not shown a not-found.
    if (!(e instanceof ForbiddenError)) throw e;
    return (
      <>
        <h1>Webhooks</h1>
        <p>{e.message}</p>
        <p>
          <Link href={`/teams/${teamId}`}>Back to the team</Link>
        </p>
      </>
    );
  }
  const { team, webhooks, deliveries } = page;
  return (
    <>
      <p>
        <Link href={`/teams/${team.id}`}>← {team.name}</Link>
      </p>
      <h1>Webhooks of {team.name}</h1>
      <p>
        Preflight posts a signed JSON message to each address when one of its events happens in this team. How a receiver checks the signature is described in docs/webhooks.md of the Preflight repository.
      </p>
      <WebhookForm teamId={team.id} />
      <WebhookList teamId={team.id} webhooks={webhooks} />
      <DeliveryLog deliveries={deliveries} />
    </>
  );
}
