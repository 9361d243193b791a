import net from 'node:net';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { currentCatalog } from '@/lib/catalog/load';
import type { WebhookDeliveryState, WebhookEvent } from '@/lib/domain/enums';
import { env } from '@/lib/env';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { assertAddressAllowed, parseAllowHosts } from '@/lib/probe/egress';
import type { CreateWebhookInput, WebhookRef } from '@/lib/validation/webhook';
import { WEBHOOKS_PER_SCOPE_MAX } from '@/lib/validation/webhook';
import { keyRing } from '@/lib/vault/ring';
import { sealValue } from '@/lib/vault/sealed-value';
import { assessmentLink, itemLink } from '@/lib/webhooks/payloads';
import { generateWebhookSecret } from '@/lib/webhooks/signature';
import { getDb } from '../index';
import { assessments, teams, users, webhookDeliveries, webhooks, type Assessment } from '../schema';
import { enqueueWebhookEvent, parseEvents, webhookSecretPurpose } from '../webhook-delivery';
import { requireAdmin, requireTeam } from './access';
import { appendAudit } from './audit';
import type { Executor } from './executor';

// Webhooks of a team (managed by its members and admins) and of the instance (admins), with their delivery log,
// and the announcements the other query modules make inside their own transactions.

export { enqueueWebhookEvent };

export type WebhookView = { id: string; url: string; events: WebhookEvent[]; createdAt: Date; createdByName: string | null; disabledAt: Date | null };
export type WebhookDeliveryView = {
  id: string;
  webhookId: string;
  webhookUrl: string;
  event: string;
  state: WebhookDeliveryState;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
};

const DELIVERY_LOG_ROWS = 50;

/** The scope a URL names: a team the actor manages webhooks for, or the instance (admins only). */
function requireScope(tx: Executor, actor: Actor, teamId: string | null): void {
  if (teamId === null) requireAdmin(actor);
  else requireTeam(tx, actor, teamId, 'webhook.manage');
}

const scopeIs = (teamId: string | null) => (teamId === null ? isNull(webhooks.teamId) : eq(webhooks.teamId, teamId));

/** Whether PROBE_ALLOW_HOSTS names this host (or, for an address, covers it): only such hosts may use plain http. */
export function hostOpenedBy(host: string, allowHosts: string[]): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  for (const entry of allowHosts) {
    const slash = entry.indexOf('/');
    if (slash >= 0) {
      if (!net.isIP(h)) continue;
      const ip = entry.slice(0, slash);
      const list = new net.BlockList();
      list.addSubnet(ip, Number(entry.slice(slash + 1)), net.isIPv4(ip) ? 'ipv4' : 'ipv6');
      if (list.check(h, net.isIPv4(h) ? 'ipv4' : 'ipv6')) return true;
    } else if (entry === h) return true;
  }
  return false;
}

/**
 * What the server adds to the form's URL check: https, or http to a host PROBE_ALLOW_HOSTS opens (a receiver on
 * the private network, or in tests); an address spelled out in a refused range is refused now rather than at the
 * first delivery. Names are resolved only when sending: what they resolve to may change.
 */
export function webhookDestinationProblem(value: string, allowHosts: string[] = parseAllowHosts(env().PROBE_ALLOW_HOSTS)): string | null {
  const url = new URL(value);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (url.protocol === 'http:' && !hostOpenedBy(host, allowHosts)) return 'Use an https:// address. Plain http is allowed only for hosts the instance’s PROBE_ALLOW_HOSTS opens.';
  if (net.isIP(host)) {
    try {
      assertAddressAllowed(host, host, { allowPrivate: false, allowHosts });
    } catch {
      return 'This address is on a private or reserved network, which webhooks may not reach unless the instance’s PROBE_ALLOW_HOSTS opens it.';
    }
  }
  return null;
}

function originOf(url: string): string {
  try {
    // The path can be a receiver's own secret (chat incoming-webhook URLs are): the audit log keeps the origin.
    return new URL(url).origin;
  } catch {
    return '';
  }
}

