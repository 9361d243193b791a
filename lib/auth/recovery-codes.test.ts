import { describe, expect, it } from 'vitest';
import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode, RECOVERY_CODE_COUNT } from './recovery-codes';

describe('recovery codes', () => {
  it('makes ten distinct codes of 16 unambiguous characters in groups of four', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const c of codes) expect(c).toMatch(/^[a-km-np-z2-9]{4}(-[a-km-np-z2-9]{4}){3}$/);
    expect(codes.join('')).not.toMatch(/[01lo]/);
  });

  it('spreads characters evenly (no modulo bias), so every code carries its 80 bits', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 300; i++) for (const ch of newRecoveryCodes().join('').replace(/-/g, '')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(32);
    const expected = (300 * 10 * 16) / 32;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.15);
  });

  it('reads codes typed in any case, with or without dashes and spaces; refuses the rest', () => {
    const [code] = newRecoveryCodes();
    const compact = code!.replace(/-/g, '');
    expect(normalizeRecoveryCode(code!)).toBe(compact);
    expect(normalizeRecoveryCode(code!.toUpperCase())).toBe(compact);
    expect(normalizeRecoveryCode(` ${code!.replace(/-/g, ' ')} `)).toBe(compact);
    for (const bad of ['', 'abcd-efgh', `${compact}a`, compact.replace(/.$/, '0'), compact.replace(/.$/, 'l')]) expect(normalizeRecoveryCode(bad)).toBeNull();
  });

  it('stores a hash that is not the code and is the same for every spelling of it', () => {
    const [code] = newRecoveryCodes();
    const hash = hashRecoveryCode(normalizeRecoveryCode(code!)!);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(code!.replace(/-/g, ''));
    expect(hashRecoveryCode(normalizeRecoveryCode(code!.toUpperCase())!)).toBe(hash);
    expect(hashRecoveryCode(normalizeRecoveryCode(newRecoveryCodes()[0]!)!)).not.toBe(hash);
  });
});
