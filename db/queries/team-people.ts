import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { getDb } from '../index';
import { requireAssessment } from './access';
import { teamMemberships, users } from '../schema';
import type { Executor } from './executor';

export type TeamPerson = { id: string; name: string; role: string };

/** People an item can be assigned to: the team's members and reviewers (auditors only read). */
export function listAssignablePeople(tx: Executor, teamId: string): TeamPerson[] {
  return tx
    .select({ id: users.id, name: users.name, role: teamMemberships.role })
    .from(teamMemberships)
    .innerJoin(users, eq(users.id, teamMemberships.userId))
    .where(and(eq(teamMemberships.teamId, teamId), inArray(teamMemberships.role, ['member', 'reviewer']), isNull(users.disabledAt)))
    .orderBy(asc(users.name))
    .all();
}

/** Who may accept a risk on this team's behalf: its members and reviewers, and the instance admins. */
export function listRiskAcceptors(tx: Executor, teamId: string): TeamPerson[] {
  const team = listAssignablePeople(tx, teamId);
  const admins = tx
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.isAdmin, true), isNull(users.disabledAt)))
    .orderBy(asc(users.name))
    .all()
    .filter((a) => !team.some((p) => p.id === a.id))
    .map((a) => ({ ...a, role: 'admin' }));
  return [...team, ...admins];
}


/** The people an assessment's items can be assigned to, for anyone who may read the assessment. */
export function listAssignees(actor: Actor, assessmentId: string): TeamPerson[] {
  const db = getDb();
  const { assessment } = requireAssessment(db, actor, assessmentId, 'assessment.read');
  return listAssignablePeople(db, assessment.teamId);
}
