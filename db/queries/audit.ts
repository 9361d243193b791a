import { and, desc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import { auditEntryHash, type AuditContent, type StoredAuditEntry } from '@/lib/audit/chain';
import { describeAuditEntry } from '@/lib/audit/describe';
import { auditKeyBytes, entryMac, headMac, isHeadSealValid, verifyAuditLog, type AuditHead, type AuditVerdict } from '@/lib/audit/seal';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import type { Actor } from '@/lib/auth/actor';
import { getDb } from '../index';
import { alertAuditEntries, auditHead, auditLog } from '../schema';
import { requireAdmin } from './access';
import { raiseAlerts } from './alerts';
import { auditNames } from './audit-names';
import type { AccessDenial } from '@/lib/errors';
import type { Executor } from './executor';

export type AuditInput = {
  action: string;
  actor?: Pick<Actor, 'id' | 'email' | 'ip'> | null;
  /** For events without a signed-in actor, e.g. a failed sign-in: who it claimed to be. */
  actorLabel?: string | null;
  ip?: string | null;
  target?: { type: string; id: string } | null;
  details?: Record<string, unknown>;
};

/** Refuses to write the audit log when its head was tampered with: appending would re-seal the damage. */
export class AuditIntegrityError extends Error {}

let cachedKey: { value: string; bytes: Buffer } | undefined;
function auditKey(): Buffer {
  const value = env().AUDIT_KEY;
  if (cachedKey?.value !== value) cachedKey = { value, bytes: auditKeyBytes(value) };
  return cachedKey.bytes;
}

function readHead(tx: Executor): AuditHead | null {
  return tx.select({ lastId: auditHead.lastId, lastHash: auditHead.lastHash, sealedFromId: auditHead.sealedFromId, mac: auditHead.mac }).from(auditHead).where(eq(auditHead.id, 1)).get() ?? null;
}

/**
 * The head the next entry chains from, checked against the key. The chain grows from the sealed head, never from
 * whatever row is newest, so entries cut off the end leave a gap that verification names (ADR 013).
 */
function trustedHead(tx: Executor, key: Buffer): AuditHead {
  const head = readHead(tx);
  if (!head) throw new AuditIntegrityError('The audit head is missing. Run `npm run audit:verify`; nothing is written until it is restored.');
  if (head.mac === null) {
    // Unsealed only between the migration and the first entry under the key; a sealed entry means the seal was stripped.
    const sealedEntry = tx.select({ id: auditLog.id }).from(auditLog).where(sql`${auditLog.mac} is not null`).limit(1).get();
    if (sealedEntry) throw new AuditIntegrityError('The audit head lost its seal. Run `npm run audit:verify`; nothing is written until it is restored.');
    return head;
  }
  if (!isHeadSealValid(key, head)) throw new AuditIntegrityError('The audit head does not match AUDIT_KEY. Run `npm run audit:verify`; nothing is written until it is restored.');
  return head;
}

/**
 * Appends one hash-chained, sealed entry and moves the sealed head. Call it inside the transaction that makes the
 * change, so the change and its record commit together. Never put a secret or token in `details`.
 */
export function appendAudit(tx: Executor, input: AuditInput): void {
  const key = auditKey();
  const head = trustedHead(tx, key);
  const id = head.lastId + 1;
  const prevHash = head.lastHash;
  const content: AuditContent = {
    at: Date.now(),
    actorId: input.actor?.id ?? null,
    actorLabel: input.actor?.email ?? input.actorLabel ?? null,
    action: input.action,
    targetType: input.target?.type ?? null,
    targetId: input.target?.id ?? null,
    ip: input.ip ?? input.actor?.ip ?? null,
    details: JSON.stringify(input.details ?? {}),
  };
  const hash = auditEntryHash(id, content, prevHash);
  tx.insert(auditLog)
    .values({ id, ...content, at: new Date(content.at), prevHash, hash, mac: entryMac(key, id, hash) })
    .run();
  const next = { lastId: id, lastHash: hash, sealedFromId: head.sealedFromId ?? id };
  tx.update(auditHead).set({ ...next, mac: headMac(key, next) }).where(eq(auditHead.id, 1)).run();
  raiseAlerts(tx, { id, at: content.at, action: content.action, actorId: content.actorId, actorLabel: content.actorLabel, ip: content.ip, targetId: content.targetId });
}

/** Records a refused attempt to reach another team's records, in its own transaction (the request's own one rolled back). */
export function recordAccessDenied(denial: AccessDenial): void {
  getDb().transaction(
    (tx) => appendAudit(tx, { action: 'access.denied', actor: denial.actor, target: { type: denial.targetType, id: denial.targetId }, details: { status: denial.status } }),
    { behavior: 'immediate' },
  );
}

export type AuditFilters = { actor?: string; action?: string; target?: string; from?: string; to?: string; alert?: string };
export const AUDIT_PAGE_SIZE = 100;

/**
 * Admin only: entries newest first, filtered by actor (email or id), action, target id and date range, each with
 * its description in words (names for ids, labelled details) beside the stored entry.
 */
export function listAuditEntries(actor: Actor, filters: AuditFilters, page = 1) {
  requireAdmin(actor);
  const conditions = [
    filters.actor ? or(sql`instr(lower(${auditLog.actorLabel}), ${filters.actor.toLowerCase()}) > 0`, eq(auditLog.actorId, filters.actor)) : undefined,
    filters.action ? eq(auditLog.action, filters.action) : undefined,
    filters.target ? eq(auditLog.targetId, filters.target) : undefined,
    filters.from ? gte(auditLog.at, new Date(`${filters.from}T00:00:00Z`)) : undefined,
    filters.alert ? inArray(auditLog.id, getDb().select({ id: alertAuditEntries.auditId }).from(alertAuditEntries).where(eq(alertAuditEntries.alertId, filters.alert))) : undefined,
    filters.to ? lt(auditLog.at, new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86_400_000)) : undefined,
  ].filter(Boolean);
  const where = conditions.length ? and(...conditions) : undefined;
  const db = getDb();
  const rows = db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((page - 1) * AUDIT_PAGE_SIZE)
    .all();
  const actions = db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(auditLog.action).all().map((r) => r.action);
  const shown = rows.slice(0, AUDIT_PAGE_SIZE);
  const names = auditNames(db, shown);
  return { rows: shown.map((row) => ({ ...row, described: describeAuditEntry(row, names) })), hasMore: rows.length > AUDIT_PAGE_SIZE, actions };
}

