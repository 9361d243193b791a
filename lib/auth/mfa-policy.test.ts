import { describe, expect, it } from 'vitest';
import { idpRanMfa, mfaRequiredFor, oidcSecondStep } from './mfa-policy';

describe('MFA policy', () => {
  it('requires a second factor of exactly the people the setting names', () => {
    const people = { admin: { isAdmin: true, isReviewer: false }, reviewer: { isAdmin: false, isReviewer: true }, member: { isAdmin: false, isReviewer: false } };
    const table = Object.fromEntries(
      (['nobody', 'admins', 'reviewers', 'everyone'] as const).map((r) => [r, Object.entries(people).filter(([, s]) => mfaRequiredFor(r, s)).map(([n]) => n)]),
    );
    expect(table).toEqual({ nobody: [], admins: ['admin'], reviewers: ['admin', 'reviewer'], everyone: ['admin', 'reviewer', 'member'] });
  });

  it('reads the amr claim: "mfa", or a password plus a possession or biometric factor', () => {
    expect(idpRanMfa(['mfa'])).toBe(true);
    expect(idpRanMfa(['pwd', 'otp'])).toBe(true);
    expect(idpRanMfa(['hwk', 'pin'])).toBe(true);
    expect(idpRanMfa(['pwd'])).toBe(false);
    expect(idpRanMfa(['otp'])).toBe(false);
    expect(idpRanMfa([])).toBe(false);
    expect(idpRanMfa(undefined)).toBe(false);
    expect(idpRanMfa('mfa')).toBe(false);
    expect(idpRanMfa([1, 2])).toBe(false);
  });

  it('asks for Preflight’s own factor after OIDC only when the person has one and the IdP’s word is not taken', () => {
    expect(oidcSecondStep({ mode: 'trust-idp', amr: ['mfa'], hasOwnFactor: true })).toBe('none');
    expect(oidcSecondStep({ mode: 'trust-idp', amr: ['pwd'], hasOwnFactor: true })).toBe('own-factor');
    expect(oidcSecondStep({ mode: 'require-own', amr: ['mfa'], hasOwnFactor: true })).toBe('own-factor');
    expect(oidcSecondStep({ mode: 'require-own', amr: ['mfa'], hasOwnFactor: false })).toBe('none');
  });
});
