import { and, desc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import { auditEntryHash, GENESIS_HASH, type AuditContent, type StoredAuditEntry } from '@/lib/audit/chain';
import type { Actor } from '@/lib/auth/actor';
import { getDb } from '../index';
import { alertAuditEntries, auditLog } from '../schema';
import { assertAdmin } from './guards';
import { raiseAlerts } from './alerts';
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

/**
 * Appends one hash-chained entry. Call it inside the transaction that makes the change, so the change and
 * its record commit together. Never put a secret or token in `details`.
 */
export function appendAudit(tx: Executor, input: AuditInput): void {
  const last = tx.select({ id: auditLog.id, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1).get();
  const id = (last?.id ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
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
  tx.insert(auditLog)
    .values({ id, ...content, at: new Date(content.at), prevHash, hash: auditEntryHash(id, content, prevHash) })
    .run();
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

/** Admin only: entries newest first, filtered by actor (email or id), action, target id and date range. */
export function listAuditEntries(actor: Actor, filters: AuditFilters, page = 1) {
  assertAdmin(actor);
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
  return { rows: rows.slice(0, AUDIT_PAGE_SIZE), hasMore: rows.length > AUDIT_PAGE_SIZE, actions };
}

/** Every entry in id order, streamed from SQLite, for verification. */
export function* iterateAuditChain(): Generator<StoredAuditEntry> {
  const stmt = getDb().$client.prepare('select id, at, actor_id, actor_label, action, target_type, target_id, ip, details, prev_hash, hash from audit_log order by id');
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
    };
  }
}
