import { desc } from 'drizzle-orm';
import { auditEntryHash, GENESIS_HASH, type AuditContent } from '@/lib/audit/chain';
import type { Actor } from '@/lib/auth/actor';
import { auditLog } from '../schema';
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
}