/** Adds a webhook and returns its signing secret, which is shown this once and stored only sealed. */
export function createWebhook(actor: Actor, input: { teamId: string | null; url: string; events: CreateWebhookInput['events'] }): { id: string; secret: string } {
  return getDb().transaction(
    (tx) => {
      requireScope(tx, actor, input.teamId);
      const problem = webhookDestinationProblem(input.url);
      if (problem) throw new ValidationError('Please correct the highlighted fields.', { url: problem });
      const count = tx.select({ n: sql<number>`count(*)` }).from(webhooks).where(scopeIs(input.teamId)).get()!.n;
      if (count >= WEBHOOKS_PER_SCOPE_MAX) throw new ValidationError(`At most ${WEBHOOKS_PER_SCOPE_MAX} webhooks can be set up here. Delete one you no longer use first.`);
      const id = crypto.randomUUID();
      const secret = generateWebhookSecret();
      const sealed = sealValue(keyRing(), webhookSecretPurpose(id), secret);
      const events = [...new Set(input.events)];
      tx.insert(webhooks).values({ id, teamId: input.teamId, url: input.url, events: JSON.stringify(events), secretSealed: sealed.sealed, secretKeyId: sealed.keyId, createdById: actor.id }).run();
      appendAudit(tx, { action: 'webhook.created', actor, target: { type: 'webhook', id }, details: { teamId: input.teamId, origin: originOf(input.url), events } });
      return { id, secret };
    },
    { behavior: 'immediate' },
  );
}

function listWebhooksIn(tx: Executor, teamId: string | null): { webhooks: WebhookView[]; deliveries: WebhookDeliveryView[] } {
  const hooks = tx
    .select({ hook: webhooks, createdByName: users.name })
    .from(webhooks)
    .leftJoin(users, eq(users.id, webhooks.createdById))
    .where(scopeIs(teamId))
    .orderBy(desc(webhooks.createdAt))
    .all()
    .map(({ hook, createdByName }) => ({ id: hook.id, url: hook.url, events: parseEvents(hook.events), createdAt: hook.createdAt, createdByName, disabledAt: hook.disabledAt }));
  const ids = hooks.map((h) => h.id);
  const deliveries = ids.length
    ? tx
        .select({ d: webhookDeliveries, url: webhooks.url })
        .from(webhookDeliveries)
        .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
        .where(inArray(webhookDeliveries.webhookId, ids))
        .orderBy(desc(webhookDeliveries.createdAt))
        .limit(DELIVERY_LOG_ROWS)
        .all()
        .map(({ d, url }) => ({
          id: d.id,
          webhookId: d.webhookId,
          webhookUrl: url,
          event: d.event,
          state: d.state,
          attempts: d.attempts,
          lastStatus: d.lastStatus,
          lastError: d.lastError,
          createdAt: d.createdAt,
          nextAttemptAt: d.state === 'pending' ? d.nextAttemptAt : null,
          deliveredAt: d.deliveredAt,
        }))
    : [];
  return { webhooks: hooks, deliveries };
}

/** The team's webhooks page. Reviewers and auditors get the model's refusal (ForbiddenError) with its reason. */
export function getTeamWebhooks(actor: Actor, teamId: string) {
  const db = getDb();
  return db.transaction((tx) => {
    const team = tx.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.id, teamId)).get();
    requireTeam(tx, actor, teamId, 'team.read');
    if (!team) throw new NotFoundError();
    requireScope(tx, actor, teamId);
    return { team, ...listWebhooksIn(tx, teamId) };
  });
}

/** Instance-wide webhooks (they hear every team's events): admins only. */
export function getInstanceWebhooks(actor: Actor) {
  requireAdmin(actor);
  return getDb().transaction((tx) => listWebhooksIn(tx, null));
}

function requireWebhook(tx: Executor, actor: Actor, ref: WebhookRef) {
  requireScope(tx, actor, ref.teamId);
  const hook = tx.select().from(webhooks).where(and(eq(webhooks.id, ref.webhookId), scopeIs(ref.teamId))).get();
  if (!hook) throw new NotFoundError();
  return hook;
}

/** Stops deliveries: nothing new is queued, and what was waiting is marked failed rather than sent later. */
export function disableWebhook(actor: Actor, ref: WebhookRef): void {
  getDb().transaction(
    (tx) => {
      const hook = requireWebhook(tx, actor, ref);
      if (hook.disabledAt) return;
      const now = new Date();
      tx.update(webhooks).set({ disabledAt: now }).where(eq(webhooks.id, hook.id)).run();
      const dropped = tx
        .update(webhookDeliveries)
        .set({ state: 'failed', lastError: 'The webhook was disabled before this was sent.', nextAttemptAt: null })
        .where(and(eq(webhookDeliveries.webhookId, hook.id), eq(webhookDeliveries.state, 'pending')))
        .run().changes;
      appendAudit(tx, { action: 'webhook.disabled', actor, target: { type: 'webhook', id: hook.id }, details: { teamId: hook.teamId, origin: originOf(hook.url), droppedDeliveries: dropped } });
    },
    { behavior: 'immediate' },
  );
}

