import { and, asc, count, eq } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/errors';
import { getDb } from '../index';
import { teamMemberships, teams, users, type Team, type TeamRole } from '../schema';
import { appendAudit } from './audit';
import { normalizeEmail } from './auth';
import { can } from '@/lib/permissions';
import { requireAdmin, requireTeam } from './access';
import { mayCreateUsers } from './users';

export type TeamSummary = Team & { memberCount: number; myRole: TeamRole | null };

/** Admins see every team; everyone else the teams they belong to. With `onlyMine`, admins too see only their own. */
export function listTeams(actor: Actor, options: { onlyMine?: boolean } = {}): TeamSummary[] {
  const db = getDb();
  const counts = db.select({ teamId: teamMemberships.teamId, n: count().as('n') }).from(teamMemberships).groupBy(teamMemberships.teamId).as('counts');
  const mine = db.select({ teamId: teamMemberships.teamId, role: teamMemberships.role }).from(teamMemberships).where(eq(teamMemberships.userId, actor.id)).as('mine');
  const query = db
    .select({ team: teams, memberCount: counts.n, myRole: mine.role })
    .from(teams)
    .leftJoin(counts, eq(counts.teamId, teams.id))
    .leftJoin(mine, eq(mine.teamId, teams.id));
  const everyTeam = can({ id: actor.id, isAdmin: actor.isAdmin, role: null }, 'administer', { kind: 'instance' }) && !options.onlyMine;
  const rows = (everyTeam ? query : query.where(eq(mine.teamId, teams.id))).orderBy(asc(teams.name)).all();
  return rows.map((r) => ({ ...r.team, memberCount: r.memberCount ?? 0, myRole: r.myRole ?? null }));
}

export type TeamMember = { userId: string; name: string; email: string; role: TeamRole; disabled: boolean };

/** The team and its members, for admins and the team's own people; not-found for anyone else. */
export type TeamPermissions = { createAssessment: boolean; createPlan: boolean; manageMembers: boolean };

export function getTeam(actor: Actor, teamId: string): { team: Team; members: TeamMember[]; myRole: TeamRole | null; may: TeamPermissions } {
  const db = getDb();
  const team = db.select().from(teams).where(eq(teams.id, teamId)).get();
  if (!team) throw new NotFoundError();
  const members = db
    .select({ userId: users.id, name: users.name, email: users.email, role: teamMemberships.role, disabledAt: users.disabledAt })
    .from(teamMemberships)
    .innerJoin(users, eq(users.id, teamMemberships.userId))
    .where(eq(teamMemberships.teamId, teamId))
    .orderBy(asc(users.name))
    .all()
    .map(({ disabledAt, ...m }) => ({ ...m, disabled: disabledAt !== null }));
  // A team that exists but is not theirs: the same not-found, and it counts toward the probing alert.
  const standing = requireTeam(db, actor, teamId, 'team.read');
  const team_ = { kind: 'team' } as const;
  const may = { createAssessment: can(standing, 'assessment.create', team_), createPlan: can(standing, 'plan.create', team_), manageMembers: can(standing, 'team.manage-members', team_) };
  return { team, members, myRole: standing.role, may };
}

export function createTeam(actor: Actor, input: { name: string; description: string }): Team {
  requireAdmin(actor);
  return getDb().transaction(
    (tx) => {
      const exists = tx.select({ id: teams.id }).from(teams).where(eq(teams.name, input.name)).get();
      if (exists) throw new ConflictError('A team with this name already exists.', { name: 'A team with this name already exists.' });
      const team = tx.insert(teams).values({ id: crypto.randomUUID(), name: input.name, description: input.description }).returning().get();
      appendAudit(tx, { action: 'team.created', actor, target: { type: 'team', id: team.id }, details: { name: team.name } });
      return team;
    },
    { behavior: 'immediate' },
  );
}

/**
 * The add-member form's answer for an email no account has. Only people who may add members get this far, and
 * the form has always said so to them; whether they may also create the account is the data layer's call.
 */
export class UnknownMemberEmailError extends ValidationError {
  constructor(readonly mayCreateUser: boolean) {
    const message = mayCreateUser ? 'No account has this email yet.' : 'No account has this email. Ask an admin to create the account first.';
    super(message, { email: message });
  }
}

export function addTeamMember(actor: Actor, teamId: string, input: { email: string; role: TeamRole }): TeamMember {
  return getDb().transaction(
    (tx) => {
      requireTeam(tx, actor, teamId, 'team.manage-members');
      if (!tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).get()) throw new NotFoundError();
      const user = tx.select().from(users).where(eq(users.email, normalizeEmail(input.email))).get();
      if (!user) throw new UnknownMemberEmailError(mayCreateUsers(actor));
      const existing = tx.select().from(teamMemberships).where(and(eq(teamMemberships.teamId, teamId), eq(teamMemberships.userId, user.id))).get();
      if (existing) throw new ValidationError(`${user.name} is already on this team as ${existing.role}.`, { email: `Already on this team as ${existing.role}.` });
      tx.insert(teamMemberships).values({ teamId, userId: user.id, role: input.role }).run();
      appendAudit(tx, { action: 'team.member-added', actor, target: { type: 'team', id: teamId }, details: { userId: user.id, email: user.email, role: input.role } });
      return { userId: user.id, name: user.name, email: user.email, role: input.role, disabled: user.disabledAt !== null };
    },
    { behavior: 'immediate' },
  );
}

export function changeTeamRole(actor: Actor, teamId: string, userId: string, role: TeamRole): void {
  getDb().transaction(
    (tx) => {
      requireTeam(tx, actor, teamId, 'team.manage-members');
      const existing = tx.select().from(teamMemberships).where(and(eq(teamMemberships.teamId, teamId), eq(teamMemberships.userId, userId))).get();
      if (!existing) throw new NotFoundError();
      if (existing.role === role) return;
      tx.update(teamMemberships).set({ role }).where(and(eq(teamMemberships.teamId, teamId), eq(teamMemberships.userId, userId))).run();
      appendAudit(tx, { action: 'team.role-changed', actor, target: { type: 'team', id: teamId }, details: { userId, from: existing.role, to: role } });
    },
    { behavior: 'immediate' },
  );
}

export function removeTeamMember(actor: Actor, teamId: string, userId: string): void {
  getDb().transaction(
    (tx) => {
      requireTeam(tx, actor, teamId, 'team.manage-members');
      const removed = tx.delete(teamMemberships).where(and(eq(teamMemberships.teamId, teamId), eq(teamMemberships.userId, userId))).returning().get();
      if (!removed) throw new NotFoundError();
      appendAudit(tx, { action: 'team.member-removed', actor, target: { type: 'team', id: teamId }, details: { userId, role: removed.role } });
    },
    { behavior: 'immediate' },
  );
}
