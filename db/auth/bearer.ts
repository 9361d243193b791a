import 'server-only';
import { findTokenByHash, recordTokenRefusal, recordTokenUse, tokenRefusal, type BearerRefusalReason } from '@/db/queries/api-tokens';
import { ApiAuthError, type ApiPrincipal } from '@/lib/api/principal';
import { hashApiToken, looksLikeApiToken } from '@/lib/api/token-format';
import { log } from '@/lib/log';

export const MISSING_TOKEN = 'This request needs an API token: send the header Authorization: Bearer pft_… (make a token on your account page).';
export const MALFORMED_TOKEN = 'The Authorization header must be “Bearer ” followed by a Preflight API token: pft_ and 43 letters, digits, - or _.';
// One message for a token that never existed and one that was revoked, so the answer does not tell a guesser
// which prefixes were real. The audit entry keeps the real reason.
export const INVALID_TOKEN = 'This API token is not valid: it was mistyped or revoked. Make a new one in Preflight.';

function refusalMessage(reason: BearerRefusalReason, expiresAt: Date): string {
  switch (reason) {
    case 'malformed':
      return MALFORMED_TOKEN;
    case 'unknown':
    case 'revoked':
      return INVALID_TOKEN;
    case 'expired':
      return `This API token expired on ${expiresAt.toISOString().slice(0, 10)}. Make a new one in Preflight.`;
    case 'user-disabled':
      return 'The account this API token belongs to is disabled, so the token no longer works.';
    case 'owner-not-admin':
      return 'The person who made this instance token is no longer an admin, so it no longer works. An admin can make a new one.';
    case 'creator-left-team':
      return 'The person who made this team token is no longer on the team, so it no longer works. A team member can make a new one.';
    case 'creator-not-allowed':
      return 'The person who made this team token may no longer make tokens for the team, so it no longer works. A team member can make a new one.';
  }
}

const BEARER = /^\s*bearer[ \t]+(\S+)\s*$/i;

/**
 * The API's authentication: the principal for a request's Authorization header, or an ApiAuthError (401) with a
 * sentence a person can act on. The token is found by its SHA-256 through the unique index, so the secret is
 * never compared as a string. Every refusal of a presented token is audited with its real reason (a request with
 * no header at all is not: nothing was presented, and anonymous traffic must not fill the audit log).
 */
export function authenticateBearer(authorization: string | null, ip: string | null, now = new Date()): ApiPrincipal {
  if (!authorization?.trim()) throw new ApiAuthError(MISSING_TOKEN);
  const token = BEARER.exec(authorization)?.[1];
  if (!token || !looksLikeApiToken(token)) return refuse('malformed', ip);
  const found = findTokenByHash(hashApiToken(token));
  if (!found) return refuse('unknown', ip);
  const { token: row, user, role } = found;
  const reason = tokenRefusal(row, { ...user, role }, now);
  if (reason) return refuse(reason, ip, row);
  recordTokenUse(row.id, ip, now);
  return {
    actor: { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin, ip },
    tokenId: row.id,
    kind: row.kind,
    scopes: JSON.parse(row.scopes) as ApiPrincipal['scopes'],
    teamId: row.kind === 'team' ? row.teamId : null,
  };
}

function refuse(reason: BearerRefusalReason, ip: string | null, token?: Parameters<typeof recordTokenRefusal>[0]['token'] & { expiresAt: Date }): never {
  recordTokenRefusal({ reason, ip, ...(token ? { token } : {}) });
  log.info({ event: 'api-token.refused', reason, tokenId: token?.id ?? null, ip }, 'API token refused');
  throw new ApiAuthError(refusalMessage(reason, token?.expiresAt ?? new Date(0)));
}