/** Deletes the webhook with its delivery log (the audit log keeps that it existed and who removed it). */
export function deleteWebhook(actor: Actor, ref: WebhookRef): void {
  getDb().transaction(
    (tx) => {
      const hook = requireWebhook(tx, actor, ref);
      const deliveries = tx.select({ n: sql<number>`count(*)` }).from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, hook.id)).get()!.n;
      tx.delete(webhooks).where(eq(webhooks.id, hook.id)).run();
      appendAudit(tx, { action: 'webhook.deleted', actor, target: { type: 'webhook', id: hook.id }, details: { teamId: hook.teamId, origin: originOf(hook.url), deliveries } });
    },
    { behavior: 'immediate' },
  );
}

// ---- announcements, each inside the caller's transaction ----

function teamRef(tx: Executor, teamId: string) {
  const t = tx.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.id, teamId)).get();
  return t ?? { id: teamId, name: '' };
}

type Who = Pick<Actor, 'id' | 'name'>;
type AssessmentRow = Pick<Assessment, 'id' | 'teamId' | 'appName'>;

export function announceItemSignedOff(tx: Executor, e: { assessment: AssessmentRow; catalogItemId: string; actor: Who; at: Date }): void {
  const { assessment: a } = e;
  enqueueWebhookEvent(tx, {
    event: 'item.signed-off',
    teamId: a.teamId,
    payload: {
      team: teamRef(tx, a.teamId),
      assessment: { id: a.id, appName: a.appName },
      item: { id: e.catalogItemId, title: currentCatalog().itemsById.get(e.catalogItemId)?.title ?? e.catalogItemId },
      signedOffBy: { id: e.actor.id, name: e.actor.name },
      signedOffAt: e.at.toISOString(),
      link: itemLink(env().PUBLIC_URL, a.teamId, a.id, e.catalogItemId),
    },
  });
}

export function announceLaunchApproved(tx: Executor, e: { assessment: AssessmentRow; actor: Who; at: Date }): void {
  const { assessment: a } = e;
  enqueueWebhookEvent(tx, {
    event: 'launch.approved',
    teamId: a.teamId,
    payload: { team: teamRef(tx, a.teamId), assessment: { id: a.id, appName: a.appName }, approvedBy: { id: e.actor.id, name: e.actor.name }, approvedAt: e.at.toISOString(), link: assessmentLink(env().PUBLIC_URL, a.teamId, a.id) },
  });
}

export function announceAssessmentReopened(tx: Executor, e: { assessment: AssessmentRow; actor: Who; at: Date }): void {
  const { assessment: a } = e;
  enqueueWebhookEvent(tx, {
    event: 'assessment.reopened',
    teamId: a.teamId,
    payload: { team: teamRef(tx, a.teamId), assessment: { id: a.id, appName: a.appName }, reopenedBy: { id: e.actor.id, name: e.actor.name }, reopenedAt: e.at.toISOString(), link: assessmentLink(env().PUBLIC_URL, a.teamId, a.id) },
  });
}

/** A finished run with at least one failing check; runs that pass (or only warn) are not announced. */
export function announceProbeFailed(tx: Executor, e: { assessmentId: string; runId: string; passed: number; failed: number; finishedAt: Date }): void {
  if (e.failed < 1) return;
  const a = tx.select({ id: assessments.id, teamId: assessments.teamId, appName: assessments.appName }).from(assessments).where(eq(assessments.id, e.assessmentId)).get();
  if (!a) return;
  enqueueWebhookEvent(tx, {
    event: 'probe.failed',
    teamId: a.teamId,
    payload: {
      team: teamRef(tx, a.teamId),
      assessment: { id: a.id, appName: a.appName },
      run: { id: e.runId, finishedAt: e.finishedAt.toISOString(), passed: e.passed, failed: e.failed },
      link: assessmentLink(env().PUBLIC_URL, a.teamId, a.id, '/probe'),
    },
  });
}

// ---- key rotation ----

/** Internal to db/key-rotation.ts: webhook secrets sealed under another key than the active one. */
export function listWebhookSecretsNotUnderKey(activeKeyId: string): { webhookId: string; keyId: string; sealed: string }[] {
  return getDb()
    .select({ webhookId: webhooks.id, keyId: webhooks.secretKeyId, sealed: webhooks.secretSealed })
    .from(webhooks)
    .where(sql`${webhooks.secretKeyId} <> ${activeKeyId}`)
    .all();
}

/** Swaps in the re-sealed secret if the row is still under the key it was read with. */
export function setWebhookSecretKey(webhookId: string, fromKeyId: string, sealed: { keyId: string; sealed: string }): boolean {
  return getDb().update(webhooks).set({ secretSealed: sealed.sealed, secretKeyId: sealed.keyId }).where(and(eq(webhooks.id, webhookId), eq(webhooks.secretKeyId, fromKeyId))).run().changes === 1;
}
