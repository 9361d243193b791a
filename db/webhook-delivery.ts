// The webhook outbox and its delivery worker. Events are rows written in the transaction of the change they
// announce (so an event exists exactly when its change committed); the worker posts them afterwards, signed, and
// retries with backoff. Every destination goes through the probe's egress gate (lib/probe/http-client.ts): one
// declared host, resolved once, private ranges refused unless PROBE_ALLOW_HOSTS opens them, no redirects.
//
// This module runs in the plain server process (server.ts, started without the react-server condition), where
// db/index.ts's "server-only" guard throws, so it reaches the database through db/connection.ts and imports no
// query module.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { and, asc, eq, gte, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { currentCatalog } from '@/lib/catalog/load';
import type { WebhookEvent } from '@/lib/domain/enums';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { hostOf, parseAllowHosts, parseProbeUrl, type LookupFn } from '@/lib/probe/egress';
import { createProbeClient } from '@/lib/probe/http-client';
import { EgressRefusedError, type EgressPolicy } from '@/lib/probe/types';
import { keyRing } from '@/lib/vault/ring';
import { openValue } from '@/lib/vault/sealed-value';
import { itemLink, webhookBody, type WebhookEventInput, type WebhookPayloads } from '@/lib/webhooks/payloads';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from '@/lib/webhooks/signature';
import { getDb } from './connection';
import type { Executor } from './queries/executor';
import { assessmentItems, assessments, evidence, teams, webhookDeliveries, webhooks } from './schema';

