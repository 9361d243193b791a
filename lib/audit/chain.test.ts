import { describe, expect, it } from 'vitest';
import { auditEntryHash, canonicalJson, findFirstBrokenEntry, GENESIS_HASH, type StoredAuditEntry } from './chain';

function chain(n: number): StoredAuditEntry[] {
  const out: StoredAuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let id = 1; id <= n; id++) {
    const content = { at: 1000 + id, actorId: 'u1', actorLabel: 'a@example.com', action: 'team.created', targetType: 'team', targetId: `t${id}`, ip: '::1', details: '{}' };
    const hash = auditEntryHash(id, content, prev);
    out.push({ id, ...content, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('audit hash chain', () => {
  it('serialises objects canonically regardless of key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('accepts an intact chain', () => {
    expect(findFirstBrokenEntry(chain(5))).toBeNull();
  });

  it('names the first edited entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, action: 'team.deleted' };
    expect(findFirstBrokenEntry(entries)).toEqual({ id: 3, reason: 'content does not match its hash' });
  });

  it('notices a deleted entry', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(findFirstBrokenEntry(entries)).toEqual({ id: 3, reason: 'does not link to the entry before it' });
  });

  it('notices two swapped entries, whether moved whole or with their ids kept in order', () => {
    const moved = chain(5);
    [moved[1], moved[2]] = [moved[2]!, moved[1]!];
    expect(findFirstBrokenEntry(moved)).toEqual({ id: 3, reason: 'does not link to the entry before it' });

    // Swapping the rows' contents but keeping ids ascending (what an UPDATE of two rows would do).
    const renumbered = chain(5);
    const [second, third] = [renumbered[1]!, renumbered[2]!];
    renumbered[1] = { ...third, id: 2 };
    renumbered[2] = { ...second, id: 3 };
    expect(findFirstBrokenEntry(renumbered)).toEqual({ id: 2, reason: 'does not link to the entry before it' });
  });
});
