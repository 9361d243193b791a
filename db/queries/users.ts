import { and, asc, count, eq, isNull, ne } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/errors';
import { getDb } from '../index';
import { sessions, teamMemberships, teams, users, type TeamRole, type User } from '../schema';
import { appendAudit } from './audit';
import { normalizeEmail, issueSetPasswordToken } from './auth';
import { can } from '@/lib/permissions';
import { requireAdmin } from './access';

export type UserSummary = Pick<User, 'id' | 'email' | 'name' | 'isAdmin' | 'disabledAt' | 'createdAt'> & {
  hasPassword: boolean;
  teamCount: number;
};

export function listUsers(actor: Actor): UserSummary[] {
  requireAdmin(actor);
  const db = getDb();
  const teamCounts = db
    .select({ userId: teamMemberships.userId, n: count().as('n') })
    .from(teamMemberships)
    .groupBy(teamMemberships.userId)
    .as('team_counts');
  return db
    .select({
      id: users.id, email: users.email, name: users.name, isAdmin: users.isAdmin, disabledAt: users.disabledAt,
      createdAt: users.createdAt, passwordHash: users.passwordHash, teamCount: teamCounts.n,
    })
    .from(users)
    .leftJoin(teamCounts, eq(teamCounts.userId, users.id))
    .orderBy(asc(users.name))
    .all()
    .map(({ passwordHash, teamCount, ...u }) => ({ ...u, hasPassword: passwordHash !== null, teamCount: teamCount ?? 0 }));
}

/** Who may create accounts (createUser's assertAdmin), for screens that offer to. */
export function mayCreateUsers(actor: Actor): boolean {
  return can({ id: actor.id, isAdmin: actor.isAdmin, role: null }, 'administer', { kind: 'instance' });
}

function emailTaken(): ConflictError {
  return new ConflictError('An account with this email already exists.', { email: 'An account with this email already exists.' });
}

export const TEAM_GONE = 'This team no longer exists. Reload the page and choose another.';

/**
 * Admin creates an account without a password; the returned one-time link lets the person choose one. With a
 * team, the person joins it in the same transaction: no account is left behind without the membership it was for.
 */
export function createUser(
  actor: Actor,
  input: { email: string; name: string; isAdmin: boolean; team?: { teamId: string; role: TeamRole } },
): { user: User; setPasswordToken: string } {
  requireAdmin(actor);
  return getDb().transaction(
    (tx) => {
      const email = normalizeEmail(input.email);
      if (tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) throw emailTaken();
      const joining = input.team;
      if (joining && !tx.select({ id: teams.id }).from(teams).where(eq(teams.id, joining.teamId)).get()) throw new ValidationError(TEAM_GONE, { teamId: TEAM_GONE });
      const user = tx.insert(users).values({ id: crypto.randomUUID(), email, name: input.name, isAdmin: input.isAdmin }).returning().get();
      const setPasswordToken = issueSetPasswordToken(tx, user.id, actor.id);
      appendAudit(tx, { action: 'user.created', actor, target: { type: 'user', id: user.id }, details: { email, admin: input.isAdmin, via: 'admin', ...(joining ? { teamId: joining.teamId } : {}) } });
      if (joining) {
        tx.insert(teamMemberships).values({ teamId: joining.teamId, userId: user.id, role: joining.role }).run();
        appendAudit(tx, { action: 'team.member-added', actor, target: { type: 'team', id: joining.teamId }, details: { userId: user.id, email, role: joining.role, newAccount: true } });
      }
      return { user, setPasswordToken };
    },
    { behavior: 'immediate' },
  );
}

/** For the CLI (headless installs): an account with a password already chosen. */
export function createUserWithPassword(actor: Actor | null, input: { email: string; name: string; isAdmin: boolean; passwordHash: string }): User {
  if (actor) requireAdmin(actor);
  return getDb().transaction(
    (tx) => {
      const email = normalizeEmail(input.email);
      if (tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) throw emailTaken();
      const user = tx.insert(users).values({ id: crypto.randomUUID(), email, name: input.name, isAdmin: input.isAdmin, passwordHash: input.passwordHash }).returning().get();
      appendAudit(tx, { action: 'user.created', actor, actorLabel: actor ? null : 'command line', target: { type: 'user', id: user.id }, details: { email, admin: input.isAdmin, via: actor ? 'admin' : 'cli' } });
      return user;
    },
    { behavior: 'immediate' },
  );
}

function requireUserRow(tx: Pick<ReturnType<typeof getDb>, 'select'>, userId: string): User {
  const user = tx.select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw new NotFoundError('No such user.');
  return user;
}

/** A new set-password link (also the recovery path for a forgotten password); earlier links die. */
export function issuePasswordResetLink(actor: Actor | null, userId: string): { user: User; token: string } {
  if (actor) requireAdmin(actor);
  return getDb().transaction(
    (tx) => {
      const user = requireUserRow(tx, userId);
      if (user.disabledAt) throw new ValidationError('This account is disabled. Enable it before issuing a link.');
      const token = issueSetPasswordToken(tx, user.id, actor?.id ?? null);
      appendAudit(tx, { action: 'user.password-link-issued', actor, actorLabel: actor ? null : 'command line', target: { type: 'user', id: user.id } });
      return { user, token };
    },
    { behavior: 'immediate' },
  );
}

/** Disabling ends every session of the user at once. */
export function setUserDisabled(actor: Actor, userId: string, disabled: boolean): User {
  requireAdmin(actor);
  if (disabled && userId === actor.id) throw new ValidationError('You cannot disable your own account.');
  return getDb().transaction(
    (tx) => {
      requireUserRow(tx, userId);
      const user = tx.update(users).set({ disabledAt: disabled ? new Date() : null, updatedAt: new Date() }).where(eq(users.id, userId)).returning().get();
      if (disabled) tx.delete(sessions).where(eq(sessions.userId, userId)).run();
      appendAudit(tx, { action: disabled ? 'user.disabled' : 'user.enabled', actor, target: { type: 'user', id: userId }, details: { email: user.email } });
      return user;
    },
    { behavior: 'immediate' },
  );
}

export function setUserAdmin(actor: Actor, userId: string, isAdmin: boolean): User {
  requireAdmin(actor);
  if (!isAdmin && userId === actor.id) throw new ValidationError('You cannot remove your own admin role; ask another admin.');
  return getDb().transaction(
    (tx) => {
      requireUserRow(tx, userId);
      if (!isAdmin) {
        const others = tx.select({ n: count() }).from(users).where(and(eq(users.isAdmin, true), isNull(users.disabledAt), ne(users.id, userId))).get();
        if (!others?.n) throw new ValidationError('Preflight needs at least one active admin.');
      }
      const user = tx.update(users).set({ isAdmin, updatedAt: new Date() }).where(eq(users.id, userId)).returning().get();
      appendAudit(tx, { action: isAdmin ? 'user.admin-granted' : 'user.admin-revoked', actor, target: { type: 'user', id: userId }, details: { email: user.email } });
      return user;
    },
    { behavior: 'immediate' },
  );
}
