import 'server-only';
import { findUserByEmail, readThrottle, recordSignInFailure, recordSignInSuccess, releaseSignInAttempt, reserveSignInAttempt } from '@/db/queries/auth';
import { noteAdminWithoutMfa } from '@/db/queries/mfa-audit';
import { checkSecondFactor, hasSecondFactorInput, secondFactorDue, settleSecondFactor, type SecondFactorInput, type SecondFactorMethod } from './second-factor';
import type { User } from '@/db/schema';
import { log } from '@/lib/log';
import { timingDummyHash, verifyPassword } from '@/lib/auth/password';
import { lockRemainingMs, throttleKeys } from '@/lib/auth/throttle';

export type SignInOutcome =
  | { kind: 'ok'; user: User; secondFactor: SecondFactorMethod | null }
  | { kind: 'invalid' }
  | { kind: 'locked'; retryAfterMs: number }
  // The password passed; the account has a second factor and none was given with it.
  | { kind: 'second-factor-due'; user: User }
  | { kind: 'refused'; message: string };

export const INVALID_CREDENTIALS = 'The email or password is not correct.';

export function lockedMessage(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

/**
 * Checks a password sign-in. The attempt is counted before the password is looked at, atomically with the
 * check of the lock, so parallel attempts cannot all pass a count that none has added to yet: at most the
 * limit per account and per address ever reach the hash in a window. A locked account or address is refused
 * before the password is checked, so the right password does not get through a lock; unknown emails and
 * wrong passwords look identical.
 */
export async function attemptPasswordSignIn(email: string, password: string, ip: string | null, second: SecondFactorInput = {}): Promise<SignInOutcome> {
  const keys = throttleKeys(email, ip);
  const reserved = reserveSignInAttempt({ keys, email, ip });
  if (!reserved.ok) {
    log.warn({ event: 'sign-in.throttled', ip }, 'sign-in refused while locked');
    return { kind: 'locked', retryAfterMs: reserved.retryAfterMs };
  }
  const user = findUserByEmail(email);
  const usable = user && user.passwordHash && !user.disabledAt;
  // Verify against a dummy hash for unknown accounts so response time does not reveal which emails exist.
  const matches = await verifyPassword(password, usable ? user.passwordHash! : await timingDummyHash());
  if (!usable || !matches) {
    const reason = !user ? 'unknown account' : user.disabledAt ? 'account disabled' : !user.passwordHash ? 'no password set' : 'wrong password';
    recordSignInFailure({ email, ip, reason });
    log.info({ event: 'sign-in.failed', ip, reason }, 'sign-in failed');
    const after = lockRemainingMs(readThrottle(keys).get(keys[0]!), Date.now());
    return after > 0 ? { kind: 'locked', retryAfterMs: after } : { kind: 'invalid' };
  }
  if (secondFactorDue(user)) {
    // A passkey answers a challenge, so it always takes the second step; a code may come with the password.
    if (!hasSecondFactorInput(second) || second.passkey) {
      releaseSignInAttempt(reserved.reservation);
      return { kind: 'second-factor-due', user };
    }
    const check = await checkSecondFactor(user, second, null);
    const settled = settleSecondFactor({ user, check, keys, reservation: reserved.reservation, ip, firstFactor: 'password' });
    return settled.kind === 'ok' ? { kind: 'ok', user, secondFactor: settled.secondFactor } : settled;
  }
  recordSignInSuccess({ user, accountKey: keys[0]!, ip, method: 'password', reservation: reserved.reservation });
  noteAdminWithoutMfa(user, ip);
  log.info({ event: 'sign-in.succeeded', userId: user.id, ip }, 'signed in');
  return { kind: 'ok', user, secondFactor: null };
}
