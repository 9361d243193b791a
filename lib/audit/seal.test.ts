import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditEntryHash, GENESIS_HASH, type StoredAuditEntry } from './chain';
import { entryMac, headMac, verifyAuditLog, type AuditHead } from './seal';

const key = randomBytes(32);
type Sealed = StoredAuditEntry & { mac: string | null };

/** A log of n entries; entries before `sealedFrom` predate the key, as after an upgrade. */
function log(n: number, sealedFrom = 1): { entries: Sealed[]; head: AuditHead } {
  const entries: Sealed[] = [];
  let prev = GENESIS_HASH;
  for (let id = 1; id <= n; id++) {
    const content = { at: 1000 + id, actorId: 'u1', actorLabel: 'a@example.com', action: 'team.created', targetType: 'team', targetId: `t${id}`, ip: null, details: '{}' };
    const hash = auditEntryHash(id, content, prev);
    entries.push({ id, ...content, prevHash: prev, hash, mac: id >= sealedFrom ? entryMac(key, id, hash) : null });
    prev = hash;
  }
  const head = { lastId: n, lastHash: prev, sealedFromId: sealedFrom };
  return { entries, head: { ...head, mac: headMac(key, head) } };
}

describe('audit seals', () => {
  it('accepts a sealed log and one whose oldest entries predate the key', () => {
    const a = log(5);
    expect(verifyAuditLog(a.entries, a.head, key)).toEqual({ intact: true, count: 5, lastId: 5, lastHash: a.head.lastHash, unsealedBefore: null });
    const b = log(5, 4);
    expect(verifyAuditLog(b.entries, b.head, key)).toMatchObject({ intact: true, unsealedBefore: 4 });
  });

  it('accepts an empty log under an unsealed head, as right after install', () => {
    expect(verifyAuditLog([], { lastId: 0, lastHash: GENESIS_HASH, sealedFromId: null, mac: null }, key)).toMatchObject({ intact: true, count: 0 });
  });

  it('refuses a missing head, a wrong key, and a head whose seal was stripped', () => {
    const a = log(3);
    expect(verifyAuditLog(a.entries, null, key)).toMatchObject({ intact: false, id: null, reason: expect.stringMatching(/head is missing/) });
    expect(verifyAuditLog(a.entries, a.head, randomBytes(32))).toMatchObject({ intact: false, reason: expect.stringMatching(/seal does not match/) });
    expect(verifyAuditLog(a.entries, { ...a.head, mac: null }, key)).toMatchObject({ intact: false, id: 1, reason: expect.stringMatching(/head’s seal was removed/) });
  });

  it('names a truncated tail, a forged seal and a missing one', () => {
    const a = log(6);
    expect(verifyAuditLog(a.entries.slice(0, 4), a.head, key)).toMatchObject({ intact: false, id: 5, reason: expect.stringMatching(/entries #5 to #6 were removed/) });
    const forged = a.entries.map((e) => (e.id === 2 ? { ...e, mac: 'f'.repeat(64) } : e));
    expect(verifyAuditLog(forged, a.head, key)).toMatchObject({ intact: false, id: 2, reason: expect.stringMatching(/does not match AUDIT_KEY/) });
    const stripped = a.entries.map((e) => (e.id === 3 ? { ...e, mac: null } : e));
    expect(verifyAuditLog(stripped, a.head, key)).toMatchObject({ intact: false, id: 3, reason: expect.stringMatching(/has no seal/) });
  });

  it('reports a broken link before a later seal problem', () => {
    const a = log(5);
    const edited = a.entries.map((e) => (e.id === 2 ? { ...e, details: '{"x":1}' } : e.id === 4 ? { ...e, mac: null } : e));
    expect(verifyAuditLog(edited, a.head, key)).toMatchObject({ intact: false, id: 2, reason: 'content does not match its hash' });
  });
});