/** The sealed head as stored (count and hash), for reports and the log: copies of it outside the database. */
export function currentAuditHead(tx: Executor = getDb()): { lastId: number; lastHash: string; sealed: boolean } {
  const head = readHead(tx);
  return { lastId: head?.lastId ?? 0, lastHash: head?.lastHash ?? '', sealed: Boolean(head?.mac) };
}

/** The whole log checked against AUDIT_KEY (links, hashes, seals and the head). */
export function verifyAuditTrail(): AuditVerdict {
  const verdict = verifyAuditLog(iterateAuditChain(), readHead(getDb()), auditKey());
  if (!verdict.intact) log.error({ event: 'audit.verify-failed', id: verdict.id, reason: verdict.reason }, 'audit log verification failed');
  return verdict;
}

/** Every entry in id order, streamed from SQLite, for verification. */
export function* iterateAuditChain(): Generator<StoredAuditEntry & { mac: string | null }> {
  const stmt = getDb().$client.prepare('select id, at, actor_id, actor_label, action, target_type, target_id, ip, details, prev_hash, hash, mac from audit_log order by id');
  for (const r of stmt.iterate() as Iterable<Record<string, unknown>>) {
    yield {
      id: r.id as number,
      at: r.at as number,
      actorId: (r.actor_id as string | null) ?? null,
      actorLabel: (r.actor_label as string | null) ?? null,
      action: r.action as string,
      targetType: (r.target_type as string | null) ?? null,
      targetId: (r.target_id as string | null) ?? null,
      ip: (r.ip as string | null) ?? null,
      details: r.details as string,
      prevHash: r.prev_hash as string,
      hash: r.hash as string,
      mac: (r.mac as string | null) ?? null,
    };
  }
}
