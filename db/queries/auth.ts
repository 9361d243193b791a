import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import { maxFailuresFor, releaseAttempt, reserveAttempt, type Reservation, type ThrottleRecord } from '@/lib/auth/throttle';
import { decideOidcSignIn, OIDC_REFUSAL_REASONS, readOidcIdentity, type OidcDecision, type OidcIdentity, type OidcState } from '@/lib/auth/oidc-decision';
import { hashToken, newToken } from '@/lib/auth/tokens';
import { ConflictError, ValidationError } from '@/lib/errors';
import { getDb } from '../index';
import { accounts, oneTimeTokens, sessions, signInThrottle, users, type User } from '../schema';
import { appendAudit } from './audit';
import type { Executor } from './executor';

// These run before anyone is signed in (sign-in, setup, set-password links), so they take no actor;
// the token or the credentials are the authorization.

export const SETUP_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
export const SET_PASSWORD_TOKEN_TTL_MS = 72 * 60 * 60 * 1000;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function findUserByEmail(email: string): User | undefined {
  return getDb().select().from(users).where(eq(users.email, normalizeEmail(email))).get();
}

export function findUserById(id: string): User | undefined {
  return getDb().select().from(users).where(eq(users.id, id)).get();
}

export function adminExists(): boolean {
  return Boolean(getDb().select({ id: users.id }).from(users).where(eq(users.isAdmin, true)).limit(1).get());
}

// ---- throttling ----

export function readThrottle(keys: string[], tx: Executor = getDb()): Map<string, ThrottleRecord> {
  const rows = tx.select().from(signInThrottle).where(inArray(signInThrottle.key, keys)).all();
  return new Map(rows.map((r) => [r.key, { failures: r.failures, windowStartedAt: r.windowStartedAt.getTime(), lockedUntil: r.lockedUntil?.getTime() ?? null }]));
}

function writeThrottle(tx: Executor, key: string, record: ThrottleRecord): void {
  const values = { failures: record.failures, windowStartedAt: new Date(record.windowStartedAt), lockedUntil: record.lockedUntil ? new Date(record.lockedUntil) : null };
  tx.insert(signInThrottle).values({ key, ...values }).onConflictDoUpdate({ target: signInThrottle.key, set: values }).run();
}

function appendLockedOut(tx: Executor, input: { email: string; ip: string | null }): void {
  appendAudit(tx, { action: 'auth.sign-in.failed', actorLabel: normalizeEmail(input.email).slice(0, 254), ip: input.ip, details: { reason: 'locked out' } });
}

export type SignInReservation = { ok: true; reservation: Reservation } | { ok: false; retryAfterMs: number };

/**
 * Counts a sign-in attempt against every key before its password is checked, or refuses it (and audits the
 * refusal) when any key is locked. One immediate transaction, so two attempts can never both read the count
 * before either has added to it, whether they come from this process or another one on the same file.
 */
export function reserveSignInAttempt(input: { keys: string[]; email: string; ip: string | null }): SignInReservation {
  return getDb().transaction(
    (tx) => {
      const result = reserveAttempt(readThrottle(input.keys, tx), input.keys, Date.now());
      if (!result.ok) {
        appendLockedOut(tx, input);
        return result;
      }
      for (const [key, record] of result.records) writeThrottle(tx, key, record);
      return { ok: true, reservation: result.reservation } as const;
    },
    { behavior: 'immediate' },
  );
}

/** A reserved attempt that failed: it already counts, so only the audit entry is left to write. */
export function recordSignInFailure(input: { email: string; ip: string | null; reason: string }): void {
  getDb().transaction(
    (tx) => appendAudit(tx, { action: 'auth.sign-in.failed', actorLabel: normalizeEmail(input.email).slice(0, 254), ip: input.ip, details: { reason: input.reason } }),
    { behavior: 'immediate' },
  );
}

/** An attempt refused because of a lock: it does not extend the lock, but monitoring counts it. */
export function recordLockedSignIn(input: { email: string; ip: string | null }): void {
  getDb().transaction((tx) => appendLockedOut(tx, input), { behavior: 'immediate' });
}

