import { and, desc, eq, isNull, lte, or } from 'drizzle-orm';
import { generateApiToken } from '@/lib/api/token-format';
import type { Actor } from '@/lib/auth/actor';
import type { ApiTokenKind, ApiTokenScope, TeamRole } from '@/lib/domain/enums';
import { AppError, NotFoundError } from '@/lib/errors';
import { decide } from '@/lib/permissions';
import type { TokenFields, TokenRefusal } from '@/lib/validation/api-token';
import { getDb } from '../index';
import { apiTokens, teamMemberships, teams, users, type ApiToken, type User } from '../schema';
import { requireAdmin, requireTeam } from './access';
import { appendAudit } from './audit';
import { normalizeEmail } from './auth';
import type { Executor } from './executor';

const DAY_MS = 24 * 60 * 60_000;
/** Last use is written at most this often per token: a CI job polling the gate should not write on every call. */
export const LAST_USED_EVERY_MS = 60_000;

/** What a token's standing depends on besides its own row: its user and, for a team token, their role there. */
type Owner = Pick<User, 'isAdmin' | 'disabledAt'> & { role: TeamRole | null };

/** Why a stored token does not work (any more), or null when it does; see TokenRefusal. */
export function tokenRefusal(token: Pick<ApiToken, 'kind' | 'revokedAt' | 'expiresAt' | 'userId'>, owner: Owner, now: Date): TokenRefusal | null {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (owner.disabledAt) return 'user-disabled';
  // An instance token is an admin's reach; once they are no longer an admin it must not fall back to less.
  if (token.kind === 'instance' && !owner.isAdmin) return 'owner-not-admin';
  if (token.kind === 'team') {
    // It works while its creator may still make tokens for the team: on it (or an admin), and not an auditor.
    const d = decide({ id: token.userId, isAdmin: owner.isAdmin, role: owner.role }, 'team.manage-tokens', { kind: 'team' });
    if (!d.allowed) return d.denial === 'not-found' ? 'creator-left-team' : 'creator-not-allowed';
  }
  return null;
}

export type ApiTokenView = {
  id: string;
  kind: ApiTokenKind;
  name: string;
  displayPrefix: string;
  scopes: ApiTokenScope[];
  teamId: string | null;
  createdByName: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  revokedAt: Date | null;
  /** null: the token works. */
  refusal: TokenRefusal | null;
};

function parseScopes(json: string): ApiTokenScope[] {
  return JSON.parse(json) as ApiTokenScope[];
}

/** Tokens with what decides whether they still work: the owner's account and their role on the token's team. */
function selectTokens(tx: Executor) {
  return tx
    .select({ token: apiTokens, ownerName: users.name, isAdmin: users.isAdmin, disabledAt: users.disabledAt, role: teamMemberships.role })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .leftJoin(teamMemberships, and(eq(teamMemberships.teamId, apiTokens.teamId), eq(teamMemberships.userId, apiTokens.userId)));
}

type TokenRow = { token: ApiToken; ownerName: string; isAdmin: boolean; disabledAt: Date | null; role: TeamRole | null };

function viewOf(r: TokenRow, now: Date): ApiTokenView {
  const t = r.token;
  return {
    id: t.id,
    kind: t.kind,
    name: t.name,
    displayPrefix: t.displayPrefix,
    scopes: parseScopes(t.scopes),
    teamId: t.teamId,
    createdByName: r.ownerName,
    createdAt: t.createdAt,
    expiresAt: t.expiresAt,
    lastUsedAt: t.lastUsedAt,
    lastUsedIp: t.lastUsedIp,
    revokedAt: t.revokedAt,
    refusal: tokenRefusal(t, r, now),
  };
}

/** Where a token belongs: the page that lists it and the permission that guards it. */
export type TokenPlace = { kind: 'personal' } | { kind: 'team'; teamId: string } | { kind: 'instance' };

/** Throws unless the actor may make, list and revoke tokens of this place. */
function requirePlace(tx: Executor, actor: Actor, place: TokenPlace): void {
  if (place.kind === 'instance') requireAdmin(actor);
  else if (place.kind === 'team') {
    requireTeam(tx, actor, place.teamId, 'team.manage-tokens');
    if (!tx.select({ id: teams.id }).from(teams).where(eq(teams.id, place.teamId)).get()) throw new NotFoundError();
  }
  // Personal: everyone signed in has their own.
}

