// Keyed seals on the audit log (ADR 013). The hash chain alone shows an edit in the middle, but anyone who can
// write the database can recompute every hash after an edit, or cut the newest entries off. A MAC under a key
// that lives outside the database (AUDIT_KEY) makes both visible to whoever holds the key.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson, findFirstBrokenEntry, GENESIS_HASH, type StoredAuditEntry } from './chain';

export type AuditHead = { lastId: number; lastHash: string; sealedFromId: number | null; mac: string | null };

export function auditKeyBytes(value: string): Buffer {
  return Buffer.from(value, 'utf8');
}

export function entryMac(key: Buffer, id: number, hash: string): string {
  return createHmac('sha256', key).update(`preflight-audit-entry\n${id}\n${hash}`).digest('hex');
}

export function headMac(key: Buffer, head: Omit<AuditHead, 'mac'>): string {
  return createHmac('sha256', key)
    .update(`preflight-audit-head\n${canonicalJson({ lastId: head.lastId, lastHash: head.lastHash, sealedFromId: head.sealedFromId })}`)
    .digest('hex');
}

function sameHex(a: string | null, b: string): boolean {
  if (!a || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function isHeadSealValid(key: Buffer, head: AuditHead): boolean {
  return sameHex(head.mac, headMac(key, head));
}

export type AuditVerdict =
  | { intact: true; count: number; lastId: number; lastHash: string; unsealedBefore: number | null }
  | { intact: false; id: number | null; reason: string };

/**
 * Checks the whole log: every link and hash, every entry's MAC from the sealed-from id on, and that the log ends
 * exactly where the sealed head says. `head` null means the head row is gone, which only an attacker does.
 */
export function verifyAuditLog(entries: Iterable<StoredAuditEntry & { mac: string | null }>, head: AuditHead | null, key: Buffer): AuditVerdict {
  if (!head) return { intact: false, id: null, reason: 'the audit head is missing, so the end of the log cannot be checked' };
  const sealed = head.mac !== null;
  if (sealed && !isHeadSealValid(key, head)) {
    return { intact: false, id: null, reason: 'the audit head’s seal does not match AUDIT_KEY (the head was rewritten, or this is the wrong key)' };
  }
  let count = 0;
  let last: { id: number; hash: string } | null = null;
  let macProblem: { id: number; reason: string } | null = null;
  const checked = (function* () {
    for (const e of entries) {
      count += 1;
      last = { id: e.id, hash: e.hash };
      const mac = e.mac;
      const needsMac = sealed && head.sealedFromId !== null && e.id >= head.sealedFromId;
      if (!macProblem && needsMac && !sameHex(mac, entryMac(key, e.id, e.hash))) {
        macProblem = { id: e.id, reason: mac ? 'its seal does not match AUDIT_KEY (rewritten without the key)' : `it has no seal, though every entry since #${head.sealedFromId} must have one` };
      }
      // An unsealed head is only right before the first entry under the key; a sealed entry means the head's seal was stripped.
      if (!macProblem && !sealed && mac) macProblem = { id: e.id, reason: 'it is sealed but the audit head is not (the head’s seal was removed)' };
      yield e;
    }
  })();
  const broken = findFirstBrokenEntry(checked);
  // The chain's first break comes before any seal problem further on; report whichever is earlier.
  const seal = macProblem as { id: number; reason: string } | null;
  if (broken && (!seal || broken.id <= seal.id)) return { intact: false, ...broken };
  if (seal) return { intact: false, ...seal };
  const end = last as { id: number; hash: string } | null;
  const endId = end?.id ?? 0;
  const endHash = end?.hash ?? GENESIS_HASH;
  if (endId < head.lastId) return { intact: false, id: endId + 1, reason: `entries #${endId + 1} to #${head.lastId} were removed: the sealed head says the log ends at #${head.lastId}` };
  if (endId > head.lastId) return { intact: false, id: head.lastId + 1, reason: `entries after #${head.lastId} were added without going through Preflight: the sealed head says the log ends at #${head.lastId}` };
  if (endHash !== head.lastHash) return { intact: false, id: endId, reason: 'the newest entry is not the one the sealed head names' };
  return { intact: true, count, lastId: endId, lastHash: endHash, unsealedBefore: sealed && head.sealedFromId !== null && head.sealedFromId > 1 ? head.sealedFromId : null };
}
