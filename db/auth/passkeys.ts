import 'server-only';
import { generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { addPasskey, passkeyByCredentialId, passkeyDescriptors, recordPasskeyUse } from '@/db/queries/mfa';
import { createChallenge, setWebauthnChallenge, takeRegistrationChallenge, takeWebauthnChallenge, type LiveChallenge } from '@/db/queries/sign-in-challenges';
import type { User } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { relyingParty } from '@/lib/auth/relying-party';
import { env } from '@/lib/env';
import { ValidationError } from '@/lib/errors';
import { log } from '@/lib/log';

// WebAuthn ceremonies with @simplewebauthn/server. Challenges are stored server-side and answered once; the
// verification itself (signature, origin, RP ID, counter) is the library's.

const TIMEOUT_MS = 120_000;

function rp() {
  return relyingParty(env().PUBLIC_URL);
}

export async function passkeyRegistrationOptions(actor: Actor): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { rpID, rpName } = rp();
  const options = await generateRegistrationOptions({
    rpName,
    rpID,
    userName: actor.email,
    userDisplayName: actor.name,
    userID: new TextEncoder().encode(actor.id),
    attestationType: 'none',
    timeout: TIMEOUT_MS,
    excludeCredentials: passkeyDescriptors(actor.id),
    // Discoverable when the device can, so the same key can later sign in without a password.
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    extensions: { credProps: true },
  });
  createChallenge({ purpose: 'registration', userId: actor.id, firstFactor: null, ip: actor.ip, webauthnChallenge: options.challenge });
  return options;
}

export const REGISTRATION_EXPIRED = 'The passkey setup took too long or was started again elsewhere. Try adding it again.';
export const REGISTRATION_REFUSED = 'The passkey could not be verified, so it was not added. Try again, or use another key.';

export async function finishPasskeyRegistration(actor: Actor, input: { name: string; response: RegistrationResponseJSON }): Promise<{ recoveryCodes: string[] | null }> {
  const expectedChallenge = takeRegistrationChallenge(actor.id);
  if (!expectedChallenge) throw new ValidationError(REGISTRATION_EXPIRED);
  const { rpID, origin } = rp();
  let verified;
  try {
    verified = await verifyRegistrationResponse({ response: input.response, expectedChallenge, expectedOrigin: origin, expectedRPID: rpID, requireUserVerification: false });
  } catch (err) {
    log.info({ event: 'passkey.registration-refused', userId: actor.id, reason: err instanceof Error ? err.message : String(err) }, 'passkey registration refused');
    throw new ValidationError(REGISTRATION_REFUSED);
  }
  if (!verified.verified) throw new ValidationError(REGISTRATION_REFUSED);
  const { credential, credentialBackedUp } = verified.registrationInfo;
  const rk = input.response.clientExtensionResults?.credProps?.rk;
  return addPasskey(actor, {
    credentialId: credential.id,
    publicKey: Buffer.from(credential.publicKey).toString('base64url'),
    counter: credential.counter,
    transports: (input.response.response.transports ?? credential.transports ?? []).slice(0, 10),
    name: input.name,
    discoverable: rk === true,
    backedUp: credentialBackedUp,
  });
}

/** Options for the second step: only this person's keys are offered. */
export async function secondFactorPasskeyOptions(challenge: LiveChallenge): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await generateAuthenticationOptions({ rpID: rp().rpID, timeout: TIMEOUT_MS, userVerification: 'preferred', allowCredentials: passkeyDescriptors(challenge.user!.id) });
  setWebauthnChallenge(challenge.tokenHash, options.challenge);
  return options;
}

/** Options for a passwordless sign-in: no account is named, the browser offers its discoverable credentials. */
export async function passwordlessPasskeyOptions(ip: string | null): Promise<{ token: string; expiresAt: Date; options: PublicKeyCredentialRequestOptionsJSON }> {
  const options = await generateAuthenticationOptions({ rpID: rp().rpID, timeout: TIMEOUT_MS, userVerification: 'required' });
  const { token, expiresAt } = createChallenge({ purpose: 'passkey', userId: null, firstFactor: null, ip, webauthnChallenge: options.challenge });
  return { token, expiresAt, options };
}

export type AssertionOutcome = { ok: true; user: User; passkeyName: string } | { ok: false; reason: string };

/**
 * Checks an assertion against the challenge it answers. The challenge is taken first (compare-and-set), so one
 * challenge is answered once even by parallel requests; `forUser` restricts it to that person's keys (the second
 * step), and a passwordless sign-in requires user verification (PIN or biometric): the key is then both factors.
 */
export async function verifyPasskeyAssertion(challenge: LiveChallenge, response: AuthenticationResponseJSON, opts: { forUser: string | null; requireUserVerification: boolean }): Promise<AssertionOutcome> {
  const expected = challenge.webauthnChallenge;
  if (!expected || !takeWebauthnChallenge(challenge.tokenHash, expected)) return { ok: false, reason: 'passkey challenge missing or used' };
  const passkey = passkeyByCredentialId(response.id);
  if (!passkey || passkey.user.disabledAt) return { ok: false, reason: 'unknown passkey' };
  if (opts.forUser && passkey.userId !== opts.forUser) return { ok: false, reason: 'passkey of another account' };
  const { rpID, origin } = rp();
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: expected,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: opts.requireUserVerification,
      credential: { id: passkey.credentialId, publicKey: Buffer.from(passkey.publicKey, 'base64url'), counter: passkey.counter, transports: JSON.parse(passkey.transports) as string[] },
    });
    if (!result.verified) return { ok: false, reason: 'passkey signature not verified' };
    if (!recordPasskeyUse(passkey.id, passkey.counter, result.authenticationInfo.newCounter)) return { ok: false, reason: 'passkey used concurrently' };
    return { ok: true, user: passkey.user, passkeyName: passkey.name };
  } catch (err) {
    return { ok: false, reason: `passkey refused: ${err instanceof Error ? err.message : String(err)}`.slice(0, 200) };
  }
}