function placeCondition(actor: Actor, place: TokenPlace) {
  if (place.kind === 'personal') return and(eq(apiTokens.kind, 'personal'), eq(apiTokens.userId, actor.id));
  if (place.kind === 'team') return and(eq(apiTokens.kind, 'team'), eq(apiTokens.teamId, place.teamId));
  return eq(apiTokens.kind, 'instance');
}

export type IssuedApiToken = { token: string; view: ApiTokenView };

/**
 * Issues a token and returns it in clear, the only time it exists outside the caller: the database keeps its
 * hash and an 8-character prefix, and the audit entry names it by id and prefix only.
 */
export function createApiToken(actor: Actor, place: TokenPlace, fields: TokenFields, options: { via?: 'cli'; now?: Date } = {}): IssuedApiToken {
  const now = options.now ?? new Date();
  return getDb().transaction(
    (tx) => {
      requirePlace(tx, actor, place);
      const issued = generateApiToken();
      const row = tx
        .insert(apiTokens)
        .values({
          id: crypto.randomUUID(),
          kind: place.kind,
          name: fields.name,
          userId: actor.id,
          teamId: place.kind === 'team' ? place.teamId : null,
          scopes: JSON.stringify(fields.scopes),
          tokenHash: issued.tokenHash,
          displayPrefix: issued.displayPrefix,
          createdAt: now,
          expiresAt: new Date(now.getTime() + fields.days * DAY_MS),
        })
        .returning()
        .get();
      appendAudit(tx, {
        action: 'api-token.created',
        actor,
        target: { type: 'api-token', id: row.id },
        details: {
          kind: row.kind,
          name: row.name,
          ...(row.teamId ? { teamId: row.teamId } : {}),
          scopes: fields.scopes.join(', '),
          displayPrefix: row.displayPrefix,
          expiresAt: row.expiresAt.toISOString(),
          ...(options.via ? { via: options.via } : {}),
        },
      });
      const owner = tx.select({ isAdmin: users.isAdmin, disabledAt: users.disabledAt }).from(users).where(eq(users.id, actor.id)).get()!;
      const role = place.kind === 'team' ? (tx.select({ role: teamMemberships.role }).from(teamMemberships).where(and(eq(teamMemberships.teamId, place.teamId), eq(teamMemberships.userId, actor.id))).get()?.role ?? null) : null;
      return { token: issued.token, view: viewOf({ token: row, ownerName: actor.name, ...owner, role }, now) };
    },
    { behavior: 'immediate' },
  );
}

/** The tokens of one place, newest first, revoked ones included (they say so). */
export function listApiTokens(actor: Actor, place: TokenPlace, now = new Date()): ApiTokenView[] {
  const db = getDb();
  requirePlace(db, actor, place);
  return selectTokens(db)
    .where(placeCondition(actor, place))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .all()
    .map((r) => viewOf(r, now));
}

/** The team tokens page: anyone on the team sees the page; only those who may make tokens see them. */
export function getTeamTokensPage(actor: Actor, teamId: string, now = new Date()): { team: { id: string; name: string }; mayManage: boolean; whyNot: string | null; tokens: ApiTokenView[] } {
  const db = getDb();
  const standing = requireTeam(db, actor, teamId, 'team.read');
  const team = db.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.id, teamId)).get();
  if (!team) throw new NotFoundError();
  const d = decide(standing, 'team.manage-tokens', { kind: 'team' });
  if (!d.allowed) return { team, mayManage: false, whyNot: d.message, tokens: [] };
  return { team, mayManage: true, whyNot: null, tokens: listApiTokens(actor, { kind: 'team', teamId }, now) };
}

/**
 * Revokes a token of the place the page names, at once: the next request with it is refused. A token of another
 * place, or one the actor may not manage, is not-found. Revoking a revoked token changes nothing.
 */
export function revokeApiToken(actor: Actor, place: TokenPlace, tokenId: string, now = new Date()): ApiTokenView {
  return getDb().transaction(
    (tx) => {
      requirePlace(tx, actor, place);
      const found = selectTokens(tx)
        .where(and(eq(apiTokens.id, tokenId), placeCondition(actor, place)))
        .get();
      if (!found) throw new NotFoundError();
      if (found.token.revokedAt) return viewOf(found, now);
      const token = tx.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, tokenId)).returning().get();
      appendAudit(tx, {
        action: 'api-token.revoked',
        actor,
        target: { type: 'api-token', id: tokenId },
        details: { kind: token.kind, name: token.name, displayPrefix: token.displayPrefix, ...(token.teamId ? { teamId: token.teamId } : {}), ...(token.userId !== actor.id ? { userId: token.userId } : {}) },
      });
      return viewOf({ ...found, token }, now);
    },
    { behavior: 'immediate' },
  );
}

