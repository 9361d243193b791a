import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { findFirstBrokenEntry } from '@/lib/audit/chain';
import type { Actor } from '@/lib/auth/actor';
import { useTempDatabase } from '@/db/testing/temp-db';
import type { DB } from '../connection';
import { accounts, auditLog, signInThrottle, type User } from '../schema';
import { completeOidcSignIn, createFirstAdmin, findActiveUserByOidcIdentity, issueSetupToken } from './auth';
import { iterateAuditChain } from './audit';
import { createUserWithPassword, setUserDisabled } from './users';

const ISS = 'http://127.0.0.1:4000';
const IP = '127.0.0.9';
const claims = (extra: Record<string, unknown> = {}) => ({ iss: ISS, sub: 'sub-ada', email: 'ada@example.com', email_verified: true, ...extra });

let db: DB;
let admin: User;
let ada: User;
beforeEach(() => {
  db = useTempDatabase();
  admin = createFirstAdmin({ token: issueSetupToken()!, email: 'admin@example.com', name: 'Admin', passwordHash: 'h', ip: null });
  ada = createUserWithPassword(null, { email: 'ada@example.com', name: 'Ada', isAdmin: false, passwordHash: 'h' });
});

const asActor = (u: User): Actor => ({ id: u.id, email: u.email, name: u.name, isAdmin: u.isAdmin, ip: null });
const links = () => db.select().from(accounts).all();
const lastAudit = () => db.select().from(auditLog).orderBy(auditLog.id).all().at(-1)!;
const auditSince = (id: number) => db.select().from(auditLog).all().filter((e) => e.id > id);

