// The delivery worker against a real HTTP receiver on 127.0.0.1: signatures, retries driven through `now`, the
// egress refusal, and the outbox written inside the change's own transaction.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { currentCatalog } from '@/lib/catalog/load';
import { ItemUpdateSchema, type ItemUpdateInput } from '@/lib/checklist/item-schema';
import { withMetReason } from '@/lib/testing/met-reason';
import { verifySignature } from '@/lib/webhooks/signature';
import { seedTeams } from '@/db/testing/team-fixture';
import { useTempDatabase } from '@/db/testing/temp-db';
import type { DB } from './connection';
import { assessmentItems, itemReviews, webhookDeliveries, webhooks } from './schema';
import { createAssessment } from './queries/assessments';
import { recordEvidence } from './queries/evidence';
import { saveItem } from './queries/items';
import { digestOfItem } from './queries/reviews';
import { signOffItem } from './queries/sign-off';
import { createWebhook, disableWebhook } from './queries/webhooks';
import { CLAIM_LEASE_MS, deliverDueWebhooks, enqueueWebhookEvent, MAX_ATTEMPTS, RETRY_DELAYS_MS, sweepExpiringEvidence } from './webhook-delivery';

// Read once by lib/env.ts: the receiver runs on loopback, which only an explicit entry opens (as in the e2e server).
process.env.PROBE_ALLOW_HOSTS = '127.0.0.1';
const OPEN = { allowPrivate: false, allowHosts: ['127.0.0.1'] };
const CLOSED = { allowPrivate: false, allowHosts: [] };
const ITEM = 'authn-every-request';

type Received = { headers: Record<string, string | string[] | undefined>; body: string; path: string };
let receiver: Server;
let base: string;
let received: Received[] = [];
let answers: number[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), path: req.url ?? '' });
      const status = answers.shift() ?? 200;
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end(status === 200 ? 'ok' : 'receiver is down\n');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

let db: DB;
let admin: Actor;
let ann: Actor;
let rita: Actor;
let rex: Actor;
let teamId: string;
let otherTeamId: string;
let assessmentId: string;

beforeEach(() => {
  received = [];
  answers = [];
  db = useTempDatabase();
  const cast = seedTeams({ Ann: { team: 'Payments', role: 'member' }, Rita: { team: 'Payments', role: 'reviewer' }, Rex: { team: 'Search', role: 'member' } });
  ({ Ann: ann, Rita: rita, Rex: rex } = cast.people);
  admin = cast.admin;
  teamId = cast.teamId;
  otherTeamId = cast.otherTeamId;
  const profile = Object.fromEntries(currentCatalog().profileQuestions.map((q) => [q.id, false]));
  assessmentId = createAssessment(ann, teamId, { appName: 'Poker', appKind: 'forge', baseUrl: 'https://poker.example.com', targetLaunchDate: '2027-03-31', profile }).id;
});

const row = (catalogItemId = ITEM) => db.select().from(assessmentItems).where(and(eq(assessmentItems.assessmentId, assessmentId), eq(assessmentItems.catalogItemId, catalogItemId))).get()!;

function markMet(catalogItemId = ITEM) {
  const r = row(catalogItemId);
  const values: Partial<ItemUpdateInput> = { status: 'met' };
  const result = saveItem(
    ann,
    ItemUpdateSchema.parse({ assessmentId, catalogItemId, version: r.version, status: r.status, justification: r.justification, gapResponse: r.gapResponse ?? '', gapText: r.gapText, gapDueDate: r.gapDueDate ?? '', ownerId: r.ownerId ?? '', dueDate: r.dueDate ?? '', notes: r.notes, criteriaMet: JSON.parse(r.criteriaMet), ...withMetReason(values, r.justification) }),
  );
  if (!result.saved) throw new Error('conflict');
}

const signOff = (catalogItemId = ITEM) => signOffItem(rita, { assessmentId, catalogItemId, digest: digestOfItem(db, row(catalogItemId)), comment: '' });
const deliveries = () => db.select().from(webhookDeliveries).all();
const hook = (events: ('item.signed-off' | 'launch.approved' | 'evidence.expiring')[] = ['item.signed-off'], actor: Actor = ann, scope: string | null = teamId) => createWebhook(actor, { teamId: scope, url: `${base}/hooks/preflight`, events });

