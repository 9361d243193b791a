import type { Metadata } from 'next';
import { getInstanceWebhooks } from '@/db/queries/webhooks';
import { requireUser } from '@/app/_server/current-user';
import { orNotFound } from '@/app/_server/page-helpers';
import { WebhookForm } from '../../teams/[teamId]/webhooks/webhook-form';
import { DeliveryLog, WebhookList } from '../../teams/[teamId]/webhooks/webhook-tables';

export const metadata: Metadata = { title: 'Instance webhooks' };

/** Webhooks that hear every team's events, for the instance's own tooling. Admins only (others get a not-found). */
export default async function AdminWebhooksPage() {
  const actor = await requireUser();
  const { webhooks, deliveries } = orNotFound(() => getInstanceWebhooks(actor));
  return (
    <>
      <h1>Instance webhooks</h1>
      <p>These webhooks hear the events of every team. A team’s own webhooks are on the team’s Webhooks page. How a receiver checks the signature is described in docs/webhooks.md of the Preflight repository.</p>
      <WebhookForm teamId={null} />
      <WebhookList teamId={null} webhooks={webhooks} />
      <DeliveryLog deliveries={deliveries} />
    </>
  );
}
