import { and, count, eq, isNotNull, isNull, lt, ne, or } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { mfaRequiredFor } from '@/lib/auth/mfa-policy';
import { hashRecoveryCode, newRecoveryCodes } from '@/lib/auth/recovery-codes';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/errors';
import { openValue, sealValue } from '@/lib/vault/sealed-value';
import { keyRing } from '@/lib/vault/ring';
import { getDb } from '../index';
import { passkeys, recoveryCodes, sessions, signInChallenges, teamMemberships, totpFactors, users, type Passkey, type User } from '../schema';
import { requireAdmin } from './access';
import { appendAudit } from './audit';
import type { Executor } from './executor';
import { readSettings } from './instance-settings';

// A person's own second factors (ADR 020). Functions taking an actor act on the actor's own rows only, so the
// actor is the authorization; the admin reset asks requireAdmin. The sign-in functions at the end run before
// anyone is signed in, like db/queries/auth.ts: the first factor (or the challenge cookie) authorizes them.

export function totpPurpose(userId: string): string {
  return `totp-secret:${userId}`;
}

export type FactorSummary = { totp: boolean; passkeys: number; recoveryCodesLeft: number; hasFactor: boolean };

export function factorSummary(tx: Executor, userId: string): FactorSummary {
  const totp = Boolean(tx.select({ userId: totpFactors.userId }).from(totpFactors).where(and(eq(totpFactors.userId, userId), isNotNull(totpFactors.confirmedAt))).get());
  const keys = tx.select({ n: count() }).from(passkeys).where(eq(passkeys.userId, userId)).get()?.n ?? 0;
  const codes = tx.select({ n: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt))).get()?.n ?? 0;
  return { totp, passkeys: keys, recoveryCodesLeft: codes, hasFactor: totp || keys > 0 };
}

export function hasSecondFactor(userId: string): boolean {
  return factorSummary(getDb(), userId).hasFactor;
}

/** For the admin users page: every user's factors, in three grouped queries. */
export function factorSummaries(actor: Actor): Map<string, FactorSummary> {
  requireAdmin(actor);
  const db = getDb();
  const out = new Map<string, FactorSummary>();
  const get = (id: string) => out.get(id) ?? (out.set(id, { totp: false, passkeys: 0, recoveryCodesLeft: 0, hasFactor: false }), out.get(id)!);
  for (const r of db.select({ userId: totpFactors.userId }).from(totpFactors).where(isNotNull(totpFactors.confirmedAt)).all()) Object.assign(get(r.userId), { totp: true, hasFactor: true });
  for (const r of db.select({ userId: passkeys.userId, n: count() }).from(passkeys).groupBy(passkeys.userId).all()) Object.assign(get(r.userId), { passkeys: r.n, hasFactor: true });
  for (const r of db.select({ userId: recoveryCodes.userId, n: count() }).from(recoveryCodes).where(isNull(recoveryCodes.usedAt)).groupBy(recoveryCodes.userId).all()) get(r.userId).recoveryCodesLeft = r.n;
  return out;
}

function isReviewerAnywhere(tx: Executor, userId: string): boolean {
  return Boolean(tx.select({ userId: teamMemberships.userId }).from(teamMemberships).where(and(eq(teamMemberships.userId, userId), eq(teamMemberships.role, 'reviewer'))).limit(1).get());
}

/** Whether the instance's policy requires this user to have a second factor. */
export function mfaRequiredOf(tx: Executor, user: Pick<User, 'id' | 'isAdmin'>): boolean {
  const { mfaRequiredFor: requirement } = readSettings(tx);
  if (requirement === 'nobody') return false;
  return mfaRequiredFor(requirement, { isAdmin: user.isAdmin, isReviewer: requirement === 'reviewers' && isReviewerAnywhere(tx, user.id) });
}

/**
 * Whether this session's person must set up a second factor before anything else: the policy covers them, they
 * have none, and the session did not come with the IdP's own MFA (an OIDC sign-in the admin chose to trust).
 */
