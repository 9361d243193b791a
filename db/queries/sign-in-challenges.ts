import { and, eq, gt, lt } from 'drizzle-orm';
import type { SignInChallengePurpose } from '@/lib/domain/enums';
import { hashToken, newToken } from '@/lib/auth/tokens';
import { getDb } from '../index';
import { signInChallenges, users, type User } from '../schema';

// A sign-in between its steps (ADR 020). The token lives in an HttpOnly cookie; the row holds its SHA-256. These
// run before anyone is signed in: the token is the authorization, and it grants nothing but the next step.

export const CHALLENGE_TTL_MS = 5 * 60_000;

export type LiveChallenge = { tokenHash: string; purpose: SignInChallengePurpose; user: User | null; webauthnChallenge: string | null; firstFactor: string | null };

export function createChallenge(input: { purpose: SignInChallengePurpose; userId: string | null; firstFactor: string | null; ip: string | null; webauthnChallenge?: string }): { token: string; expiresAt: Date } {
  const token = newToken();
  const expiresAt = new Date(Date.now() + CHALLENGE_TTL_MS);
  const db = getDb();
  db.transaction(
    (tx) => {
      // Expired rows are swept here rather than by a timer: every new challenge clears the old ones.
      tx.delete(signInChallenges).where(lt(signInChallenges.expiresAt, new Date())).run();
      // One pending second step (or passkey registration) per person: a new one replaces the one before.
      if (input.userId && input.purpose !== 'passkey') {
        tx.delete(signInChallenges).where(and(eq(signInChallenges.userId, input.userId), eq(signInChallenges.purpose, input.purpose))).run();
      }
      tx.insert(signInChallenges)
        .values({ tokenHash: hashToken(token), purpose: input.purpose, userId: input.userId, firstFactor: input.firstFactor, ip: input.ip, expiresAt, webauthnChallenge: input.webauthnChallenge ?? null })
        .run();
    },
    { behavior: 'immediate' },
  );
  return { token, expiresAt };
}

export function findChallenge(token: string | undefined | null): LiveChallenge | null {
  if (!token || token.length > 200) return null;
  const row = getDb()
    .select({ c: signInChallenges, user: users })
    .from(signInChallenges)
    .leftJoin(users, eq(users.id, signInChallenges.userId))
    .where(and(eq(signInChallenges.tokenHash, hashToken(token)), gt(signInChallenges.expiresAt, new Date())))
    .get();
  if (!row) return null;
  // A second step for an account disabled meanwhile is no challenge at all.
  if (row.c.userId && (!row.user || row.user.disabledAt)) return null;
  return { tokenHash: row.c.tokenHash, purpose: row.c.purpose, user: row.user, webauthnChallenge: row.c.webauthnChallenge, firstFactor: row.c.firstFactor };
}

export function setWebauthnChallenge(tokenHash: string, challenge: string): void {
  getDb().update(signInChallenges).set({ webauthnChallenge: challenge }).where(eq(signInChallenges.tokenHash, tokenHash)).run();
}

/** Takes the WebAuthn challenge for one assertion: the compare-and-set means a challenge is answered once. */
export function takeWebauthnChallenge(tokenHash: string, challenge: string): boolean {
  return getDb().update(signInChallenges).set({ webauthnChallenge: null }).where(and(eq(signInChallenges.tokenHash, tokenHash), eq(signInChallenges.webauthnChallenge, challenge))).run().changes === 1;
}

/** Ends the challenge once the sign-in completed; false if another request completed it first. */
export function consumeChallenge(tokenHash: string): boolean {
  return getDb().delete(signInChallenges).where(eq(signInChallenges.tokenHash, tokenHash)).run().changes === 1;
}

/** The WebAuthn challenge of a signed-in person's passkey registration, taken once (DELETE … RETURNING). */
export function takeRegistrationChallenge(userId: string): string | null {
  const row = getDb()
    .delete(signInChallenges)
    .where(and(eq(signInChallenges.userId, userId), eq(signInChallenges.purpose, 'registration'), gt(signInChallenges.expiresAt, new Date())))
    .returning({ challenge: signInChallenges.webauthnChallenge })
    .get();
  return row?.challenge ?? null;
}

/** The password (or the IdP) passed and a second factor is due: the challenge the second step answers. */
export function startSecondStep(user: Pick<User, 'id'>, firstFactor: 'password' | 'oidc', ip: string | null): { token: string; expiresAt: Date } {
  return createChallenge({ purpose: 'second-factor', userId: user.id, firstFactor, ip });
}
