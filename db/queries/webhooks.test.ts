import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { ForbiddenError, NotFoundError, ValidationError } from '@/lib/errors';
import { parseKeyRing } from '@/lib/vault/keys';
import { openValue } from '@/lib/vault/sealed-value';
import { seedTeams } from '@/db/testing/team-fixture';
import { useTempDatabase } from '@/db/testing/temp-db';
import type { DB } from '../connection';
import { rotateEvidenceKeys } from '../key-rotation';
import { auditLog, webhookDeliveries, webhooks } from '../schema';
import { enqueueWebhookEvent, webhookSecretPurpose } from '../webhook-delivery';
import { createWebhook, deleteWebhook, disableWebhook, getInstanceWebhooks, getTeamWebhooks, hostOpenedBy, webhookDestinationProblem } from './webhooks';

let db: DB;
let admin: Actor;
let ann: Actor;
let rita: Actor;
let audrey: Actor;
let rex: Actor;
let teamId: string;
let otherTeamId: string;

beforeEach(() => {
  db = useTempDatabase();
  const cast = seedTeams({ Ann: { team: 'Payments', role: 'member' }, Rita: { team: 'Payments', role: 'reviewer' }, Audrey: { team: 'Payments', role: 'auditor' }, Rex: { team: 'Search', role: 'member' } });
  ({ Ann: ann, Rita: rita, Audrey: audrey, Rex: rex } = cast.people);
  admin = cast.admin;
  teamId = cast.teamId;
  otherTeamId = cast.otherTeamId;
});

const URL_ = 'https://hooks.example.com/in/T0KEN-in-the-path';
const audits = (action: string) => db.select().from(auditLog).where(eq(auditLog.action, action)).all();

