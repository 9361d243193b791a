import { describe, expect, it } from 'vitest';
import { checkTotp, groupedSecret, newTotpSecret, normalizeTotpCode, totpCodeAt, totpUri, TOTP_PERIOD_SECONDS } from './totp';

const STEP_MS = TOTP_PERIOD_SECONDS * 1000;
// A moment in the middle of a step, so ±1 step lands squarely in the neighbouring steps.
const NOW = Math.floor(Date.UTC(2026, 11, 2, 12, 0, 0) / STEP_MS) * STEP_MS + STEP_MS / 2;
const secret = newTotpSecret();

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC 6238 SHA-1 test vector', async () => {
    // RFC 6238 appendix B: the ASCII secret "12345678901234567890" at T=59 s gives 94287082 (8 digits); 6 digits are its last six.
    const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(await totpCodeAt(rfcSecret, 59_000)).toBe('287082');
    expect(await totpCodeAt(rfcSecret, 1_111_111_109_000)).toBe('081804');
  });

  it('accepts the current step and one step either side, nothing further', async () => {
    for (const offset of [-1, 0, 1]) {
      const code = await totpCodeAt(secret, NOW + offset * STEP_MS);
      const result = await checkTotp({ secret, code, lastTimeStep: null, nowMs: NOW });
      expect(result, `offset ${offset}`).toEqual({ ok: true, timeStep: Math.floor(NOW / STEP_MS) + offset });
    }
    for (const offset of [-3, -2, 2, 3]) {
      const code = await totpCodeAt(secret, NOW + offset * STEP_MS);
      expect(await checkTotp({ secret, code, lastTimeStep: null, nowMs: NOW }), `offset ${offset}`).toEqual({ ok: false, reason: 'wrong' });
    }
  });

  it('refuses a code for a step at or before the last one accepted (replay), accepts a later one', async () => {
    const step = Math.floor(NOW / STEP_MS);
    const code = await totpCodeAt(secret, NOW);
    expect(await checkTotp({ secret, code, lastTimeStep: step, nowMs: NOW })).toEqual({ ok: false, reason: 'replayed' });
    const earlier = await totpCodeAt(secret, NOW - STEP_MS);
    expect(await checkTotp({ secret, code: earlier, lastTimeStep: step, nowMs: NOW })).toEqual({ ok: false, reason: 'replayed' });
    const next = await totpCodeAt(secret, NOW + STEP_MS);
    expect(await checkTotp({ secret, code: next, lastTimeStep: step, nowMs: NOW })).toEqual({ ok: true, timeStep: step + 1 });
  });

  it('refuses another secret’s code and anything that is not six digits', async () => {
    const other = newTotpSecret();
    expect(other).not.toBe(secret);
    expect(await checkTotp({ secret, code: await totpCodeAt(other, NOW), lastTimeStep: null, nowMs: NOW })).toMatchObject({ ok: false });
    for (const bad of ['', '12345', '1234567', 'abcdef', '12 34 5x', '１２３４５６']) expect(await checkTotp({ secret, code: bad, lastTimeStep: null, nowMs: NOW })).toEqual({ ok: false, reason: 'wrong' });
  });

  it('takes codes typed with spaces or a dash', async () => {
    const code = await totpCodeAt(secret, NOW);
    expect(normalizeTotpCode(`${code.slice(0, 3)} ${code.slice(3)}`)).toBe(code);
    expect(normalizeTotpCode(`${code.slice(0, 3)}-${code.slice(3)}`)).toBe(code);
    expect((await checkTotp({ secret, code: ` ${code.slice(0, 3)} ${code.slice(3)} `, lastTimeStep: null, nowMs: NOW })).ok).toBe(true);
  });

  it('makes 160-bit Base32 secrets and an otpauth URI apps understand', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(totpUri(secret, 'rita@example.com'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('Preflight');
    expect(groupedSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
  });
});
