import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '@/db/connection';
import { ownAccount } from '@/db/queries/account';
import { createSession, findSessionUser } from '@/db/queries/sessions';
import { createUser, createUserWithPassword, issuePasswordResetLink } from '@/db/queries/users';
import { findSetPasswordTokenUser } from '@/db/queries/auth';
import { accounts, auditLog, signInThrottle, users, type User } from '@/db/schema';
import { AppError, ConflictError, ValidationError } from '@/lib/errors';
import { useTempDatabase } from '@/db/testing/temp-db';
import type { Actor } from '@/lib/auth/actor';
import { changeOwnPassword, NO_PASSWORD_TO_CHANGE, SAME_PASSWORD, WRONG_CURRENT_PASSWORD } from './change-password';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { attemptPasswordSignIn, lockedMessage } from './password-sign-in';
import { MAX_FAILURES_PER_ACCOUNT } from '@/lib/auth/throttle';

const CURRENT = 'Orbit-Lantern-42-Quietly';
const NEXT = 'Copper-Harbour-71-Slowly';
const policy = { idleMs: 60 * 60_000, absoluteMs: 12 * 3_600_000 };
let db: DB;
let hash: string;
let user: User;
let actor: Actor;

beforeEach(async () => {
  db = useTempDatabase();
  hash ??= await hashPassword(CURRENT);
  user = createUserWithPassword(null, { email: 'pat.morgan@example.com', name: 'Pat', isAdmin: false, passwordHash: hash });
  actor = { id: user.id, email: user.email, name: user.name, isAdmin: false, ip: '10.1.1.1' };
});

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const storedHash = () => db.select({ h: users.passwordHash }).from(users).where(eq(users.id, user.id)).get()!.h!;
const auditActions = () => db.select({ action: auditLog.action, details: auditLog.details }).from(auditLog).all();

