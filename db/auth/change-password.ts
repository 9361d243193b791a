import 'server-only';
import { ownPasswordHash, replaceOwnPassword } from '@/db/queries/account';
import { readThrottle, recordSignInFailure, reserveSignInAttempt } from '@/db/queries/auth';
import { ValidationError } from '@/lib/errors';
import { log } from '@/lib/log';
import type { Actor } from '@/lib/auth/actor';
import { hashPassword, passwordProblem, verifyPassword } from '@/lib/auth/password';
import { lockedMessage } from './password-sign-in';
import { lockRemainingMs, throttleKeys } from '@/lib/auth/throttle';

export const WRONG_CURRENT_PASSWORD = 'Your current password is not correct.';
export const NO_PASSWORD_TO_CHANGE = 'Your account signs in through single sign-on and has no Preflight password to change.';
export const SAME_PASSWORD = 'Choose a password different from your current one.';

/**
 * Changes the actor's own password. The current password is checked like a sign-in: the attempt is reserved
 * against the same throttle keys first, so this form cannot be used to guess a password past the sign-in lock,
 * and a wrong one is audited as a failed sign-in (which the alert rules count). The new password meets the same
 * rules as a set-password link. The write is a compare-and-swap on the hash that was verified (see
 * replaceOwnPassword), since verifying and hashing take too long to sit inside a transaction.
 */
export async function changeOwnPassword(actor: Actor, input: { currentPassword: string; newPassword: string; sessionToken: string }): Promise<{ otherSessionsEnded: number }> {
  const stored = ownPasswordHash(actor);
  if (!stored) throw new ValidationError(NO_PASSWORD_TO_CHANGE);
  // Checks that need no secret come before the attempt is counted, so a typo in the new password costs nothing.
  const problem = input.newPassword === input.currentPassword ? SAME_PASSWORD : passwordProblem(input.newPassword, { email: actor.email, name: actor.name });
  if (problem) throw new ValidationError(problem, { newPassword: problem });

  const keys = throttleKeys(actor.email, actor.ip);
  const reserved = reserveSignInAttempt({ keys, email: actor.email, ip: actor.ip });
  if (!reserved.ok) {
    const message = lockedMessage(reserved.retryAfterMs);
    throw new ValidationError(message, { currentPassword: message });
  }
  if (!(await verifyPassword(input.currentPassword, stored))) {
    recordSignInFailure({ email: actor.email, ip: actor.ip, reason: 'wrong current password on password change' });
    log.info({ event: 'password-change.refused', userId: actor.id, ip: actor.ip }, 'password change with a wrong current password');
    const lockedFor = lockRemainingMs(readThrottle(keys).get(keys[0]!), Date.now());
    const message = lockedFor > 0 ? lockedMessage(lockedFor) : WRONG_CURRENT_PASSWORD;
    throw new ValidationError(message, { currentPassword: message });
  }
  const result = replaceOwnPassword(actor, {
    checkedHash: stored,
    passwordHash: await hashPassword(input.newPassword),
    sessionToken: input.sessionToken,
    accountKey: keys[0]!,
    reservation: reserved.reservation,
  });
  log.info({ event: 'password-change.succeeded', userId: actor.id, otherSessionsEnded: result.otherSessionsEnded }, 'password changed');
  return result;
}
