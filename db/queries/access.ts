import { and, eq } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { ForbiddenError, NotFoundError, ValidationError } from '@/lib/errors';
import { assessments, teamMemberships, type Assessment, type TeamRole } from '../schema';
import type { Executor } from './executor';

export type Access = 'read' | 'write';

export function teamRole(tx: Executor, actor: Actor, teamId: string): TeamRole | null {
  const row = tx.select({ role: teamMemberships.role }).from(teamMemberships).where(and(eq(teamMemberships.teamId, teamId), eq(teamMemberships.userId, actor.id))).get();
  return row?.role ?? null;
}

/**
 * Team members, reviewers, auditors and admins may read a team's assessments; only members and admins change
 * them. Anyone else gets the same not-found as for an id that does not exist.
 */
export function requireTeamAccess(tx: Executor, actor: Actor, teamId: string, need: Access): TeamRole | 'admin' {
  const role = teamRole(tx, actor, teamId);
  if (actor.isAdmin) return role ?? 'admin';
  if (!role) throw new NotFoundError().deniedTo({ actor, targetType: 'team', targetId: teamId });
  if (need === 'write' && role !== 'member') {
    throw new ForbiddenError(role === 'auditor' ? 'Auditors have read-only access.' : 'Reviewers review items; only team members change them.');
  }
  return role;
}

export function requireAssessment(tx: Executor, actor: Actor, assessmentId: string, need: Access): { assessment: Assessment; role: TeamRole | 'admin' } {
  const assessment = tx.select().from(assessments).where(eq(assessments.id, assessmentId)).get();
  if (!assessment) throw new NotFoundError();
  const role = requireTeamAccess(tx, actor, assessment.teamId, need);
  if (need === 'write' && assessment.state === 'archived') throw new ValidationError('This assessment is archived. Restore it before changing it.');
  if (need === 'write' && assessment.launchApprovedAt) throw new ValidationError('This assessment is approved for launch and read-only. Reopen it to make changes.');
  return { assessment, role };
}