describe('changing your own password', { timeout: 60_000 }, () => {
  it('refuses a wrong current password with a field error, changes nothing and counts it as a failed sign-in', async () => {
    const mine = createSession(user.id, null, policy);
    const other = createSession(user.id, null, policy);
    const error = await refusal(changeOwnPassword(actor, { currentPassword: 'not-my-password', newPassword: NEXT, sessionToken: mine.token }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.fieldErrors).toEqual({ currentPassword: WRONG_CURRENT_PASSWORD });
    expect(storedHash()).toBe(hash);
    expect(findSessionUser(other.token, policy)).not.toBeNull();
    expect(db.select().from(signInThrottle).where(eq(signInThrottle.key, 'email:pat.morgan@example.com')).get()?.failures).toBe(1);
    const failed = auditActions().filter((a) => a.action === 'auth.sign-in.failed');
    expect(failed.map((a) => JSON.parse(a.details))).toEqual([{ reason: 'wrong current password on password change' }]);
    expect(auditActions().some((a) => a.action === 'user.password-changed')).toBe(false);
  });

  it('with the right current password: sets the new one, ends the other sessions, keeps this one and is audited', async () => {
    const mine = createSession(user.id, null, policy);
    const laptop = createSession(user.id, null, policy);
    const phone = createSession(user.id, null, policy);
    const someoneElse = createUserWithPassword(null, { email: 'sam@example.com', name: 'Sam', isAdmin: false, passwordHash: hash });
    const theirs = createSession(someoneElse.id, null, policy);

    expect(await changeOwnPassword(actor, { currentPassword: CURRENT, newPassword: NEXT, sessionToken: mine.token })).toEqual({ otherSessionsEnded: 2 });

    expect(await verifyPassword(NEXT, storedHash())).toBe(true);
    expect(await verifyPassword(CURRENT, storedHash())).toBe(false);
    expect(findSessionUser(mine.token, policy)?.user.id).toBe(user.id);
    expect(findSessionUser(laptop.token, policy)).toBeNull();
    expect(findSessionUser(phone.token, policy)).toBeNull();
    expect(findSessionUser(theirs.token, policy)?.user.id).toBe(someoneElse.id);
    const changed = db.select().from(auditLog).where(eq(auditLog.action, 'user.password-changed')).all();
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ actorId: user.id, targetType: 'user', targetId: user.id, ip: '10.1.1.1' });
    expect(JSON.parse(changed[0]!.details)).toEqual({ otherSessionsEnded: 2 });
    expect(changed[0]!.details).not.toContain(NEXT);
    // The sign-in works with the new password only.
    expect((await attemptPasswordSignIn('pat.morgan@example.com', CURRENT, '10.9.9.9')).kind).toBe('invalid');
    expect((await attemptPasswordSignIn('pat.morgan@example.com', NEXT, '10.9.9.9')).kind).toBe('ok');
  });

  it('a right current password clears earlier failures, as a sign-in does', async () => {
    const mine = createSession(user.id, null, policy);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) await refusal(changeOwnPassword(actor, { currentPassword: `wrong-${i}`, newPassword: NEXT, sessionToken: mine.token }));
    await changeOwnPassword(actor, { currentPassword: CURRENT, newPassword: NEXT, sessionToken: mine.token });
    expect(db.select().from(signInThrottle).where(eq(signInThrottle.key, 'email:pat.morgan@example.com')).get()).toBeUndefined();
  });

  it('shares the sign-in lock: five wrong tries lock the form and the sign-in, and then even the right password is refused', async () => {
    const mine = createSession(user.id, null, policy);
    const messages: string[] = [];
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      messages.push((await refusal(changeOwnPassword(actor, { currentPassword: `wrong-${i}`, newPassword: NEXT, sessionToken: mine.token }))).message);
    }
    expect(messages.slice(0, -1)).toEqual(Array(MAX_FAILURES_PER_ACCOUNT - 1).fill(WRONG_CURRENT_PASSWORD));
    expect(messages.at(-1)).toBe(lockedMessage(15 * 60_000));
    const locked = await refusal(changeOwnPassword(actor, { currentPassword: CURRENT, newPassword: NEXT, sessionToken: mine.token }));
    expect(locked.fieldErrors.currentPassword).toMatch(/^Too many failed sign-ins/);
    expect(storedHash()).toBe(hash);
    expect((await attemptPasswordSignIn('pat.morgan@example.com', CURRENT, '10.9.9.9')).kind).toBe('locked');
  });

  it('counts together with sign-in failures', async () => {
    const mine = createSession(user.id, null, policy);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) expect((await attemptPasswordSignIn('pat.morgan@example.com', `wrong-${i}`, '10.9.9.9')).kind).toBe('invalid');
    const error = await refusal(changeOwnPassword(actor, { currentPassword: 'wrong-again', newPassword: NEXT, sessionToken: mine.token }));
    expect(error.message).toMatch(/^Too many failed sign-ins/);
    expect((await attemptPasswordSignIn('pat.morgan@example.com', CURRENT, '10.9.9.9')).kind).toBe('locked');
  });

  it('holds the new password to the set-password rules before counting an attempt', async () => {
    const mine = createSession(user.id, null, policy);
    const weak = await refusal(changeOwnPassword(actor, { currentPassword: CURRENT, newPassword: 'password1234', sessionToken: mine.token }));
    expect(weak.fieldErrors.newPassword).toBe('This password is on a list of commonly used passwords. Choose another.');
    const withEmail = await refusal(changeOwnPassword(actor, { currentPassword: CURRENT, newPassword: 'Pat.Morgan-Rivers-9-Lake', sessionToken: mine.token }));
    expect(withEmail.fieldErrors.newPassword).toBe('The password must not contain your email address.');
    const same = await refusal(changeOwnPassword(actor, { currentPassword: CURRENT, newPassword: CURRENT, sessionToken: mine.token }));
    expect(same.fieldErrors.newPassword).toBe(SAME_PASSWORD);
    expect(db.select().from(signInThrottle).all()).toEqual([]);
    expect(storedHash()).toBe(hash);
  });

  it('two changes at once from two tabs of one session: exactly one wins, the other is refused as a conflict', async () => {
    const tab = createSession(user.id, null, policy);
    const results = await Promise.allSettled([
      changeOwnPassword(actor, { currentPassword: CURRENT, newPassword: NEXT, sessionToken: tab.token }),
      changeOwnPassword(actor, { currentPassword: CURRENT, newPassword: 'Velvet-Compass-38-Gently', sessionToken: tab.token }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect(lost.reason).toBeInstanceOf(ConflictError);
    const winner = results[0]!.status === 'fulfilled' ? NEXT : 'Velvet-Compass-38-Gently';
    expect(await verifyPassword(winner, storedHash())).toBe(true);
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'user.password-changed')).all()).toHaveLength(1);
  });

  it('two changes at once from two sessions: the winner ends the other session, so the other is refused', async () => {
    const here = createSession(user.id, null, policy);
    const there = createSession(user.id, null, policy);
    const results = await Promise.allSettled([
      changeOwnPassword(actor, { currentPassword: CURRENT, newPassword: NEXT, sessionToken: here.token }),
      changeOwnPassword(actor, { currentPassword: CURRENT, newPassword: 'Velvet-Compass-38-Gently', sessionToken: there.token }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'user.password-changed')).all()).toHaveLength(1);
    expect([findSessionUser(here.token, policy), findSessionUser(there.token, policy)].filter(Boolean)).toHaveLength(1);
  });

  it('refuses a change from a session that has already ended', async () => {
    const ended = createSession(user.id, null, policy);
    const mine = createSession(user.id, null, policy);
    await changeOwnPassword(actor, { currentPassword: CURRENT, newPassword: NEXT, sessionToken: mine.token });
    const error = await refusal(changeOwnPassword(actor, { currentPassword: NEXT, newPassword: 'Velvet-Compass-38-Gently', sessionToken: ended.token }));
    expect(error.status).toBe(401);
    expect(await verifyPassword(NEXT, storedHash())).toBe(true);
  });

  it('ends unused set-password links of the account', async () => {
    const admin = createUserWithPassword(null, { email: 'ada@example.com', name: 'Ada', isAdmin: true, passwordHash: hash });
    const { token } = issuePasswordResetLink({ id: admin.id, email: admin.email, name: admin.name, isAdmin: true, ip: null }, user.id);
    const mine = createSession(user.id, null, policy);
    await changeOwnPassword(actor, { currentPassword: CURRENT, newPassword: NEXT, sessionToken: mine.token });
    expect(findSetPasswordTokenUser(token)).toBeNull();
  });

  it('an account without a password (single sign-on only) has nothing to change', async () => {
    const admin = createUserWithPassword(null, { email: 'ada@example.com', name: 'Ada', isAdmin: true, passwordHash: hash });
    const { user: sso } = createUser({ id: admin.id, email: admin.email, name: admin.name, isAdmin: true, ip: null }, { email: 'sso@example.com', name: 'Sso', isAdmin: false });
    db.insert(accounts).values({ userId: sso.id, type: 'oauth', provider: 'oidc', issuer: 'https://idp.example', providerAccountId: 'sub-1' }).run();
    const ssoActor = { id: sso.id, email: sso.email, name: sso.name, isAdmin: false, ip: null };
    expect(ownAccount(ssoActor)).toEqual({ hasPassword: false, signsInWithSso: true });
    expect(ownAccount(actor)).toEqual({ hasPassword: true, signsInWithSso: false });
    const mine = createSession(sso.id, null, policy);
    const error = await refusal(changeOwnPassword(ssoActor, { currentPassword: 'anything', newPassword: NEXT, sessionToken: mine.token }));
    expect(error.message).toBe(NO_PASSWORD_TO_CHANGE);
    expect(db.select().from(users).where(and(eq(users.id, sso.id))).get()!.passwordHash).toBeNull();
  });
});