/** Waits after the 1st, 2nd, … failed attempt; after the last one the delivery is given up as failed. */
export const RETRY_DELAYS_MS = [30_000, 2 * 60_000, 10 * 60_000, 60 * 60_000, 6 * 60 * 60_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
export const DELIVERY_TIMEOUT_MS = 10_000;
/**
 * A claimed row's next attempt moves this far ahead before it is sent. Another instance's claim then finds it not
 * due and gets no row; a server that dies mid-send leaves it due again after the lease (at least once, never lost).
 */
export const CLAIM_LEASE_MS = 60_000;
export const EXPIRING_WITHIN_DAYS = 7;
const BATCH = 5;
const ERROR_TEXT_MAX = 300;

export function webhookSecretPurpose(webhookId: string): string {
  return `webhook-secret:${webhookId}`;
}

export function parseEvents(stored: string): WebhookEvent[] {
  try {
    const v: unknown = JSON.parse(stored);
    return Array.isArray(v) ? (v.filter((e) => typeof e === 'string') as WebhookEvent[]) : [];
  } catch {
    return [];
  }
}

/** Enabled webhooks that hear this event for this team: the team's own and the instance-wide ones. */
function listeners(tx: Executor, event: WebhookEvent, teamId: string): { id: string; teamId: string | null }[] {
  return tx
    .select({ id: webhooks.id, teamId: webhooks.teamId, events: webhooks.events })
    .from(webhooks)
    .where(and(isNull(webhooks.disabledAt), or(eq(webhooks.teamId, teamId), isNull(webhooks.teamId))))
    .all()
    .filter((h) => parseEvents(h.events).includes(event));
}

function insertDelivery(tx: Executor, webhookId: string, event: WebhookEvent, payload: unknown, now: Date): string {
  const id = randomUUID();
  tx.insert(webhookDeliveries).values({ id, webhookId, event, payload: JSON.stringify(payload), state: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now }).run();
  return id;
}

/**
 * One pending delivery per enabled matching webhook, written with the caller's transaction: rolled back with it,
 * committed with it. Returns the delivery ids.
 */
export function enqueueWebhookEvent(tx: Executor, input: WebhookEventInput, now: Date = new Date()): string[] {
  return listeners(tx, input.event, input.teamId).map((h) => insertDelivery(tx, h.id, input.event, input.payload, now));
}

// ---- evidence.expiring ----

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * Announces current evidence whose validUntil falls within the next EXPIRING_WITHIN_DAYS days. The memory is the
 * delivery log itself: a webhook that already has a delivery for this evidence row and this validUntil is not told
 * again, so each piece is announced once per webhook (a new revision, or a new date, is a new announcement; a
 * webhook added later hears about what is expiring then). Check and insert share one immediate transaction, so two
 * instances sweeping at once still announce each piece once. Returns the number of deliveries written.
 */
export function sweepExpiringEvidence(now: Date = new Date()): number {
  const today = isoDay(now);
  const horizon = isoDay(new Date(now.getTime() + EXPIRING_WITHIN_DAYS * 86_400_000));
  const publicUrl = env().PUBLIC_URL;
  return getDb().transaction(
    (tx) => {
      const hooks = tx
        .select({ id: webhooks.id, teamId: webhooks.teamId, events: webhooks.events })
        .from(webhooks)
        .where(isNull(webhooks.disabledAt))
        .all()
        .filter((h) => parseEvents(h.events).includes('evidence.expiring'));
      if (!hooks.length) return 0;
      const rows = tx
        .select({
          evidenceId: evidence.id,
          name: evidence.name,
          validUntil: evidence.validUntil,
          catalogItemId: assessmentItems.catalogItemId,
          assessmentId: assessments.id,
          appName: assessments.appName,
          teamId: teams.id,
          teamName: teams.name,
        })
        .from(evidence)
        .innerJoin(assessmentItems, eq(assessmentItems.id, evidence.assessmentItemId))
        .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
        .innerJoin(teams, eq(teams.id, assessments.teamId))
        .where(
          and(
            isNull(evidence.deletedAt),
            isNull(evidence.replacedAt),
            isNull(evidence.supersededAt),
            gte(evidence.validUntil, today),
            lte(evidence.validUntil, horizon),
            eq(assessmentItems.excludedByProfile, false),
            isNull(assessmentItems.removedFromCatalogAt),
            ne(assessments.state, 'archived'),
          ),
        )
        .all();
      const catalog = currentCatalog();
      let written = 0;
      for (const r of rows) {
        const validUntil = r.validUntil!;
        for (const hook of hooks) {
          if (hook.teamId !== null && hook.teamId !== r.teamId) continue;
          const told = tx
            .select({ id: webhookDeliveries.id })
            .from(webhookDeliveries)
            .where(
              and(
                eq(webhookDeliveries.webhookId, hook.id),
                eq(webhookDeliveries.event, 'evidence.expiring'),
                sql`json_extract(${webhookDeliveries.payload}, '$.evidence.id') = ${r.evidenceId}`,
                sql`json_extract(${webhookDeliveries.payload}, '$.evidence.validUntil') = ${validUntil}`,
              ),
            )
            .get();
          if (told) continue;
          const payload: WebhookPayloads['evidence.expiring'] = {
            team: { id: r.teamId, name: r.teamName },
            assessment: { id: r.assessmentId, appName: r.appName },
            item: { id: r.catalogItemId, title: catalog.itemsById.get(r.catalogItemId)?.title ?? r.catalogItemId },
            evidence: { id: r.evidenceId, name: r.name, validUntil },
            daysLeft: Math.round((Date.parse(`${validUntil}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000),
            link: itemLink(publicUrl, r.teamId, r.assessmentId, r.catalogItemId),
          };
          insertDelivery(tx, hook.id, 'evidence.expiring', payload, now);
          written += 1;
        }
      }
      return written;
    },
    { behavior: 'immediate' },
  );
}

// ---- delivery ----

export type DeliverOptions = {
  /** Defaults to the probe's: PROBE_ALLOW_HOSTS opens private hosts, nothing else does. */
  policy?: EgressPolicy;
  limit?: number;
  timeoutMs?: number;
  lookup?: LookupFn;
  /** Extra trusted roots; defaults to PROBE_CA_FILE like the probe. */
  ca?: string[];
};

export type DeliveryOutcome = { id: string; state: 'delivered' | 'pending' | 'failed' | 'refused'; status: number | null; error: string | null };

function instancePolicy(): { policy: EgressPolicy; ca: string[] } {
  const e = env();
  return { policy: { allowPrivate: false, allowHosts: parseAllowHosts(e.PROBE_ALLOW_HOSTS) }, ca: e.PROBE_CA_FILE ? [readFileSync(e.PROBE_CA_FILE, 'utf8')] : [] };
}

function clip(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean.length > ERROR_TEXT_MAX ? `${clean.slice(0, ERROR_TEXT_MAX)}…` : clean;
}

type Attempt = { kind: 'delivered'; status: number } | { kind: 'retry'; status: number | null; error: string } | { kind: 'refused' | 'failed'; error: string };

async function attempt(delivery: typeof webhookDeliveries.$inferSelect, hook: typeof webhooks.$inferSelect, now: Date, opts: DeliverOptions, settings: { policy: EgressPolicy; ca: string[] }): Promise<Attempt> {
  if (hook.disabledAt) return { kind: 'failed', error: 'The webhook was disabled before this was sent.' };
  let url: URL;
  try {
    url = parseProbeUrl(hook.url, 'webhook URL');
  } catch (e) {
    return { kind: 'refused', error: (e as Error).message };
  }
  let secret: string;
  try {
    secret = openValue(keyRing(), webhookSecretPurpose(hook.id), { keyId: hook.secretKeyId, sealed: hook.secretSealed });
  } catch (e) {
    return { kind: 'failed', error: `The signing secret could not be opened: ${(e as Error).message}` };
  }
  const body = webhookBody(delivery);
  const timeout = opts.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const client = createProbeClient({
    policy: settings.policy,
    limits: { maxRequests: 1, maxBodyBytes: 4096, requestTimeoutMs: timeout, totalTimeMs: timeout, concurrency: 1, maxRedirects: 0 },
    allowedHosts: [hostOf(url)],
    ca: settings.ca,
    lookup: opts.lookup,
    userAgent: 'Preflight-Webhooks/1',
  });
  try {
    const res = await client.request({
      method: 'POST',
      url: url.href,
      followRedirects: false,
      body,
      headers: {
        'Content-Type': 'application/json',
        [EVENT_HEADER]: delivery.event,
        [DELIVERY_HEADER]: delivery.id,
        [SIGNATURE_HEADER]: signatureHeader(secret, body, Math.floor(now.getTime() / 1000)),
      },
    });
    if (res.status >= 200 && res.status < 300) return { kind: 'delivered', status: res.status };
    const said = clip(res.body.toString('utf8'));
    const redirect = res.status >= 300 && res.status < 400 ? ' (redirects are not followed)' : '';
    return { kind: 'retry', status: res.status, error: `HTTP ${res.status}${redirect}${said ? `: ${said}` : ''}` };
  } catch (e) {
    // The egress policy's answer does not change by retrying: refused at once, with the reason.
    if (e instanceof EgressRefusedError) return { kind: 'refused', error: e.message };
    return { kind: 'retry', status: null, error: clip(e instanceof Error ? e.message : String(e)) };
  }
}

/**
 * Sends the deliveries due at `now` (a few per call) and records each outcome. Tests pass `now` to step through
 * the backoff without timers; the worker loop calls it every few seconds.
 */
export async function deliverDueWebhooks(now: Date = new Date(), opts: DeliverOptions = {}): Promise<DeliveryOutcome[]> {
  const db = getDb();
  const due = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.state, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)))
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(opts.limit ?? BATCH)
    .all();
  if (!due.length) return [];
  const settings = opts.policy ? { policy: opts.policy, ca: opts.ca ?? [] } : { ...instancePolicy(), ...(opts.ca ? { ca: opts.ca } : {}) };
  const results = await Promise.all(
    due.map(async ({ id }): Promise<DeliveryOutcome | null> => {
      // The claim: only the instance whose UPDATE changed the row sends it.
      const claimed = db
        .update(webhookDeliveries)
        .set({ nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS) })
        .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.state, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)))
        .run();
      if (claimed.changes !== 1) return null;
      const row = db.select({ delivery: webhookDeliveries, hook: webhooks }).from(webhookDeliveries).innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId)).where(eq(webhookDeliveries.id, id)).get();
      if (!row) return null;
      const outcome = await attempt(row.delivery, row.hook, now, opts, settings);
      const attempts = row.delivery.attempts + 1;
      let result: DeliveryOutcome;
      if (outcome.kind === 'delivered') {
        result = { id, state: 'delivered', status: outcome.status, error: null };
        db.update(webhookDeliveries).set({ state: 'delivered', attempts, lastStatus: outcome.status, lastError: null, nextAttemptAt: null, deliveredAt: now }).where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.state, 'pending'))).run();
      } else if (outcome.kind === 'retry' && attempts < MAX_ATTEMPTS) {
        result = { id, state: 'pending', status: outcome.status, error: outcome.error };
        db.update(webhookDeliveries)
          .set({ attempts, lastStatus: outcome.status, lastError: outcome.error, nextAttemptAt: new Date(now.getTime() + RETRY_DELAYS_MS[attempts - 1]!) })
          .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.state, 'pending')))
          .run();
      } else {
        const state = outcome.kind === 'refused' ? 'refused' : 'failed';
        const status = outcome.kind === 'retry' ? outcome.status : null;
        result = { id, state, status, error: outcome.error };
        db.update(webhookDeliveries).set({ state, attempts, lastStatus: status, lastError: outcome.error, nextAttemptAt: null }).where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.state, 'pending'))).run();
      }
      // Ids and status only: the URL's path can be the receiver's own secret.
      if (result.state === 'pending') log.debug({ delivery: id, webhook: row.hook.id, status: result.status }, 'webhook delivery will be retried');
      else if (result.state !== 'delivered') log.warn({ delivery: id, webhook: row.hook.id, state: result.state, status: result.status }, 'webhook delivery given up');
      return result;
    }),
  );
  return results.filter((r): r is DeliveryOutcome => r !== null);
}

/**
 * The loop server.ts starts: every few seconds, the day's evidence sweep (once per process and day; the sweep
 * itself never repeats an announcement) and the due deliveries. The timer is unref'd, so it never keeps the
 * process alive; a tick still running when the next is due is not overlapped.
 */
export function startWebhookWorker(options: { intervalMs?: number } = {}): () => void {
  let busy = false;
  let sweptOn: string | null = null;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const now = new Date();
      if (sweptOn !== isoDay(now)) {
        sweptOn = isoDay(now);
        sweepExpiringEvidence(now);
      }
      await deliverDueWebhooks(now);
    } catch (e) {
      log.error({ err: e instanceof Error ? e.message : String(e) }, 'webhook worker tick failed');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), options.intervalMs ?? 3_000);
  timer.unref();
  return () => clearInterval(timer);
}