// ——— For db/auth/bearer.ts: the request has no actor yet; the token is what is being checked. ———

export type BearerCandidate = { token: ApiToken; user: User; role: TeamRole | null };

/** The token with this hash (a unique-index lookup, so no secret is ever compared as a string), its user and their role. */
export function findTokenByHash(tokenHash: string): BearerCandidate | undefined {
  const row = getDb()
    .select({ token: apiTokens, user: users, role: teamMemberships.role })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .leftJoin(teamMemberships, and(eq(teamMemberships.teamId, apiTokens.teamId), eq(teamMemberships.userId, apiTokens.userId)))
    .where(eq(apiTokens.tokenHash, tokenHash))
    .get();
  return row ?? undefined;
}

/**
 * Notes a use: time and address, at most once a minute per token. The condition sits in the UPDATE itself, so
 * parallel requests write once and a busy token costs one write a minute, not one per request.
 */
export function recordTokenUse(tokenId: string, ip: string | null, now = new Date()): boolean {
  const result = getDb()
    .update(apiTokens)
    .set({ lastUsedAt: now, lastUsedIp: ip })
    .where(and(eq(apiTokens.id, tokenId), or(isNull(apiTokens.lastUsedAt), lte(apiTokens.lastUsedAt, new Date(now.getTime() - LAST_USED_EVERY_MS)))))
    .run();
  return result.changes > 0;
}

export type BearerRefusalReason = 'malformed' | 'unknown' | TokenRefusal;

/** Audits a refused token use with the real reason; the token itself is never recorded, only its id and prefix once known. */
export function recordTokenRefusal(input: { reason: BearerRefusalReason; ip: string | null; token?: Pick<ApiToken, 'id' | 'displayPrefix' | 'userId' | 'kind'> }): void {
  const { reason, ip, token } = input;
  getDb().transaction(
    (tx) =>
      appendAudit(tx, {
        action: 'api-token.refused',
        actorLabel: token ? `API token pft_${token.displayPrefix}…` : 'API token',
        ip,
        target: token ? { type: 'api-token', id: token.id } : null,
        details: { reason, ...(token ? { tokenId: token.id, kind: token.kind, userId: token.userId } : {}) },
      }),
    { behavior: 'immediate' },
  );
}

// ——— For scripts/token-create.ts ———

/** A refusal of the command line's arguments; the CLI exits 2 for it. */
class UsageError extends AppError {
  constructor(message: string) {
    super(message, 2);
  }
}

/**
 * Issues a token for headless set-up, acting as the named user (audited as them, "through the command line").
 * `team` is a team id or its exact name. Every refusal is a usage error with a sentence to act on.
 */
export function createApiTokenFromCli(input: { email: string; team?: string; instance: boolean; fields: TokenFields }): IssuedApiToken {
  const db = getDb();
  const user = db.select().from(users).where(eq(users.email, normalizeEmail(input.email))).get();
  if (!user) throw new UsageError(`No account has the email ${input.email}. Create it first with npm run -s user:create.`);
  if (user.disabledAt) throw new UsageError(`The account ${user.email} is disabled; its tokens would not work.`);
  const actor: Actor = { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin, ip: null };
  let place: TokenPlace = { kind: 'personal' };
  if (input.instance) {
    if (!user.isAdmin) throw new UsageError(`${user.email} is not an admin; only admins make instance tokens.`);
    place = { kind: 'instance' };
  } else if (input.team !== undefined) {
    const team = db
      .select({ id: teams.id, name: teams.name })
      .from(teams)
      .where(or(eq(teams.id, input.team), eq(teams.name, input.team)))
      .get();
    if (!team) throw new UsageError(`No team has the id or exact name “${input.team}”.`);
    const role = db.select({ role: teamMemberships.role }).from(teamMemberships).where(and(eq(teamMemberships.teamId, team.id), eq(teamMemberships.userId, user.id))).get()?.role ?? null;
    const d = decide({ id: user.id, isAdmin: user.isAdmin, role }, 'team.manage-tokens', { kind: 'team' });
    if (!d.allowed) throw new UsageError(d.denial === 'not-found' ? `${user.email} is not a member of the team “${team.name}”.` : `${user.email} is an auditor of “${team.name}”: ${d.message}`);
    place = { kind: 'team', teamId: team.id };
  }
  return createApiToken(actor, place, input.fields, { via: 'cli' });
}