export function mfaEnrolmentDue(user: Pick<User, 'id' | 'isAdmin'>, sessionSecondFactor: string | null): boolean {
  const db = getDb();
  if (sessionSecondFactor === 'idp' || !mfaRequiredOf(db, user)) return false;
  return !factorSummary(db, user.id).hasFactor;
}

export type OwnPasskey = Pick<Passkey, 'id' | 'name' | 'createdAt' | 'lastUsedAt' | 'discoverable' | 'backedUp'>;

export type OwnMfa = {
  totpConfirmedAt: Date | null;
  pendingTotpSecret: string | null;
  passkeys: OwnPasskey[];
  recoveryCodesLeft: number;
  recoveryCodesIssued: boolean;
  required: boolean;
  hasFactor: boolean;
  passwordlessAllowed: boolean;
};

export function ownMfa(actor: Actor): OwnMfa {
  const db = getDb();
  const totp = db.select().from(totpFactors).where(eq(totpFactors.userId, actor.id)).get();
  const keys = db
    .select({ id: passkeys.id, name: passkeys.name, createdAt: passkeys.createdAt, lastUsedAt: passkeys.lastUsedAt, discoverable: passkeys.discoverable, backedUp: passkeys.backedUp })
    .from(passkeys)
    .where(eq(passkeys.userId, actor.id))
    .orderBy(passkeys.createdAt)
    .all();
  const summary = factorSummary(db, actor.id);
  const issued = Boolean(db.select({ id: recoveryCodes.id }).from(recoveryCodes).where(eq(recoveryCodes.userId, actor.id)).limit(1).get());
  const pending = totp && !totp.confirmedAt ? openValue(keyRing(), totpPurpose(actor.id), { keyId: totp.secretKeyId, sealed: totp.secretSealed }) : null;
  return {
    totpConfirmedAt: totp?.confirmedAt ?? null,
    pendingTotpSecret: pending,
    passkeys: keys,
    recoveryCodesLeft: summary.recoveryCodesLeft,
    recoveryCodesIssued: issued,
    required: mfaRequiredOf(db, actor),
    hasFactor: summary.hasFactor,
    passwordlessAllowed: readSettings(db).passwordlessPasskeys,
  };
}

export const TOTP_ALREADY_ON = 'An authenticator app is already set up. Turn it off first to set up another one.';

/** Starts (or restarts) enrolment: a fresh secret, sealed, not yet used for sign-in until a code confirms it. */
export function beginTotpEnrolment(actor: Actor, secret: string): void {
  getDb().transaction(
    (tx) => {
      const existing = tx.select({ confirmedAt: totpFactors.confirmedAt }).from(totpFactors).where(eq(totpFactors.userId, actor.id)).get();
      if (existing?.confirmedAt) throw new ConflictError(TOTP_ALREADY_ON);
      const sealed = sealValue(keyRing(), totpPurpose(actor.id), secret);
      const values = { secretSealed: sealed.sealed, secretKeyId: sealed.keyId, confirmedAt: null, lastTimeStep: null };
      tx.insert(totpFactors).values({ userId: actor.id, ...values }).onConflictDoUpdate({ target: totpFactors.userId, set: values }).run();
    },
    { behavior: 'immediate' },
  );
}

/** The secret of the enrolment in progress, with the sealed form it was read from (for the compare-and-set). */
export function pendingTotp(actor: Actor): { secret: string; sealed: string } | null {
  const row = getDb().select().from(totpFactors).where(and(eq(totpFactors.userId, actor.id), isNull(totpFactors.confirmedAt))).get();
  return row ? { secret: openValue(keyRing(), totpPurpose(actor.id), { keyId: row.secretKeyId, sealed: row.secretSealed }), sealed: row.secretSealed } : null;
}

export const ENROLMENT_CHANGED = 'The setup changed in another window (a new QR code was made). Scan the code shown now and enter a fresh code.';

