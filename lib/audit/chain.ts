import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditContent = {
  at: number;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: string;
};

/** Stable JSON: keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function auditEntryHash(id: number, content: AuditContent, prevHash: string): string {
  return createHash('sha256').update(canonicalJson({ id, ...content, prevHash })).digest('hex');
}

export type StoredAuditEntry = AuditContent & { id: number; prevHash: string; hash: string };

/** Walks the chain in id order; returns the first entry whose link or hash does not hold. */
export function findFirstBrokenEntry(entries: Iterable<StoredAuditEntry>): { id: number; reason: string } | null {
  let prev = GENESIS_HASH;
  for (const e of entries) {
    if (e.prevHash !== prev) return { id: e.id, reason: 'does not link to the entry before it' };
    // Only the hashed fields: stored rows carry more (the seal) that is not part of the content.
    const content: AuditContent = { at: e.at, actorId: e.actorId, actorLabel: e.actorLabel, action: e.action, targetType: e.targetType, targetId: e.targetId, ip: e.ip, details: e.details };
    if (auditEntryHash(e.id, content, e.prevHash) !== e.hash) return { id: e.id, reason: 'content does not match its hash' };
    prev = e.hash;
  }
  return null;
}
