import { describe, expect, it } from 'vitest';
import {
  decideOidcSignIn,
  OIDC_ERROR_CODES,
  OIDC_ERROR_MESSAGES,
  OIDC_REFUSAL_REASONS,
  oidcAccountKey,
  parseOidcAccountKey,
  readOidcIdentity,
  type OidcRefusal,
  type OidcState,
} from './oidc-decision';

const ISS = 'https://idp.example.com';
const claims = (extra: Record<string, unknown> = {}) => ({ iss: ISS, sub: 'sub-1', email: 'Ada@Example.com', email_verified: true, ...extra });
const active = { id: 'u1', disabled: false };
const disabled = { id: 'u1', disabled: true };
const none: OidcState = { linkedUser: null, emailUser: null, emailUserSubject: null };

describe('readOidcIdentity', () => {
  it('takes issuer and subject as they are and normalises the email', () => {
    expect(readOidcIdentity(claims({ email: '  Ada@Example.COM ' }))).toEqual({
      issuer: ISS,
      subject: 'sub-1',
      email: 'ada@example.com',
      emailVerified: true,
      emailVerifiedClaim: 'true',
    });
  });

  it.each([
    ['boolean false', false, 'false'],
    ['the string "false"', 'false', '"false"'],
    ['the string "true"', 'true', '"true"'],
    ['the number 1', 1, '1'],
    ['null', null, 'null'],
    ['an object', { value: true }, '{"value":true}'],
    ['an array', [true], '[true]'],
  ])('counts email_verified as %s as not verified', (_name, value, described) => {
    const identity = readOidcIdentity(claims({ email_verified: value }));
    expect(identity?.emailVerified).toBe(false);
    expect(identity?.emailVerifiedClaim).toBe(described);
  });

  it('counts a missing email_verified as not verified', () => {
    const rest: Record<string, unknown> = claims();
    delete rest.email_verified;
    expect(readOidcIdentity(rest)).toMatchObject({ emailVerified: false, emailVerifiedClaim: 'missing' });
  });

  it('cuts a long email_verified value short for the audit log', () => {
    expect(readOidcIdentity(claims({ email_verified: 'x'.repeat(500) }))!.emailVerifiedClaim).toHaveLength(41);
  });

  it.each([
    ['missing', undefined],
    ['not a string', 42],
    ['empty', ''],
    ['without @', 'ada.example.com'],
    ['with spaces inside', 'ada lovelace@example.com'],
    ['too long', `${'a'.repeat(250)}@example.com`],
  ])('has no email when the claim is %s', (_name, email) => {
    expect(readOidcIdentity(claims({ email }))?.email).toBeNull();
  });

  it.each([
    ['no claims', undefined],
    ['a string', 'claims'],
    ['no issuer', { sub: 's' }],
    ['an empty issuer', { iss: '', sub: 's' }],
    ['a numeric subject', { iss: ISS, sub: 7 }],
    ['an empty subject', { iss: ISS, sub: '' }],
    ['a subject over 255 characters', { iss: ISS, sub: 's'.repeat(256) }],
    ['an issuer over 2048 characters', { iss: `https://${'a'.repeat(2050)}`, sub: 's' }],
  ])('is null for %s', (_name, value) => {
    expect(readOidcIdentity(value)).toBeNull();
  });
});

