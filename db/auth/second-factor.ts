import 'server-only';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { readThrottle, recordSignInFailure, recordSignInSuccess, reserveSignInAttempt } from '@/db/queries/auth';
import { recordMfaFailure, recordRecoveryCodeUse } from '@/db/queries/mfa-audit';
import { acceptTotpStep, hasSecondFactor, spendRecoveryCode, totpForSignIn } from '@/db/queries/mfa';
import { signInSettings } from '@/db/queries/instance-settings';
import { consumeChallenge, findChallenge } from '@/db/queries/sign-in-challenges';
import type { User } from '@/db/schema';
import { checkTotp } from '@/lib/auth/totp';
import { hashRecoveryCode, normalizeRecoveryCode } from '@/lib/auth/recovery-codes';
import { lockRemainingMs, throttleKeys, type Reservation } from '@/lib/auth/throttle';
import { log } from '@/lib/log';
import { verifyPasskeyAssertion } from './passkeys';

export type SecondFactorMethod = 'totp' | 'recovery-code' | 'passkey';
export type SecondFactorInput = { totp?: string; recoveryCode?: string; passkey?: AuthenticationResponseJSON };

export const WRONG_CODE = 'That code is not correct. Check the time on your phone and enter the newest code.';
export const REPLAYED_CODE = 'That code was already used. Wait for your app to show the next one.';
export const WRONG_RECOVERY_CODE = 'That recovery code is not correct or was already used.';
export const PASSKEY_REFUSED = 'The passkey did not confirm this sign-in. Try again, or use another way.';
export const SECOND_STEP_EXPIRED = 'This sign-in took too long. Enter your email and password again.';
export const PASSWORDLESS_OFF = 'Signing in with a passkey alone is turned off on this instance. Sign in with your password.';

type Check = { ok: true; method: SecondFactorMethod; recoveryCodesLeft?: number } | { ok: false; message: string; reason: string };

export function hasSecondFactorInput(input: SecondFactorInput): boolean {
  return Boolean(input.totp || input.recoveryCode || input.passkey);
}

/** Checks one second factor for a user whose first factor passed. Passkeys need the challenge they answer. */
export async function checkSecondFactor(user: User, input: SecondFactorInput, challenge: ReturnType<typeof findChallenge>): Promise<Check> {
  if (input.totp) {
    const totp = totpForSignIn(user.id);
    if (!totp) return { ok: false, message: WRONG_CODE, reason: 'no authenticator app set up' };
    const check = await checkTotp({ secret: totp.secret, code: input.totp, lastTimeStep: totp.lastTimeStep });
    if (!check.ok) return { ok: false, message: check.reason === 'replayed' ? REPLAYED_CODE : WRONG_CODE, reason: check.reason === 'replayed' ? 'authentication code reused' : 'wrong authentication code' };
    // The compare-and-set decides between two requests that both verified the same code.
    if (!acceptTotpStep(user.id, check.timeStep)) return { ok: false, message: REPLAYED_CODE, reason: 'authentication code reused' };
    return { ok: true, method: 'totp' };
  }
  if (input.recoveryCode) {
    const normalized = normalizeRecoveryCode(input.recoveryCode);
    const spent = normalized ? spendRecoveryCode(user.id, hashRecoveryCode(normalized)) : { ok: false, left: 0 };
    if (!spent.ok) return { ok: false, message: WRONG_RECOVERY_CODE, reason: 'wrong recovery code' };
    return { ok: true, method: 'recovery-code', recoveryCodesLeft: spent.left };
  }
  if (input.passkey && challenge) {
    const outcome = await verifyPasskeyAssertion(challenge, input.passkey, { forUser: user.id, requireUserVerification: false });
    return outcome.ok ? { ok: true, method: 'passkey' } : { ok: false, message: PASSKEY_REFUSED, reason: outcome.reason };
  }
  return { ok: false, message: WRONG_CODE, reason: 'no second factor given' };
}

export type StepOutcome = { kind: 'ok'; user: User; secondFactor: SecondFactorMethod } | { kind: 'refused'; message: string } | { kind: 'locked'; retryAfterMs: number };

/**
 * Finishes a sign-in whose first factor passed and whose second is checked now. A wrong second factor is a
 * failed sign-in: it counts toward the same throttle (so codes cannot be guessed past the lock), is audited as
 * such, and also as `auth.mfa.failed`, which the alerts count, since it means someone has the password.
 */
