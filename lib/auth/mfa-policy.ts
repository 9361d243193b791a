import type { MfaRequirement, OidcMfaMode } from '@/lib/domain/enums';

export type MfaStanding = { isAdmin: boolean; isReviewer: boolean };

/** Whether the instance's setting requires this person to have a second factor. */
export function mfaRequiredFor(requirement: MfaRequirement, standing: MfaStanding): boolean {
  switch (requirement) {
    case 'nobody':
      return false;
    case 'admins':
      return standing.isAdmin;
    case 'reviewers':
      return standing.isAdmin || standing.isReviewer;
    case 'everyone':
      return true;
  }
}

// RFC 8176 values that name a factor beyond a password. "mfa" says outright that more than one was used.
const STRONG_AMR = new Set(['otp', 'hwk', 'swk', 'sc', 'fpt', 'face', 'iris', 'retina', 'vbm', 'pop', 'tel', 'sms']);

/** Whether an ID token's `amr` claim says the IdP itself ran multi-factor authentication. */
export function idpRanMfa(amr: unknown): boolean {
  if (!Array.isArray(amr)) return false;
  const values = amr.filter((v): v is string => typeof v === 'string');
  if (values.includes('mfa')) return true;
  // A password plus a possession or biometric factor is two factors, even without the "mfa" value.
  return values.some((v) => STRONG_AMR.has(v)) && values.length >= 2;
}

export type OidcSecondStep = 'none' | 'own-factor';

/**
 * After an OIDC sign-in: whether Preflight asks for its own second factor. Someone without one of their own is
 * never asked here; if the policy requires one, enrolment follows the sign-in.
 */
export function oidcSecondStep(input: { mode: OidcMfaMode; amr: unknown; hasOwnFactor: boolean }): OidcSecondStep {
  if (!input.hasOwnFactor) return 'none';
  if (input.mode === 'trust-idp' && idpRanMfa(input.amr)) return 'none';
  return 'own-factor';
}