describe('decideOidcSignIn', () => {
  const decide = (c: Record<string, unknown>, state: Partial<OidcState> = {}) => decideOidcSignIn(readOidcIdentity(c), { ...none, ...state });

  it('links a verified email to the active account with that email', () => {
    expect(decide(claims(), { emailUser: active })).toEqual({ kind: 'link', userId: 'u1' });
  });

  it.each([
    ['false', false],
    ['"false"', 'false'],
    ['"true"', 'true'],
    ['missing', undefined],
  ])('refuses to link when email_verified is %s, even though the account exists', (_name, value) => {
    expect(decide(claims({ email_verified: value }), { emailUser: active })).toEqual({ kind: 'refuse', reason: 'email-not-verified', userId: null });
  });

  it('refuses an unverified email the same way whether or not an account has it', () => {
    const unverified = claims({ email_verified: false });
    expect(decide(unverified, { emailUser: active })).toEqual(decide(unverified));
  });

  it('refuses a verified email no account has; nothing is created', () => {
    expect(decide(claims())).toEqual({ kind: 'refuse', reason: 'no-account', userId: null });
  });

  it('refuses a verified email of a disabled account', () => {
    expect(decide(claims(), { emailUser: disabled })).toEqual({ kind: 'refuse', reason: 'account-disabled', userId: 'u1' });
  });

  it('refuses a second subject with the same verified email once the account is linked to another subject', () => {
    expect(decide(claims({ sub: 'sub-2' }), { emailUser: active, emailUserSubject: 'sub-1' })).toEqual({ kind: 'refuse', reason: 'linked-to-other-subject', userId: 'u1' });
  });

  it('tells a foreign subject "linked elsewhere" before "disabled", so it learns nothing about the account', () => {
    expect(decide(claims({ sub: 'sub-2' }), { emailUser: disabled, emailUserSubject: 'sub-1' })).toMatchObject({ reason: 'linked-to-other-subject' });
  });

  it('refuses identities without a usable email', () => {
    expect(decide(claims({ email: undefined }), { emailUser: active })).toEqual({ kind: 'refuse', reason: 'no-email', userId: null });
    expect(decide(claims({ email: 'not-an-email' }), { emailUser: active })).toEqual({ kind: 'refuse', reason: 'no-email', userId: null });
  });

  it('refuses an unusable identity whatever else is known', () => {
    expect(decideOidcSignIn(null, { linkedUser: active, emailUser: active, emailUserSubject: null })).toEqual({ kind: 'refuse', reason: 'invalid-identity', userId: null });
  });

  describe('once linked', () => {
    it('signs in by (issuer, subject), whatever email and verification the IdP sends now', () => {
      for (const c of [claims(), claims({ email_verified: false }), claims({ email_verified: 'false' }), claims({ email: undefined, email_verified: undefined }), claims({ email: 'renamed@example.com' })]) {
        expect(decide(c, { linkedUser: active })).toEqual({ kind: 'sign-in', userId: 'u1' });
      }
    });

    it('signs in as the linked user even when the email now belongs to someone else', () => {
      expect(decide(claims(), { linkedUser: active, emailUser: { id: 'u2', disabled: false }, emailUserSubject: null })).toEqual({ kind: 'sign-in', userId: 'u1' });
    });

    it('refuses when the linked user is disabled', () => {
      expect(decide(claims(), { linkedUser: disabled })).toEqual({ kind: 'refuse', reason: 'account-disabled', userId: 'u1' });
    });
  });

  it('never decides to create a user', () => {
    const kinds = new Set<string>();
    for (const linkedUser of [null, active, disabled]) {
      for (const emailUser of [null, active, disabled]) {
        for (const emailUserSubject of [null, 'sub-1', 'sub-2']) {
          for (const email_verified of [true, false, 'true', 'false', undefined]) {
            const d = decide(claims({ email_verified }), { linkedUser, emailUser, emailUserSubject });
            kinds.add(d.kind);
            if (d.kind !== 'refuse') expect([linkedUser?.id, emailUser?.id]).toContain(d.userId);
            if (d.kind === 'link') {
              expect(linkedUser).toBeNull();
              expect(email_verified).toBe(true);
              expect(emailUser?.disabled).toBe(false);
              expect(emailUserSubject).toBeNull();
            }
          }
        }
      }
    }
    expect([...kinds].sort()).toEqual(['link', 'refuse', 'sign-in']);
  });
});

describe('account key', () => {
  it('round-trips (issuer, subject) whatever characters they hold', () => {
    for (const pair of [{ issuer: ISS, subject: 'plain' }, { issuer: 'http://127.0.0.1:4000/a|b', subject: '"quoted" , [bracketed] ü' }]) {
      expect(parseOidcAccountKey(oidcAccountKey(pair))).toEqual(pair);
    }
  });

  it('keeps pairs apart that a separator would join', () => {
    expect(oidcAccountKey({ issuer: 'https://a', subject: 'b#c' })).not.toBe(oidcAccountKey({ issuer: 'https://a#b', subject: 'c' }));
  });

  it.each(['sub-1', 'unusable-identity', '', '[]', '["only-one"]', '[1,2]', '{"iss":"x","sub":"y"}', '["a","b","c"]', 'null'])('reads %j as no identity', (key) => {
    expect(parseOidcAccountKey(key)).toBeNull();
  });
});

describe('messages', () => {
  it('has a code with a message for every refusal, and an unknown account reads like a foreign link', () => {
    for (const reason of Object.keys(OIDC_REFUSAL_REASONS) as OidcRefusal[]) {
      expect(OIDC_ERROR_MESSAGES[OIDC_ERROR_CODES[reason]]).toBeTruthy();
    }
    expect(OIDC_ERROR_CODES['linked-to-other-subject']).toBe(OIDC_ERROR_CODES['no-account']);
  });
});