export function settleSecondFactor(input: { user: User; check: Check; keys: string[]; reservation: Reservation; ip: string | null; firstFactor: string; challengeHash?: string }): StepOutcome {
  const { user, check, keys, ip } = input;
  if (!check.ok) {
    recordSignInFailure({ email: user.email, ip, reason: check.reason });
    recordMfaFailure({ user, ip, reason: check.reason });
    log.info({ event: 'sign-in.second-factor-failed', userId: user.id, ip, reason: check.reason }, 'second factor refused');
    const after = lockRemainingMs(readThrottle(keys).get(keys[0]!), Date.now());
    return after > 0 ? { kind: 'locked', retryAfterMs: after } : { kind: 'refused', message: check.message };
  }
  if (input.challengeHash && !consumeChallenge(input.challengeHash)) return { kind: 'refused', message: SECOND_STEP_EXPIRED };
  recordSignInSuccess({ user, accountKey: keys[0]!, ip, method: `${input.firstFactor}+${check.method}`, reservation: input.reservation });
  if (check.method === 'recovery-code') recordRecoveryCodeUse({ user, ip, left: check.recoveryCodesLeft ?? 0 });
  log.info({ event: 'sign-in.succeeded', userId: user.id, ip, secondFactor: check.method }, 'signed in');
  return { kind: 'ok', user, secondFactor: check.method };
}

/** The second step on its own: the challenge cookie says whose sign-in it is and how its first step passed. */
export async function attemptSecondStep(challengeToken: string | undefined, input: SecondFactorInput, ip: string | null): Promise<StepOutcome> {
  const challenge = findChallenge(challengeToken);
  if (!challenge) return { kind: 'refused', message: SECOND_STEP_EXPIRED };
  if (challenge.purpose === 'passkey') return attemptPasswordlessPasskey(challenge, input, ip);
  if (challenge.purpose !== 'second-factor' || !challenge.user) return { kind: 'refused', message: SECOND_STEP_EXPIRED };
  const user = challenge.user;
  const keys = throttleKeys(user.email, ip);
  const reserved = reserveSignInAttempt({ keys, email: user.email, ip });
  if (!reserved.ok) return { kind: 'locked', retryAfterMs: reserved.retryAfterMs };
  const check = await checkSecondFactor(user, input, challenge);
  return settleSecondFactor({ user, check, keys, reservation: reserved.reservation, ip, firstFactor: challenge.firstFactor ?? 'password', challengeHash: challenge.tokenHash });
}

/**
 * A passkey alone, where the admin allows it. The key must verify its user (PIN or biometric), so it is two
 * factors in one. Only the address is throttled before the account is known; afterwards the account too.
 */
async function attemptPasswordlessPasskey(challenge: NonNullable<ReturnType<typeof findChallenge>>, input: SecondFactorInput, ip: string | null): Promise<StepOutcome> {
  if (!signInSettings().passwordlessPasskeys) return { kind: 'refused', message: PASSWORDLESS_OFF };
  if (!input.passkey) return { kind: 'refused', message: PASSKEY_REFUSED };
  const ipKeys = ip ? [`ip:${ip}`] : [];
  const reserved: ReturnType<typeof reserveSignInAttempt> = ipKeys.length ? reserveSignInAttempt({ keys: ipKeys, email: 'passkey', ip }) : { ok: true, reservation: [] };
  if (!reserved.ok) return { kind: 'locked', retryAfterMs: reserved.retryAfterMs };
  const outcome = await verifyPasskeyAssertion(challenge, input.passkey, { forUser: null, requireUserVerification: true });
  if (!outcome.ok) {
    recordSignInFailure({ email: 'passkey', ip, reason: outcome.reason });
    return { kind: 'refused', message: PASSKEY_REFUSED };
  }
  const user = outcome.user;
  const accountLock = lockRemainingMs(readThrottle([`email:${user.email}`]).get(`email:${user.email}`), Date.now());
  if (accountLock > 0) return { kind: 'locked', retryAfterMs: accountLock };
  consumeChallenge(challenge.tokenHash);
  recordSignInSuccess({ user, accountKey: `email:${user.email}`, ip, method: 'passkey', reservation: reserved.reservation });
  log.info({ event: 'sign-in.succeeded', userId: user.id, ip, secondFactor: 'passkey' }, 'signed in with a passkey');
  return { kind: 'ok', user, secondFactor: 'passkey' };
}

/** Whether a user who just passed their first factor has a second one to give. */
export function secondFactorDue(user: User): boolean {
  return hasSecondFactor(user.id);
}