describe('webhook management', () => {
  it('lets members and admins add team webhooks; the secret is returned once and stored only sealed', () => {
    const { id, secret } = createWebhook(ann, { teamId, url: URL_, events: ['item.signed-off', 'item.signed-off', 'launch.approved'] });
    expect(secret).toMatch(/^whsec_/);
    const row = db.select().from(webhooks).where(eq(webhooks.id, id)).get()!;
    expect(JSON.parse(row.events)).toEqual(['item.signed-off', 'launch.approved']);
    expect(JSON.stringify(row)).not.toContain(secret.slice(6));
    expect(openValue(parseKeyRing(process.env.EVIDENCE_KEYS, undefined), webhookSecretPurpose(id), { keyId: row.secretKeyId, sealed: row.secretSealed })).toBe(secret);
    const page = getTeamWebhooks(ann, teamId);
    expect(page.webhooks).toEqual([expect.objectContaining({ id, url: URL_, createdByName: 'Ann', disabledAt: null })]);
    expect(JSON.stringify(page)).not.toContain(secret);
    createWebhook(admin, { teamId, url: URL_, events: ['probe.failed'] });
    // The audit entry names the destination's origin, not a path that may be the receiver's secret.
    const entry = audits('webhook.created')[0]!;
    expect(JSON.parse(entry.details)).toEqual({ teamId, origin: 'https://hooks.example.com', events: ['item.signed-off', 'launch.approved'] });
    expect(entry.details).not.toContain('T0KEN');
  });

  it('tells reviewers and auditors it is not theirs to manage, and outsiders that nothing is there', () => {
    const { id } = createWebhook(ann, { teamId, url: URL_, events: ['item.signed-off'] });
    for (const who of [rita, audrey]) {
      expect(() => getTeamWebhooks(who, teamId)).toThrow(ForbiddenError);
      expect(() => createWebhook(who, { teamId, url: URL_, events: ['item.signed-off'] })).toThrow(ForbiddenError);
      expect(() => disableWebhook(who, { teamId, webhookId: id })).toThrow(ForbiddenError);
    }
    expect(() => getTeamWebhooks(rex, teamId)).toThrow(NotFoundError);
    expect(() => deleteWebhook(rex, { teamId, webhookId: id })).toThrow(NotFoundError);
    // Through one's own team's URL, another team's webhook is not found either.
    expect(() => deleteWebhook(rex, { teamId: otherTeamId, webhookId: id })).toThrow(NotFoundError);
    // Instance webhooks are administration.
    expect(() => getInstanceWebhooks(ann)).toThrow(NotFoundError);
    expect(() => createWebhook(ann, { teamId: null, url: URL_, events: ['item.signed-off'] })).toThrow(NotFoundError);
    expect(() => deleteWebhook(admin, { teamId: null, webhookId: id })).toThrow(NotFoundError);
  });

  it('keeps instance webhooks apart from team ones', () => {
    const inst = createWebhook(admin, { teamId: null, url: URL_, events: ['evidence.expiring'] }).id;
    createWebhook(ann, { teamId, url: URL_, events: ['item.signed-off'] });
    expect(getInstanceWebhooks(admin).webhooks.map((w) => w.id)).toEqual([inst]);
    expect(getTeamWebhooks(admin, teamId).webhooks.map((w) => w.id)).not.toContain(inst);
  });

  it('refuses plain http unless PROBE_ALLOW_HOSTS opens the host, and addresses on refused networks', () => {
    expect(webhookDestinationProblem('https://hooks.example.com/x', [])).toBeNull();
    expect(webhookDestinationProblem('http://hooks.example.com/x', [])).toMatch(/Use an https:\/\/ address/);
    expect(webhookDestinationProblem('http://hooks.internal/x', ['hooks.internal'])).toBeNull();
    expect(webhookDestinationProblem('http://10.0.0.7:8080/x', ['10.0.0.0/8'])).toBeNull();
    expect(webhookDestinationProblem('https://10.0.0.7/x', [])).toMatch(/private or reserved network/);
    expect(webhookDestinationProblem('https://169.254.169.254/latest', ['169.254.0.0/16'])).toBeNull();
    expect(webhookDestinationProblem('https://[::1]/x', [])).toMatch(/private or reserved/);
    expect(hostOpenedBy('[fd00::5]', ['fd00::/8'])).toBe(true);
    expect(hostOpenedBy('example.com', ['10.0.0.0/8'])).toBe(false);
    try {
      createWebhook(ann, { teamId, url: 'http://hooks.example.com/x', events: ['item.signed-off'] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).fieldErrors.url).toMatch(/https/);
    }
  });

  it('disables (dropping what waits), deletes (with its log), and audits both', () => {
    const { id } = createWebhook(ann, { teamId, url: URL_, events: ['launch.approved'] });
    db.transaction((tx) => enqueueWebhookEvent(tx, { event: 'launch.approved', teamId, payload: {} as never }));
    disableWebhook(ann, { teamId, webhookId: id });
    expect(db.select().from(webhookDeliveries).all()).toEqual([expect.objectContaining({ state: 'failed', lastError: 'The webhook was disabled before this was sent.' })]);
    // Disabled webhooks hear nothing more.
    db.transaction((tx) => expect(enqueueWebhookEvent(tx, { event: 'launch.approved', teamId, payload: {} as never })).toEqual([]));
    disableWebhook(ann, { teamId, webhookId: id });
    expect(audits('webhook.disabled')).toHaveLength(1);
    expect(getTeamWebhooks(ann, teamId).deliveries).toHaveLength(1);
    deleteWebhook(admin, { teamId, webhookId: id });
    expect(db.select().from(webhooks).all()).toHaveLength(0);
    expect(db.select().from(webhookDeliveries).all()).toHaveLength(0);
    expect(JSON.parse(audits('webhook.deleted')[0]!.details)).toMatchObject({ teamId, deliveries: 1 });
    expect(() => deleteWebhook(admin, { teamId, webhookId: id })).toThrow(NotFoundError);
  });

  it('re-seals signing secrets when the evidence keys rotate', async () => {
    const { id, secret } = createWebhook(ann, { teamId, url: URL_, events: ['item.signed-off'] });
    const ring = parseKeyRing(`${process.env.EVIDENCE_KEYS},knew:${randomBytes(32).toString('base64')}`, 'knew');
    const result = await rotateEvidenceKeys(ring, process.env.DATA_DIR!);
    expect(result).toMatchObject({ rewrapped: 1, failed: [], remaining: 0 });
    const row = db.select().from(webhooks).where(eq(webhooks.id, id)).get()!;
    expect(row.secretKeyId).toBe('knew');
    expect(openValue(ring, webhookSecretPurpose(id), { keyId: row.secretKeyId, sealed: row.secretSealed })).toBe(secret);
  });
});