describe('webhook delivery', () => {
  it('posts a signed JSON body that the documented check verifies', async () => {
    const { id, secret } = hook();
    markMet();
    signOff();
    const now = new Date();
    const out = await deliverDueWebhooks(now, { policy: OPEN });
    expect(out).toEqual([expect.objectContaining({ state: 'delivered', status: 200 })]);
    expect(received).toHaveLength(1);
    const got = received[0]!;
    expect(got.path).toBe('/hooks/preflight');
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['preflight-event']).toBe('item.signed-off');
    expect(got.headers['preflight-delivery']).toBe(out[0]!.id);
    expect(verifySignature(secret, got.headers['preflight-signature'] as string, got.body)).toBe(true);
    expect(verifySignature(secret, got.headers['preflight-signature'] as string, `${got.body} `)).toBe(false);
    const body = JSON.parse(got.body) as { id: string; event: string; data: Record<string, unknown> };
    expect(body).toMatchObject({ id: out[0]!.id, event: 'item.signed-off', data: { team: { id: teamId, name: 'Payments' }, assessment: { id: assessmentId, appName: 'Poker' }, item: { id: ITEM }, signedOffBy: { id: rita.id, name: 'Rita' } } });
    expect(body.data.link).toBe(`${process.env.PUBLIC_URL ?? 'http://localhost:3000'}/teams/${teamId}/assessments/${assessmentId}/items/${ITEM}`);
    // Nothing secret travels: not the signing secret, not an email.
    expect(got.body).not.toContain(secret);
    expect(got.body).not.toContain('@example.com');
    const stored = deliveries()[0]!;
    expect(stored).toMatchObject({ webhookId: id, state: 'delivered', attempts: 1, lastStatus: 200, lastError: null, nextAttemptAt: null });
    expect(stored.deliveredAt?.getTime()).toBe(now.getTime());
    // Delivered rows are never sent again.
    expect(await deliverDueWebhooks(new Date(now.getTime() + 86_400_000), { policy: OPEN })).toEqual([]);
  });

  it('retries a 500 after the first backoff step, and the retry succeeds', async () => {
    hook();
    markMet();
    signOff();
    answers = [500];
    const t0 = new Date();
    const first = await deliverDueWebhooks(t0, { policy: OPEN });
    expect(first).toEqual([expect.objectContaining({ state: 'pending', status: 500 })]);
    expect(deliveries()[0]).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 500, lastError: 'HTTP 500: receiver is down' });
    expect(deliveries()[0]!.nextAttemptAt!.getTime()).toBe(t0.getTime() + RETRY_DELAYS_MS[0]!);
    // Not due yet: nothing is sent.
    expect(await deliverDueWebhooks(new Date(t0.getTime() + RETRY_DELAYS_MS[0]! - 1), { policy: OPEN })).toEqual([]);
    const second = await deliverDueWebhooks(new Date(t0.getTime() + RETRY_DELAYS_MS[0]!), { policy: OPEN });
    expect(second).toEqual([expect.objectContaining({ state: 'delivered', status: 200 })]);
    expect(received).toHaveLength(2);
    // The same delivery id both times, so a receiver can drop a duplicate.
    expect(received[0]!.headers['preflight-delivery']).toBe(received[1]!.headers['preflight-delivery']);
    expect(deliveries()[0]).toMatchObject({ state: 'delivered', attempts: 2, lastStatus: 200, lastError: null });
  });

  it('gives up as failed after the last backoff step', async () => {
    hook();
    markMet();
    signOff();
    answers = Array.from({ length: MAX_ATTEMPTS + 1 }, () => 503);
    let t = Date.now();
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const [out] = await deliverDueWebhooks(new Date(t), { policy: OPEN });
      expect(out!.state, `attempt ${i + 1}`).toBe(i + 1 < MAX_ATTEMPTS ? 'pending' : 'failed');
      t += RETRY_DELAYS_MS[i] ?? 0;
    }
    expect(deliveries()[0]).toMatchObject({ state: 'failed', attempts: MAX_ATTEMPTS, lastStatus: 503, nextAttemptAt: null });
    expect(await deliverDueWebhooks(new Date(t + 365 * 86_400_000), { policy: OPEN })).toEqual([]);
    expect(received).toHaveLength(MAX_ATTEMPTS);
  });

  it('refuses a private address the policy does not open, at once and without retrying', async () => {
    hook();
    markMet();
    signOff();
    const out = await deliverDueWebhooks(new Date(), { policy: CLOSED });
    expect(out).toEqual([expect.objectContaining({ state: 'refused', status: null })]);
    expect(out[0]!.error).toMatch(/refused to contact 127\.0\.0\.1: it is a loopback address/);
    expect(received).toHaveLength(0);
    expect(deliveries()[0]).toMatchObject({ state: 'refused', attempts: 1, nextAttemptAt: null });
    expect(await deliverDueWebhooks(new Date(Date.now() + 86_400_000), { policy: OPEN })).toEqual([]);
  });

  it('refuses a host name that resolves to a private address (resolved once, checked, pinned)', async () => {
    const { id } = hook();
    db.update(webhooks).set({ url: 'https://hooks.example.test/x' }).where(eq(webhooks.id, id)).run();
    markMet();
    signOff();
    const out = await deliverDueWebhooks(new Date(), { policy: CLOSED, lookup: async () => [{ address: '10.1.2.3', family: 4 }] });
    expect(out[0]).toMatchObject({ state: 'refused' });
    expect(out[0]!.error).toMatch(/10\.1\.2\.3 \(hooks\.example\.test resolves to it\): it is a private address/);
  });

  it('does not follow a redirect: it counts as a failed attempt', async () => {
    hook();
    markMet();
    signOff();
    answers = [302];
    const [out] = await deliverDueWebhooks(new Date(), { policy: OPEN });
    expect(out).toMatchObject({ state: 'pending', status: 302 });
    expect(out!.error).toMatch(/^HTTP 302 \(redirects are not followed\)/);
    expect(received).toHaveLength(1);
  });

  it('sends a claimed row once, even when two workers look at the same moment', async () => {
    hook();
    markMet();
    signOff();
    const now = new Date();
    const [a, b] = await Promise.all([deliverDueWebhooks(now, { policy: OPEN }), deliverDueWebhooks(now, { policy: OPEN })]);
    expect([...a!, ...b!]).toHaveLength(1);
    expect(received).toHaveLength(1);
    // A claim that was never finished (a server died mid-send) comes due again after the lease.
    const id = deliveries()[0]!.id;
    db.update(webhookDeliveries).set({ state: 'pending', nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS) }).where(eq(webhookDeliveries.id, id)).run();
    expect(await deliverDueWebhooks(new Date(now.getTime() + CLAIM_LEASE_MS - 1), { policy: OPEN })).toEqual([]);
    expect(await deliverDueWebhooks(new Date(now.getTime() + CLAIM_LEASE_MS), { policy: OPEN })).toHaveLength(1);
  });
});