/**
 * A successful sign-in (or a password change that gave the right current password) clears the account's
 * failures. With a reservation (password checks), the other keys (the address) get their reserved attempt back,
 * so honest sign-ins behind one NAT do not add up to a lock. Joins the caller's transaction.
 */
export function passwordProven(tx: Executor, input: { accountKey: string; reservation?: Reservation }): void {
  tx.delete(signInThrottle).where(eq(signInThrottle.key, input.accountKey)).run();
  const others = (input.reservation ?? []).filter((r) => r.key !== input.accountKey);
  const current = others.length ? readThrottle(others.map((r) => r.key), tx) : new Map<string, ThrottleRecord>();
  for (const { key, windowStartedAt } of others) {
    const released = releaseAttempt(current.get(key), windowStartedAt, maxFailuresFor(key));
    if (released && released !== current.get(key)) writeThrottle(tx, key, released);
  }
}

/**
 * A first factor that passed while a second is still due: its reserved attempt is given back on every key, but
 * the account's earlier failures stay, so guessing codes after the right password still runs into the lock.
 */
export function releaseSignInAttempt(reservation: Reservation): void {
  getDb().transaction(
    (tx) => {
      const current = readThrottle(reservation.map((r) => r.key), tx);
      for (const { key, windowStartedAt } of reservation) {
        const released = releaseAttempt(current.get(key), windowStartedAt, maxFailuresFor(key));
        if (released && released !== current.get(key)) writeThrottle(tx, key, released);
      }
    },
    { behavior: 'immediate' },
  );
}

function signInSucceeded(tx: Executor, input: { user: User; accountKey: string; ip: string | null; method: string; details?: Record<string, unknown>; reservation?: Reservation; firstFactorOnly?: boolean }): void {
  // Only a complete sign-in clears the account's failures: a first factor alone must not reset the count of
  // wrong codes that follow it.
  if (!input.firstFactorOnly) passwordProven(tx, input);
  appendAudit(tx, {
    action: input.firstFactorOnly ? 'auth.sign-in.first-factor' : 'auth.sign-in.succeeded',
    actor: { id: input.user.id, email: input.user.email, ip: input.ip },
    details: { method: input.method, admin: input.user.isAdmin, ...input.details },
  });
}

export function recordSignInSuccess(input: { user: User; accountKey: string; ip: string | null; method: string; reservation?: Reservation }): void {
  getDb().transaction((tx) => signInSucceeded(tx, input), { behavior: 'immediate' });
}

// ---- OpenID Connect ----

export const OIDC_PROVIDER = 'oidc';

function oidcLinkedUser(tx: Executor, issuer: string, subject: string): User | undefined {
  return tx
    .select({ user: users })
    .from(accounts)
    .innerJoin(users, eq(users.id, accounts.userId))
    .where(and(eq(accounts.provider, OIDC_PROVIDER), eq(accounts.issuer, issuer), eq(accounts.providerAccountId, subject)))
    .get()?.user;
}

/** For next-auth's adapter: the active user linked to (issuer, subject), if any. */
export function findActiveUserByOidcIdentity(issuer: string, subject: string): User | undefined {
  const user = oidcLinkedUser(getDb(), issuer, subject);
  return user && !user.disabledAt ? user : undefined;
}

function readOidcState(tx: Executor, identity: OidcIdentity): OidcState & { users: Map<string, User> } {
  const linked = oidcLinkedUser(tx, identity.issuer, identity.subject);
  const byEmail = identity.email ? tx.select().from(users).where(eq(users.email, identity.email)).get() : undefined;
  const emailUserSubject = byEmail
    ? (tx
        .select({ subject: accounts.providerAccountId })
        .from(accounts)
        .where(and(eq(accounts.userId, byEmail.id), eq(accounts.provider, OIDC_PROVIDER), eq(accounts.issuer, identity.issuer)))
        .get()?.subject ?? null)
    : null;
  const known = new Map([linked, byEmail].filter((u): u is User => Boolean(u)).map((u) => [u.id, u]));
  return {
    linkedUser: linked ? { id: linked.id, disabled: Boolean(linked.disabledAt) } : null,
    emailUser: byEmail ? { id: byEmail.id, disabled: Boolean(byEmail.disabledAt) } : null,
    emailUserSubject,
    users: known,
  };
}

