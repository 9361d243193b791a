'use server';

import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { revalidatePath } from 'next/cache';
import { parseInput, runAction, type ActionResult } from '@/app/_server/action-result';
import { requireActor } from '@/app/_server/current-user';
import { finishPasskeyRegistration, passkeyRegistrationOptions } from '@/db/auth/passkeys';
import { beginTotpEnrolment, confirmTotpEnrolment, pendingTotp, regenerateRecoveryCodes, removePasskey, removeTotp } from '@/db/queries/mfa';
import { checkTotp, newTotpSecret } from '@/lib/auth/totp';
import { ValidationError } from '@/lib/errors';
import { AddPasskeySchema, PasskeyIdSchema, TotpCodeSchema, WRONG_ENROLMENT_CODE } from './schemas';

// Every action here is open while enrolment is due: it is how a person the policy covers gets a factor.
const enrolling = { duringMfaEnrolment: true } as const;

export async function beginTotpAction(): Promise<ActionResult<null>> {
  return runAction(async () => {
    beginTotpEnrolment(await requireActor(enrolling), newTotpSecret());
    revalidatePath('/account/mfa');
    return null;
  });
}

export async function confirmTotpAction(input: unknown): Promise<ActionResult<{ recoveryCodes: string[] | null }>> {
  return runAction(async () => {
    const actor = await requireActor(enrolling);
    const { code } = parseInput(TotpCodeSchema, input);
    const pending = pendingTotp(actor);
    if (!pending) throw new ValidationError('There is no setup in progress. Start again with “Set up an authenticator app”.');
    const check = await checkTotp({ secret: pending.secret, code, lastTimeStep: null });
    if (!check.ok) throw new ValidationError(WRONG_ENROLMENT_CODE, { code: WRONG_ENROLMENT_CODE });
    const result = confirmTotpEnrolment(actor, { sealed: pending.sealed, timeStep: check.timeStep });
    revalidatePath('/account/mfa');
    return result;
  });
}

export async function removeTotpAction(): Promise<ActionResult<null>> {
  return runAction(async () => {
    removeTotp(await requireActor(enrolling));
    revalidatePath('/account/mfa');
    return null;
  });
}

export async function passkeyOptionsAction(): Promise<ActionResult<PublicKeyCredentialCreationOptionsJSON>> {
  return runAction(async () => passkeyRegistrationOptions(await requireActor(enrolling)));
}

export async function addPasskeyAction(input: unknown): Promise<ActionResult<{ recoveryCodes: string[] | null }>> {
  return runAction(async () => {
    const actor = await requireActor(enrolling);
    const { name, response } = parseInput(AddPasskeySchema, input);
    const result = await finishPasskeyRegistration(actor, { name, response });
    revalidatePath('/account/mfa');
    return result;
  });
}

export async function removePasskeyAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireActor(enrolling);
    removePasskey(actor, parseInput(PasskeyIdSchema, input).passkeyId);
    revalidatePath('/account/mfa');
    return null;
  });
}

export async function regenerateRecoveryCodesAction(): Promise<ActionResult<{ recoveryCodes: string[] }>> {
  return runAction(async () => {
    const codes = regenerateRecoveryCodes(await requireActor(enrolling));
    revalidatePath('/account/mfa');
    return { recoveryCodes: codes };
  });
}
