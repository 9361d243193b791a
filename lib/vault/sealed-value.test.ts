import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IntegrityError } from './envelope';
import { openValue, sealValue } from './sealed-value';

const ring = (active: string) => ({ activeId: active, keys: new Map([['a', randomBytes(32)], ['b', randomBytes(32)]]) });

describe('sealed values', () => {
  it('round-trips under the active key and never holds the plaintext', () => {
    const r = ring('a');
    const v = sealValue(r, 'probe-auth:x', 'session=secret-cookie-value');
    expect(v.keyId).toBe('a');
    expect(Buffer.from(v.sealed, 'base64').toString('latin1')).not.toContain('secret-cookie-value');
    expect(openValue(r, 'probe-auth:x', v)).toBe('session=secret-cookie-value');
  });

  it('refuses another purpose, a flipped bit and an unknown key', () => {
    const r = ring('a');
    const v = sealValue(r, 'probe-auth:x', 'value');
    expect(() => openValue(r, 'probe-auth:y', v)).toThrow(IntegrityError);
    const raw = Buffer.from(v.sealed, 'base64');
    raw.writeUInt8(raw.readUInt8(14) ^ 1, 14);
    expect(() => openValue(r, 'probe-auth:x', { ...v, sealed: raw.toString('base64') })).toThrow(IntegrityError);
    expect(() => openValue(r, 'probe-auth:x', { ...v, keyId: 'zz' })).toThrow(/not in EVIDENCE_KEYS/);
    expect(() => openValue(r, 'probe-auth:x', { ...v, keyId: 'b' })).toThrow(IntegrityError);
  });
});