describe('completeOidcSignIn', () => {
  it('links a verified email on first sign-in, keyed by issuer and subject, and audits the link and the sign-in with the address', () => {
    const before = lastAudit().id;
    expect(completeOidcSignIn({ claims: claims(), ip: IP })).toMatchObject({ kind: 'link', userId: ada.id, secondStepDue: false });
    expect(links()).toEqual([expect.objectContaining({ userId: ada.id, provider: 'oidc', issuer: ISS, providerAccountId: 'sub-ada' })]);
    const entries = auditSince(before);
    expect(entries.map((e) => e.action)).toEqual(['auth.oidc.linked', 'auth.sign-in.succeeded']);
    expect(entries.every((e) => e.ip === IP && e.actorId === ada.id)).toBe(true);
    expect(JSON.parse(entries[1]!.details)).toMatchObject({ method: 'oidc', issuer: ISS, subject: 'sub-ada', linked: true });
    expect(findActiveUserByOidcIdentity(ISS, 'sub-ada')?.id).toBe(ada.id);
  });

  it('matches later sign-ins by (issuer, subject), even after the IdP stops vouching for the email', () => {
    completeOidcSignIn({ claims: claims(), ip: IP });
    expect(completeOidcSignIn({ claims: claims({ email: 'someone-else@example.com', email_verified: 'false' }), ip: IP })).toMatchObject({ kind: 'sign-in', userId: ada.id, secondStepDue: false });
    expect(links()).toHaveLength(1);
  });

  it('does not let a second subject with the same verified email take over the linked user', () => {
    completeOidcSignIn({ claims: claims(), ip: IP });
    const before = lastAudit().id;
    expect(completeOidcSignIn({ claims: claims({ sub: 'sub-intruder' }), ip: '10.0.0.66' })).toEqual({ kind: 'refuse', reason: 'linked-to-other-subject', userId: ada.id });
    expect(links()).toEqual([expect.objectContaining({ providerAccountId: 'sub-ada' })]);
    const [entry] = auditSince(before);
    expect(entry).toMatchObject({ action: 'auth.sign-in.failed', actorId: null, actorLabel: 'ada@example.com', ip: '10.0.0.66', targetId: ada.id });
    expect(JSON.parse(entry!.details)).toMatchObject({ method: 'oidc', subject: 'sub-intruder', reason: 'account linked to another subject' });
  });

  it('when Preflight still asks for its own second step, audits only the first factor and hands the decision back', () => {
    completeOidcSignIn({ claims: claims(), ip: IP });
    const before = lastAudit().id;
    const seen: string[] = [];
    const decision = completeOidcSignIn({ claims: claims(), ip: IP, secondStepDue: (user) => (seen.push(user.id), true) });
    expect(decision).toMatchObject({ kind: 'sign-in', userId: ada.id, secondStepDue: true });
    expect(seen).toEqual([ada.id]);
    expect(auditSince(before).map((e) => e.action)).toEqual(['auth.sign-in.first-factor']);
  });

  it('treats the same subject at another issuer as another identity', () => {
    completeOidcSignIn({ claims: claims(), ip: IP });
    expect(findActiveUserByOidcIdentity('http://127.0.0.1:5000', 'sub-ada')).toBeUndefined();
    const other = createUserWithPassword(null, { email: 'grace@example.com', name: 'Grace', isAdmin: false, passwordHash: 'h' });
    expect(completeOidcSignIn({ claims: { iss: 'http://127.0.0.1:5000', sub: 'sub-ada', email: 'grace@example.com', email_verified: true }, ip: IP })).toMatchObject({ kind: 'link', userId: other.id, secondStepDue: false });
    expect(findActiveUserByOidcIdentity(ISS, 'sub-ada')?.id).toBe(ada.id);
    expect(findActiveUserByOidcIdentity('http://127.0.0.1:5000', 'sub-ada')?.id).toBe(other.id);
  });

  it.each([
    ['false', { email_verified: false }, 'email not verified by the identity provider', 'false'],
    ['"false"', { email_verified: 'false' }, 'email not verified by the identity provider', '"false"'],
    ['missing', { email_verified: undefined }, 'email not verified by the identity provider', 'missing'],
    ['unknown email', { email: 'nobody@example.com' }, 'unknown account', 'true'],
    ['no email', { email: undefined }, 'no email claim', 'true'],
  ])('refuses (%s), links nothing, audits the reason and leaves the password throttle alone', (_name, extra, reason, emailVerified) => {
    const before = lastAudit().id;
    expect(completeOidcSignIn({ claims: claims(extra), ip: IP })).toMatchObject({ kind: 'refuse' });
    expect(links()).toEqual([]);
    const [entry, ...rest] = auditSince(before);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ action: 'auth.sign-in.failed', actorId: null, ip: IP });
    expect(JSON.parse(entry!.details)).toMatchObject({ method: 'oidc', issuer: ISS, subject: 'sub-ada', reason, emailVerified });
    expect(db.select().from(signInThrottle).all()).toEqual([]);
  });

  it('refuses a disabled user, linked or not', () => {
    setUserDisabled(asActor(admin), ada.id, true);
    expect(completeOidcSignIn({ claims: claims(), ip: IP })).toEqual({ kind: 'refuse', reason: 'account-disabled', userId: ada.id });
    expect(links()).toEqual([]);

    setUserDisabled(asActor(admin), ada.id, false);
    completeOidcSignIn({ claims: claims(), ip: IP });
    setUserDisabled(asActor(admin), ada.id, true);
    expect(completeOidcSignIn({ claims: claims(), ip: IP })).toEqual({ kind: 'refuse', reason: 'account-disabled', userId: ada.id });
    expect(findActiveUserByOidcIdentity(ISS, 'sub-ada')).toBeUndefined();
    expect(JSON.parse(lastAudit().details)).toMatchObject({ reason: 'account disabled' });
  });

  it('refuses unusable claims with an audit entry', () => {
    expect(completeOidcSignIn({ claims: { iss: ISS, sub: 's'.repeat(300), email: 'ada@example.com', email_verified: true }, ip: IP })).toMatchObject({ reason: 'invalid-identity' });
    expect(lastAudit()).toMatchObject({ action: 'auth.sign-in.failed', actorLabel: 'oidc' });
    expect(links()).toEqual([]);
  });

  it('clears the account throttle on success, like a password sign-in', () => {
    db.insert(signInThrottle).values({ key: 'email:ada@example.com', failures: 3, windowStartedAt: new Date(), lockedUntil: null }).run();
    completeOidcSignIn({ claims: claims(), ip: IP });
    expect(db.select().from(signInThrottle).where(eq(signInThrottle.key, 'email:ada@example.com')).all()).toEqual([]);
  });

  it('keeps one subject per user and issuer in the schema too', () => {
    completeOidcSignIn({ claims: claims(), ip: IP });
    expect(() => db.insert(accounts).values({ userId: ada.id, type: 'oauth', provider: 'oidc', issuer: ISS, providerAccountId: 'sub-other' }).run()).toThrow(/UNIQUE/);
  });

  it('keeps the audit chain intact', () => {
    completeOidcSignIn({ claims: claims(), ip: IP });
    completeOidcSignIn({ claims: claims({ sub: 'x' }), ip: IP });
    completeOidcSignIn({ claims: claims({ email_verified: 'false', sub: 'y' }), ip: IP });
    expect(findFirstBrokenEntry(iterateAuditChain())).toBeNull();
  });
});