function issueRecoveryCodes(tx: Executor, userId: string): string[] {
  tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
  const codes = newRecoveryCodes();
  for (const code of codes) tx.insert(recoveryCodes).values({ id: crypto.randomUUID(), userId, codeHash: hashRecoveryCode(code.replace(/-/g, '')) }).run();
  return codes;
}

/**
 * Confirms enrolment once a code from the app checked out (the caller verified it against `sealed`). The row must
 * still hold that same pending secret: a restart in another tab meanwhile means this code proved the old one.
 * The first factor a person gets also brings their recovery codes, returned this once.
 */
export function confirmTotpEnrolment(actor: Actor, input: { sealed: string; timeStep: number }): { recoveryCodes: string[] | null } {
  return getDb().transaction(
    (tx) => {
      const done = tx
        .update(totpFactors)
        .set({ confirmedAt: new Date(), lastTimeStep: input.timeStep })
        .where(and(eq(totpFactors.userId, actor.id), eq(totpFactors.secretSealed, input.sealed), isNull(totpFactors.confirmedAt)))
        .run();
      if (done.changes !== 1) throw new ConflictError(ENROLMENT_CHANGED);
      appendAudit(tx, { action: 'auth.mfa.totp-enrolled', actor, target: { type: 'user', id: actor.id } });
      const hasCodes = tx.select({ id: recoveryCodes.id }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, actor.id), isNull(recoveryCodes.usedAt))).limit(1).get();
      if (hasCodes) return { recoveryCodes: null };
      const codes = issueRecoveryCodes(tx, actor.id);
      appendAudit(tx, { action: 'auth.mfa.recovery-codes-generated', actor, target: { type: 'user', id: actor.id }, details: { count: codes.length } });
      return { recoveryCodes: codes };
    },
    { behavior: 'immediate' },
  );
}

export const LAST_REQUIRED_FACTOR = 'Your administrator requires a second factor for your account, so this one cannot be removed until you add another.';

/**
 * Audits what removing a factor left. When nothing is left for an admin or reviewer, `auth.mfa.disabled` is
 * written too, which raises the "MFA turned off" alert; a policy that requires a factor refuses instead.
 */
function afterFactorRemoved(tx: Executor, actor: Actor, removed: string): void {
  const summary = factorSummary(tx, actor.id);
  const user = tx.select({ id: users.id, isAdmin: users.isAdmin }).from(users).where(eq(users.id, actor.id)).get()!;
  if (!summary.hasFactor && mfaRequiredOf(tx, user)) throw new ValidationError(LAST_REQUIRED_FACTOR);
  if (!summary.hasFactor) {
    // Codes alone are not a factor; they would only let someone past a second step that no longer exists.
    tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, actor.id)).run();
    if (user.isAdmin || isReviewerAnywhere(tx, actor.id)) {
      appendAudit(tx, { action: 'auth.mfa.disabled', actor, target: { type: 'user', id: actor.id }, details: { by: 'self', removed } });
    }
  }
}

export function removeTotp(actor: Actor): void {
  getDb().transaction(
    (tx) => {
      const gone = tx.delete(totpFactors).where(eq(totpFactors.userId, actor.id)).returning({ confirmedAt: totpFactors.confirmedAt }).get();
      if (!gone) throw new ValidationError('No authenticator app is set up, so there is nothing to turn off.');
      if (!gone.confirmedAt) return;
      appendAudit(tx, { action: 'auth.mfa.totp-removed', actor, target: { type: 'user', id: actor.id } });
      afterFactorRemoved(tx, actor, 'authenticator app');
    },
    { behavior: 'immediate' },
  );
}

export const NO_FACTOR_FOR_CODES = 'Recovery codes stand in for a second factor; set up an authenticator app or a passkey first.';

export function regenerateRecoveryCodes(actor: Actor): string[] {
  return getDb().transaction(
    (tx) => {
      if (!factorSummary(tx, actor.id).hasFactor) throw new ValidationError(NO_FACTOR_FOR_CODES);
      const codes = issueRecoveryCodes(tx, actor.id);
      appendAudit(tx, { action: 'auth.mfa.recovery-codes-generated', actor, target: { type: 'user', id: actor.id }, details: { count: codes.length, replaced: true } });
      return codes;
    },
    { behavior: 'immediate' },
  );
}

