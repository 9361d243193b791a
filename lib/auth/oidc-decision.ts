// Whether an OpenID Connect sign-in may go ahead, decided from the ID token's claims and what the database
// already knows. Pure, so every rule is tested without an identity provider; db/queries/auth.ts reads the state
// and applies the decision in one transaction.

/** The parts of an ID token that matter here, checked. */
export type OidcIdentity = {
  issuer: string;
  subject: string;
  /** Normalised (trimmed, lower case), or null when the claim is missing or not an email address. */
  email: string | null;
  /** Only the JSON boolean `true` counts; "true", 1, a missing claim or anything else is not verified. */
  emailVerified: boolean;
  /** What the IdP sent as `email_verified`, for the audit log: `true`, `false`, `"false"`, `missing`, … */
  emailVerifiedClaim: string;
};

export type OidcUser = { id: string; disabled: boolean };

export type OidcState = {
  /** The user already linked to this (issuer, subject), if any. */
  linkedUser: OidcUser | null;
  /** The user whose email equals the identity's email, if any. */
  emailUser: OidcUser | null;
  /** The subject `emailUser` is already linked to at this issuer, if any. */
  emailUserSubject: string | null;
};

export type OidcRefusal = 'invalid-identity' | 'no-email' | 'email-not-verified' | 'no-account' | 'linked-to-other-subject' | 'account-disabled';

export type OidcDecision =
  | { kind: 'sign-in'; userId: string }
  | { kind: 'link'; userId: string }
  | { kind: 'refuse'; reason: OidcRefusal; userId: string | null };

// OIDC Core: `sub` is at most 255 ASCII characters; issuers are URLs and a few hundred characters at most.
const MAX_SUBJECT = 255;
const MAX_ISSUER = 2048;
const MAX_EMAIL = 254;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;

function describeClaim(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Reads the identity from ID token claims, or null when issuer or subject is unusable. */
export function readOidcIdentity(claims: unknown): OidcIdentity | null {
  if (!claims || typeof claims !== 'object') return null;
  const c = claims as Record<string, unknown>;
  const { iss, sub, email } = c;
  if (typeof iss !== 'string' || iss.length === 0 || iss.length > MAX_ISSUER) return null;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_SUBJECT) return null;
  const trimmed = typeof email === 'string' ? email.trim().toLowerCase() : '';
  const usableEmail = trimmed.length > 0 && trimmed.length <= MAX_EMAIL && EMAIL_SHAPE.test(trimmed);
  return {
    issuer: iss,
    subject: sub,
    email: usableEmail ? trimmed : null,
    emailVerified: c.email_verified === true,
    emailVerifiedClaim: describeClaim(c.email_verified),
  };
}

/**
 * An identity already linked signs in as its user (the email may have changed at the IdP since). An unlinked one
 * is linked to the account with its email only when the IdP says the email is verified, that account is active
 * and it has no other subject at this issuer: a second identity with the same email never takes over a linked
 * user. Nothing here creates a user.
 */
export function decideOidcSignIn(identity: OidcIdentity | null, state: OidcState): OidcDecision {
  if (!identity) return { kind: 'refuse', reason: 'invalid-identity', userId: null };
  const { linkedUser, emailUser, emailUserSubject } = state;
  if (linkedUser) {
    return linkedUser.disabled ? { kind: 'refuse', reason: 'account-disabled', userId: linkedUser.id } : { kind: 'sign-in', userId: linkedUser.id };
  }
  if (!identity.email) return { kind: 'refuse', reason: 'no-email', userId: null };
  // Before looking at the account, so an unverified claim learns nothing about which emails exist.
  if (!identity.emailVerified) return { kind: 'refuse', reason: 'email-not-verified', userId: null };
  if (!emailUser) return { kind: 'refuse', reason: 'no-account', userId: null };
  // Before the disabled check, so someone who is not the linked identity does not learn the account's state.
  if (emailUserSubject !== null && emailUserSubject !== identity.subject) return { kind: 'refuse', reason: 'linked-to-other-subject', userId: emailUser.id };
  if (emailUser.disabled) return { kind: 'refuse', reason: 'account-disabled', userId: emailUser.id };
  return emailUserSubject === identity.subject ? { kind: 'sign-in', userId: emailUser.id } : { kind: 'link', userId: emailUser.id };
}

/** What the audit log records as the reason for each refusal. */
export const OIDC_REFUSAL_REASONS: Record<OidcRefusal, string> = {
  'invalid-identity': 'unusable issuer or subject',
  'no-email': 'no email claim',
  'email-not-verified': 'email not verified by the identity provider',
  'no-account': 'unknown account',
  'linked-to-other-subject': 'account linked to another subject',
  'account-disabled': 'account disabled',
};

/**
 * next-auth hands its adapter only (provider, providerAccountId), so the account id it carries is the pair
 * (issuer, subject) as JSON: unambiguous whatever characters either holds.
 */
export function oidcAccountKey(identity: Pick<OidcIdentity, 'issuer' | 'subject'>): string {
  return JSON.stringify([identity.issuer, identity.subject]);
}

export function parseOidcAccountKey(key: string): Pick<OidcIdentity, 'issuer' | 'subject'> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(key);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return null;
  const identity = readOidcIdentity({ iss: parsed[0], sub: parsed[1] });
  return identity ? { issuer: identity.issuer, subject: identity.subject } : null;
}

/** The `error` code /login shows for each refusal. An unknown account and a foreign link read the same. */
export const OIDC_ERROR_CODES: Record<OidcRefusal, string> = {
  'invalid-identity': 'OidcInvalidIdentity',
  'no-email': 'OidcNoEmail',
  'email-not-verified': 'OidcEmailNotVerified',
  'no-account': 'OidcNoAccount',
  'linked-to-other-subject': 'OidcNoAccount',
  'account-disabled': 'OidcAccountDisabled',
};

export const OIDC_ERROR_MESSAGES: Record<string, string> = {
  OidcInvalidIdentity: 'Your identity provider sent an identity Preflight cannot use. Ask an admin to check the single sign-on setup.',
  OidcNoEmail: 'Your identity provider did not share an email address, so Preflight cannot match you to an account. Ask an admin.',
  OidcEmailNotVerified:
    'Your identity provider has not verified this email address, so Preflight cannot link it to an account. Verify the address with your identity provider, or sign in with your password.',
  OidcNoAccount: 'Single sign-on worked, but no active Preflight account matches that identity. Ask an admin to create one or to check the link.',
  OidcAccountDisabled: 'This Preflight account is disabled. Ask an admin if you need access again.',
};
