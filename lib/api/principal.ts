import type { Actor } from '@/lib/auth/actor';
import type { ApiTokenKind, ApiTokenScope } from '@/lib/domain/enums';
import { AppError, ForbiddenError, NotFoundError } from '@/lib/errors';

/**
 * Who an API request acts as: the token's user (whose access bounds it), narrowed by the token's scopes and, for a
 * team token, to that team. db/auth/bearer.ts builds it from the Authorization header.
 */
export type ApiPrincipal = { actor: Actor; tokenId: string; kind: ApiTokenKind; scopes: ApiTokenScope[]; teamId: string | null };

/** 401: no token, an unknown, expired or revoked one, or one whose user is disabled. */
export class ApiAuthError extends AppError {
  constructor(message = 'Send a valid API token: Authorization: Bearer pft_…') {
    super(message, 401);
  }
}

export function assertTokenScope(p: ApiPrincipal, scope: ApiTokenScope): void {
  if (!p.scopes.includes(scope)) throw new ForbiddenError(`This token lacks the "${scope}" scope.`);
}

/** A team token reaches its own team only; anything else looks absent, as it does to an outsider. */
export function assertTokenTeam(p: ApiPrincipal, teamId: string): void {
  if (p.teamId !== null && p.teamId !== teamId) throw new NotFoundError();
}