// ---- passkeys ----

export const PASSKEY_ALREADY_REGISTERED = 'This passkey or security key is already registered.';

export type NewPasskey = { credentialId: string; publicKey: string; counter: number; transports: string[]; name: string; discoverable: boolean; backedUp: boolean };

export function addPasskey(actor: Actor, input: NewPasskey): { recoveryCodes: string[] | null } {
  return getDb().transaction(
    (tx) => {
      if (tx.select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.credentialId, input.credentialId)).get()) throw new ConflictError(PASSKEY_ALREADY_REGISTERED);
      const id = crypto.randomUUID();
      tx.insert(passkeys).values({ id, userId: actor.id, ...input, transports: JSON.stringify(input.transports) }).run();
      appendAudit(tx, { action: 'auth.mfa.passkey-added', actor, target: { type: 'user', id: actor.id }, details: { passkey: id, name: input.name } });
      const hasCodes = tx.select({ id: recoveryCodes.id }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, actor.id), isNull(recoveryCodes.usedAt))).limit(1).get();
      if (hasCodes) return { recoveryCodes: null };
      const codes = issueRecoveryCodes(tx, actor.id);
      appendAudit(tx, { action: 'auth.mfa.recovery-codes-generated', actor, target: { type: 'user', id: actor.id }, details: { count: codes.length } });
      return { recoveryCodes: codes };
    },
    { behavior: 'immediate' },
  );
}

export function removePasskey(actor: Actor, passkeyId: string): void {
  getDb().transaction(
    (tx) => {
      const gone = tx.delete(passkeys).where(and(eq(passkeys.id, passkeyId), eq(passkeys.userId, actor.id))).returning({ name: passkeys.name }).get();
      if (!gone) throw new ValidationError('That passkey is not registered to your account (it may have been removed already).');
      appendAudit(tx, { action: 'auth.mfa.passkey-removed', actor, target: { type: 'user', id: actor.id }, details: { passkey: passkeyId, name: gone.name } });
      afterFactorRemoved(tx, actor, `passkey “${gone.name}”`);
    },
    { behavior: 'immediate' },
  );
}

/** Credentials the browser should not register twice, and the ones it may use as a second factor. */
export function passkeyDescriptors(userId: string): { id: string; transports: string[] }[] {
  return getDb()
    .select({ id: passkeys.credentialId, transports: passkeys.transports })
    .from(passkeys)
    .where(eq(passkeys.userId, userId))
    .all()
    .map((p) => ({ id: p.id, transports: JSON.parse(p.transports) as string[] }));
}

// ---- resets ----

/**
 * Removes every factor of a user and ends their sessions (whoever held one must sign in again, with a password
 * only, and enrol afresh if the policy requires it). An admin's reset is checked here; `actor` null is the CLI
 * for a locked-out sole admin, which only someone with the server's shell can run.
 */
export function resetMfa(actor: Actor | null, userId: string, via: 'admin' | 'cli'): { user: Pick<User, 'id' | 'email' | 'name'>; sessionsEnded: number } {
  if (actor) requireAdmin(actor);
  return getDb().transaction(
    (tx) => {
      const user = tx.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, userId)).get();
      if (!user) throw new NotFoundError('No such user.');
      const before = factorSummary(tx, userId);
      tx.delete(totpFactors).where(eq(totpFactors.userId, userId)).run();
      tx.delete(passkeys).where(eq(passkeys.userId, userId)).run();
      tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
      tx.delete(signInChallenges).where(eq(signInChallenges.userId, userId)).run();
      const sessionsEnded = tx.delete(sessions).where(eq(sessions.userId, userId)).run().changes;
      const details = { via, totp: before.totp, passkeys: before.passkeys, sessionsEnded };
      appendAudit(tx, { action: 'user.mfa-reset', actor, actorLabel: actor ? null : 'command line', target: { type: 'user', id: userId }, details });
      if (before.hasFactor) appendAudit(tx, { action: 'auth.mfa.disabled', actor, actorLabel: actor ? null : 'command line', target: { type: 'user', id: userId }, details: { by: via } });
      return { user, sessionsEnded };
    },
    { behavior: 'immediate' },
  );
}

