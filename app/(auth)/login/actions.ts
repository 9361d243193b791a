'use server';

import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { cookies } from 'next/headers';
import { runAction, type ActionResult } from '@/app/_server/action-result';
import { requestIp } from '@/app/_server/current-user';
import { passwordlessPasskeyOptions, secondFactorPasskeyOptions } from '@/db/auth/passkeys';
import { PASSWORDLESS_OFF, SECOND_STEP_EXPIRED } from '@/db/auth/second-factor';
import { signInSettings } from '@/db/queries/instance-settings';
import { findChallenge } from '@/db/queries/sign-in-challenges';
import { SIGN_IN_STEP_COOKIE } from '@/lib/auth/constants';
import { ValidationError } from '@/lib/errors';

// Before anyone is signed in: the first asks nothing (it only starts a ceremony, and the sign-in itself is
// throttled); the second needs the step cookie that a passed password left.

export async function passwordlessOptionsAction(): Promise<ActionResult<PublicKeyCredentialRequestOptionsJSON>> {
  return runAction(async () => {
    if (!signInSettings().passwordlessPasskeys) throw new ValidationError(PASSWORDLESS_OFF);
    const { token, expiresAt, options } = await passwordlessPasskeyOptions(await requestIp());
    (await cookies()).set(SIGN_IN_STEP_COOKIE, token, { httpOnly: true, secure: true, sameSite: 'lax', path: '/', expires: expiresAt });
    return options;
  });
}

export async function secondFactorPasskeyOptionsAction(): Promise<ActionResult<PublicKeyCredentialRequestOptionsJSON>> {
  return runAction(async () => {
    const challenge = findChallenge((await cookies()).get(SIGN_IN_STEP_COOKIE)?.value);
    if (!challenge || challenge.purpose !== 'second-factor' || !challenge.user) throw new ValidationError(SECOND_STEP_EXPIRED);
    return secondFactorPasskeyOptions(challenge);
  });
}