/**
 * Decides an OIDC sign-in from the ID token's claims (see lib/auth/oidc-decision.ts) and applies it in one
 * transaction: links the identity when the decision says so, and audits the outcome, refusals with their reason.
 * Refusals do not touch the password throttle: an IdP account that keeps being refused must not lock the
 * owner of that email out of their password; the alert rules still count them.
 */
export function completeOidcSignIn(input: { claims: unknown; ip: string | null; secondStepDue?: (user: User) => boolean }): (OidcDecision & { kind: 'refuse' }) | (Exclude<OidcDecision, { kind: 'refuse' }> & { user: User; secondStepDue: boolean }) {
  const identity = readOidcIdentity(input.claims);
  return getDb().transaction(
    (tx) => {
      const state = identity ? readOidcState(tx, identity) : { linkedUser: null, emailUser: null, emailUserSubject: null, users: new Map<string, User>() };
      const decision = decideOidcSignIn(identity, state);
      const claimed = { method: 'oidc', issuer: identity?.issuer ?? null, subject: identity?.subject ?? null, emailVerified: identity?.emailVerifiedClaim ?? null };
      if (decision.kind === 'refuse') {
        appendAudit(tx, {
          action: 'auth.sign-in.failed',
          actorLabel: (identity?.email ?? (identity ? `oidc subject ${identity.subject}` : 'oidc')).slice(0, 254),
          ip: input.ip,
          target: decision.userId ? { type: 'user', id: decision.userId } : null,
          details: { ...claimed, reason: OIDC_REFUSAL_REASONS[decision.reason] },
        });
        return decision;
      }
      const user = state.users.get(decision.userId)!;
      if (decision.kind === 'link') {
        tx.insert(accounts).values({ userId: user.id, type: 'oauth', provider: OIDC_PROVIDER, issuer: identity!.issuer, providerAccountId: identity!.subject }).run();
        appendAudit(tx, { action: 'auth.oidc.linked', actor: { id: user.id, email: user.email, ip: input.ip }, target: { type: 'user', id: user.id }, details: { issuer: identity!.issuer, subject: identity!.subject } });
      }
      const secondStepDue = input.secondStepDue?.(user) ?? false;
      signInSucceeded(tx, { user, accountKey: `email:${user.email}`, ip: input.ip, method: 'oidc', firstFactorOnly: secondStepDue, details: { issuer: identity!.issuer, subject: identity!.subject, linked: decision.kind === 'link' } });
      return { ...decision, user, secondStepDue };
    },
    { behavior: 'immediate' },
  );
}

// ---- one-time tokens ----

function liveToken(tx: Executor, token: string, purpose: 'setup' | 'set-password') {
  return tx
    .select()
    .from(oneTimeTokens)
    .where(and(eq(oneTimeTokens.tokenHash, hashToken(token)), eq(oneTimeTokens.purpose, purpose), isNull(oneTimeTokens.usedAt), gt(oneTimeTokens.expiresAt, new Date())))
    .get();
}

/** A fresh setup token while no admin exists (earlier ones die), or null once there is an admin. */
export function issueSetupToken(): string | null {
  return getDb().transaction(
    (tx) => {
      if (tx.select({ id: users.id }).from(users).where(eq(users.isAdmin, true)).limit(1).get()) return null;
      tx.delete(oneTimeTokens).where(eq(oneTimeTokens.purpose, 'setup')).run();
      const token = newToken();
      tx.insert(oneTimeTokens).values({ tokenHash: hashToken(token), purpose: 'setup', expiresAt: new Date(Date.now() + SETUP_TOKEN_TTL_MS) }).run();
      return token;
    },
    { behavior: 'immediate' },
  );
}

export function isSetupTokenLive(token: string): boolean {
  return Boolean(liveToken(getDb(), token, 'setup')) && !adminExists();
}