// ---- during sign-in (no actor yet) ----

export function totpForSignIn(userId: string): { secret: string; lastTimeStep: number | null } | null {
  const row = getDb().select().from(totpFactors).where(and(eq(totpFactors.userId, userId), isNotNull(totpFactors.confirmedAt))).get();
  return row ? { secret: openValue(keyRing(), totpPurpose(userId), { keyId: row.secretKeyId, sealed: row.secretSealed }), lastTimeStep: row.lastTimeStep } : null;
}

/** Marks a verified code's step as used. False when another request used this step (or a later one) first. */
export function acceptTotpStep(userId: string, timeStep: number): boolean {
  return (
    getDb()
      .update(totpFactors)
      .set({ lastTimeStep: timeStep })
      .where(and(eq(totpFactors.userId, userId), isNotNull(totpFactors.confirmedAt), or(isNull(totpFactors.lastTimeStep), lt(totpFactors.lastTimeStep, timeStep))))
      .run().changes === 1
  );
}

/** Spends a recovery code: true once, false for a wrong or used code (one statement, so two requests cannot both spend it). */
export function spendRecoveryCode(userId: string, codeHash: string): { ok: boolean; left: number } {
  const db = getDb();
  const ok = db.update(recoveryCodes).set({ usedAt: new Date() }).where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt))).run().changes === 1;
  return { ok, left: factorSummary(db, userId).recoveryCodesLeft };
}

export function passkeyByCredentialId(credentialId: string): (Passkey & { user: User }) | null {
  const row = getDb().select({ passkey: passkeys, user: users }).from(passkeys).innerJoin(users, eq(users.id, passkeys.userId)).where(eq(passkeys.credentialId, credentialId)).get();
  return row ? { ...row.passkey, user: row.user } : null;
}

/** Records a passkey's use; the counter moves only forward, so a cloned key's stale counter cannot be written back. */
export function recordPasskeyUse(passkeyId: string, fromCounter: number, toCounter: number): boolean {
  // A compare-and-set on the counter the assertion was checked against: of two racing uses of one counter value,
  // one wins.
  return getDb().update(passkeys).set({ counter: toCounter, lastUsedAt: new Date() }).where(and(eq(passkeys.id, passkeyId), eq(passkeys.counter, fromCounter))).run().changes === 1;
}

/** What the second-step page offers: the factors of the person whose password (or IdP) just passed. */
export function secondStepChoices(user: Pick<User, 'id' | 'email'>): { email: string; totp: boolean; passkeys: number; recoveryCodesLeft: number } {
  const summary = factorSummary(getDb(), user.id);
  return { email: user.email, totp: summary.totp, passkeys: summary.passkeys, recoveryCodesLeft: summary.recoveryCodesLeft };
}

/** Internal to db/key-rotation.ts: authenticator secrets sealed under another key than the active one. */
export function listTotpSecretsNotUnderKey(activeKeyId: string): { userId: string; keyId: string; sealed: string }[] {
  return getDb()
    .select({ userId: totpFactors.userId, keyId: totpFactors.secretKeyId, sealed: totpFactors.secretSealed })
    .from(totpFactors)
    .where(ne(totpFactors.secretKeyId, activeKeyId))
    .all();
}

/** Swaps in the re-sealed secret if the row is still under the key it was read with. */
export function setTotpSecretKey(userId: string, fromKeyId: string, sealed: { keyId: string; sealed: string }): boolean {
  return getDb().update(totpFactors).set({ secretSealed: sealed.sealed, secretKeyId: sealed.keyId }).where(and(eq(totpFactors.userId, userId), eq(totpFactors.secretKeyId, fromKeyId))).run().changes === 1;
}