describe('the outbox', () => {
  it('queues exactly one delivery per enabled matching webhook when an item is signed off', () => {
    const teamHook = hook(['item.signed-off']).id;
    const instanceHook = hook(['item.signed-off', 'launch.approved'], admin, null).id;
    hook(['launch.approved']);
    const disabled = hook(['item.signed-off']).id;
    disableWebhook(ann, { teamId, webhookId: disabled });
    hook(['item.signed-off'], rex, otherTeamId);
    markMet();
    signOff();
    const rows = deliveries();
    expect(rows.map((r) => r.webhookId).sort()).toEqual([teamHook, instanceHook].sort());
    expect(rows.every((r) => r.event === 'item.signed-off' && r.state === 'pending' && r.attempts === 0)).toBe(true);
  });

  it('writes nothing when the change rolls back', () => {
    hook();
    markMet();
    expect(() =>
      db.transaction(() => {
        // The sign-off's own transaction nests as a savepoint; the outer one then fails and takes both back.
        signOff();
        expect(deliveries()).toHaveLength(1);
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(db.select().from(itemReviews).all()).toHaveLength(0);
    expect(deliveries()).toHaveLength(0);
    // A refused sign-off (a stale digest) queues nothing either.
    expect(() => signOffItem(rita, { assessmentId, catalogItemId: ITEM, digest: 'stale', comment: '' })).toThrow();
    expect(deliveries()).toHaveLength(0);
  });

  it('enqueues into the given transaction only', () => {
    hook();
    db.transaction((tx) => {
      expect(enqueueWebhookEvent(tx, { event: 'launch.approved', teamId, payload: { team: { id: teamId, name: 'Payments' }, assessment: { id: assessmentId, appName: 'Poker' }, approvedBy: { id: rita.id, name: 'Rita' }, approvedAt: new Date().toISOString(), link: 'x' } })).toEqual([]);
      expect(enqueueWebhookEvent(tx, { event: 'item.signed-off', teamId: otherTeamId, payload: {} as never })).toEqual([]);
    });
    expect(deliveries()).toHaveLength(0);
  });
});

describe('evidence.expiring', () => {
  function addEvidence(validUntil: string, catalogItemId = ITEM) {
    return recordEvidence(ann, { id: crypto.randomUUID(), assessmentId, catalogItemId, validUntil, evidence: { kind: 'link', name: 'Pen test report', url: 'https://files.example.com/secret-report.pdf', sha256: 'a'.repeat(64) } });
  }

  it('announces evidence expiring within 7 days once per webhook, and nothing else', () => {
    const now = new Date('2026-11-28T09:00:00Z');
    const teamHook = hook(['evidence.expiring']).id;
    const instanceHook = hook(['evidence.expiring'], admin, null).id;
    hook(['item.signed-off']);
    addEvidence('2026-12-05');
    addEvidence('2026-12-06', 'authn-every-request');
    addEvidence('2026-11-27');
    expect(sweepExpiringEvidence(now)).toBe(2);
    const rows = deliveries();
    expect(rows.map((r) => r.webhookId).sort()).toEqual([teamHook, instanceHook].sort());
    const payload = JSON.parse(rows[0]!.payload) as { evidence: { validUntil: string; name: string }; daysLeft: number };
    expect(payload).toMatchObject({ evidence: { validUntil: '2026-12-05', name: 'Pen test report' }, daysLeft: 7 });
    // The evidence's link is its content: it stays inside Preflight.
    expect(rows[0]!.payload).not.toContain('files.example.com');
    // Remembered: the same day again announces nothing new.
    expect(sweepExpiringEvidence(now)).toBe(0);
    // The piece 8 days out comes into range the next day, to both webhooks; after that, nothing is left to say.
    expect(sweepExpiringEvidence(new Date('2026-11-29T09:00:00Z'))).toBe(2);
    expect(sweepExpiringEvidence(new Date('2026-11-30T09:00:00Z'))).toBe(0);
    expect(deliveries()).toHaveLength(4);
  });
});