export const INVALID_SETUP_LINK = 'This setup link is not valid: it was already used, has expired, or was replaced by a newer one. Restart Preflight to print a new link.';
/** Once an admin exists no setup link works or is printed again; saying "invalid" would send people restarting. */
export const SETUP_ALREADY_DONE = 'Preflight already has an administrator. Ask them for an account.';

export function createFirstAdmin(input: { token: string; email: string; name: string; passwordHash: string; ip: string | null }): User {
  return getDb().transaction(
    (tx) => {
      if (tx.select({ id: users.id }).from(users).where(eq(users.isAdmin, true)).limit(1).get()) throw new ValidationError(SETUP_ALREADY_DONE);
      const token = liveToken(tx, input.token, 'setup');
      if (!token) throw new ValidationError(INVALID_SETUP_LINK);
      const email = normalizeEmail(input.email);
      if (tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) {
        throw new ConflictError('An account with this email already exists.', { email: 'An account with this email already exists.' });
      }
      const user = tx.insert(users).values({ id: crypto.randomUUID(), email, name: input.name, passwordHash: input.passwordHash, isAdmin: true }).returning().get();
      tx.update(oneTimeTokens).set({ usedAt: new Date() }).where(eq(oneTimeTokens.tokenHash, token.tokenHash)).run();
      appendAudit(tx, { action: 'user.created', actor: { id: user.id, email: user.email, ip: input.ip }, target: { type: 'user', id: user.id }, details: { via: 'setup', admin: true } });
      return user;
    },
    { behavior: 'immediate' },
  );
}

/** Issues a set-password link for a user; earlier unused links of that user die. Joins the caller's transaction. */
export function issueSetPasswordToken(tx: Executor, userId: string, createdById: string | null): string {
  tx.delete(oneTimeTokens).where(and(eq(oneTimeTokens.userId, userId), eq(oneTimeTokens.purpose, 'set-password'), isNull(oneTimeTokens.usedAt))).run();
  const token = newToken();
  tx.insert(oneTimeTokens)
    .values({ tokenHash: hashToken(token), purpose: 'set-password', userId, createdById, expiresAt: new Date(Date.now() + SET_PASSWORD_TOKEN_TTL_MS) })
    .run();
  return token;
}

export function findSetPasswordTokenUser(token: string): Pick<User, 'id' | 'email' | 'name'> | null {
  const db = getDb();
  const row = liveToken(db, token, 'set-password');
  if (!row?.userId) return null;
  const user = db.select({ id: users.id, email: users.email, name: users.name, disabledAt: users.disabledAt }).from(users).where(eq(users.id, row.userId)).get();
  return user && !user.disabledAt ? { id: user.id, email: user.email, name: user.name } : null;
}

export const INVALID_SET_PASSWORD_LINK = 'This link is not valid: it was already used, has expired, or was replaced by a newer one. Ask an admin for a new link.';

/** Sets the password, burns the link and ends every session of the user (a new password means a new start). */
export function setPasswordWithToken(input: { token: string; passwordHash: string; ip: string | null }): User {
  return getDb().transaction(
    (tx) => {
      const row = liveToken(tx, input.token, 'set-password');
      const user = row?.userId ? tx.select().from(users).where(and(eq(users.id, row.userId), isNull(users.disabledAt))).get() : undefined;
      if (!row || !user) throw new ValidationError(INVALID_SET_PASSWORD_LINK);
      tx.update(users).set({ passwordHash: input.passwordHash, updatedAt: new Date() }).where(eq(users.id, user.id)).run();
      tx.update(oneTimeTokens).set({ usedAt: new Date() }).where(eq(oneTimeTokens.tokenHash, row.tokenHash)).run();
      tx.delete(sessions).where(eq(sessions.userId, user.id)).run();
      appendAudit(tx, { action: 'user.password-set', actor: { id: user.id, email: user.email, ip: input.ip }, target: { type: 'user', id: user.id }, details: { via: 'one-time link' } });
      return user;
    },
    { behavior: 'immediate' },
  );
}
