import { generate, generateSecret, generateURI, verify } from 'otplib';

// RFC 6238 with the parameters every authenticator app understands: SHA-1, 6 digits, 30 s steps.
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_ISSUER = 'Preflight';

/** 160 random bits, Base32: what RFC 4226 recommends and what apps accept when typed in. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export function totpUri(secret: string, accountLabel: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: accountLabel, secret });
}

/** The secret in groups of four, easier to type into an app by hand. */
export function groupedSecret(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/** Six digits; spaces and dashes people type are dropped. Anything else is not a code. */
export function normalizeTotpCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(code) ? code : null;
}

export type TotpCheck = { ok: true; timeStep: number } | { ok: false; reason: 'wrong' | 'replayed' };

/**
 * Accepts a code for the current step or one step either side (clock drift), and only for a step after the
 * last one accepted, so a code that worked once never works again. The caller stores the returned step with a
 * compare-and-set, so two requests racing with the same code cannot both pass.
 */
export async function checkTotp(input: { secret: string; code: string; lastTimeStep: number | null; nowMs?: number }): Promise<TotpCheck> {
  const token = normalizeTotpCode(input.code);
  if (!token) return { ok: false, reason: 'wrong' };
  const epoch = Math.floor((input.nowMs ?? Date.now()) / 1000);
  const result = await verify({ secret: input.secret, token, epoch, epochTolerance: TOTP_PERIOD_SECONDS });
  if (!result.valid) return { ok: false, reason: 'wrong' };
  const timeStep = Math.floor(epoch / TOTP_PERIOD_SECONDS) + result.delta;
  if (input.lastTimeStep !== null && timeStep <= input.lastTimeStep) return { ok: false, reason: 'replayed' };
  return { ok: true, timeStep };
}

/** For tests and the demo: the code an app would show at a given moment. */
export function totpCodeAt(secret: string, nowMs: number): Promise<string> {
  return generate({ secret, epoch: Math.floor(nowMs / 1000) });
}
