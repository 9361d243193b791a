import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import type { Reservation } from '@/lib/auth/throttle';
import { hashToken } from '@/lib/auth/tokens';
import { AppError, ConflictError } from '@/lib/errors';
import { getDb } from '../index';
import { accounts, oneTimeTokens, sessions, users } from '../schema';
import { appendAudit } from './audit';
import { passwordProven } from './auth';

// A person's own account: every function acts on the actor's own row only, so the actor is the authorization.

export type OwnAccount = { hasPassword: boolean; signsInWithSso: boolean };

/** What the account page may offer: a password change only to someone who has a password. */
export function ownAccount(actor: Actor): OwnAccount {
  const db = getDb();
  const user = db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.id)).get();
  const sso = db.select({ userId: accounts.userId }).from(accounts).where(eq(accounts.userId, actor.id)).limit(1).get();
  return { hasPassword: Boolean(user?.passwordHash), signsInWithSso: Boolean(sso) };
}

/** The stored hash a password change is checked against; null when the account has no password. */
export function ownPasswordHash(actor: Actor): string | null {
  return getDb().select({ passwordHash: users.passwordHash }).from(users).where(and(eq(users.id, actor.id), isNull(users.disabledAt))).get()?.passwordHash ?? null;
}

export const PASSWORD_CHANGED_MEANWHILE = 'Your password was changed somewhere else a moment ago, so this change was not made. Reload the page and try again with the newest password.';

/**
 * Replaces the actor's password, in one immediate transaction that first checks that the stored hash is still
 * the one the current password was verified against and that the actor's session still stands: of two changes
 * at once only the first wins, and a change from a session that the other one ended is refused.
 * Every other session of the user ends, unused set-password links die (the new password supersedes them), the
 * reserved sign-in attempt is released as after a successful sign-in, and the change is audited.
 */
export function replaceOwnPassword(
  actor: Actor,
  input: { checkedHash: string; passwordHash: string; sessionToken: string; accountKey: string; reservation: Reservation },
): { otherSessionsEnded: number } {
  const keep = hashToken(input.sessionToken);
  return getDb().transaction(
    (tx) => {
      const session = tx.select({ userId: sessions.userId }).from(sessions).where(eq(sessions.tokenHash, keep)).get();
      if (session?.userId !== actor.id) throw new AppError('Your session has ended. Sign in again.', 401);
      const user = tx.select({ passwordHash: users.passwordHash }).from(users).where(and(eq(users.id, actor.id), isNull(users.disabledAt))).get();
      if (!user || user.passwordHash !== input.checkedHash) throw new ConflictError(PASSWORD_CHANGED_MEANWHILE);
      tx.update(users).set({ passwordHash: input.passwordHash, updatedAt: new Date() }).where(eq(users.id, actor.id)).run();
      const ended = tx.delete(sessions).where(and(eq(sessions.userId, actor.id), ne(sessions.tokenHash, keep))).run().changes;
      tx.delete(oneTimeTokens).where(and(eq(oneTimeTokens.userId, actor.id), eq(oneTimeTokens.purpose, 'set-password'), isNull(oneTimeTokens.usedAt))).run();
      passwordProven(tx, { accountKey: input.accountKey, reservation: input.reservation });
      appendAudit(tx, { action: 'user.password-changed', actor, target: { type: 'user', id: actor.id }, details: { otherSessionsEnded: ended } });
      return { otherSessionsEnded: ended };
    },
    { behavior: 'immediate' },
  );
}
