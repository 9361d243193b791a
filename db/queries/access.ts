import { and, eq } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { ForbiddenError, NotFoundError, ValidationError } from '@/lib/errors';
import { decide, type Action, type AssessmentLock, type PermissionActor, type Resource } from '@/lib/permissions';
import { assessments, teamMemberships, type Assessment, type TeamRole } from '../schema';
import type { Executor } from './executor';

/**
 * The data layer's funnels: every query that touches a team's records passes through one of the `require…`
 * functions here (or in evidence.ts / plans.ts for their records), which ask lib/permissions.ts and turn a refusal
 * into the error the caller shows. Internal to db/queries: routes and pages call the queries, never these.
 */

/** The actor's role on a team, or null when they are not a member. */
export function teamRole(tx: Executor, actor: Pick<Actor, 'id'>, teamId: string): TeamRole | null {
  const row = tx.select({ role: teamMemberships.role }).from(teamMemberships).where(and(eq(teamMemberships.teamId, teamId), eq(teamMemberships.userId, actor.id))).get();
  return row?.role ?? null;
}

/** The actor as the permission model sees them on one team. */
export function standingOn(tx: Executor, actor: Actor, teamId: string): PermissionActor {
  return { id: actor.id, isAdmin: actor.isAdmin, role: teamRole(tx, actor, teamId) };
}

export function lockOf(assessment: Pick<Assessment, 'state' | 'launchApprovedAt'>): AssessmentLock {
  return { state: assessment.state, launchApproved: assessment.launchApprovedAt !== null };
}

/** Throws the error a refusal calls for: not-found (recorded as a denial), forbidden, or a read-only notice. */
export function enforce(actor: Actor, standing: PermissionActor, action: Action, resource: Resource, target: { type: string; id: string }): void {
  const d = decide(standing, action, resource);
  if (d.allowed) return;
  if (d.denial === 'not-found') throw new NotFoundError().deniedTo({ actor, targetType: target.type, targetId: target.id });
  if (d.denial === 'forbidden') throw new ForbiddenError(d.message);
  throw new ValidationError(d.message);
}

/** Instance administration (users, teams, audit log, alerts) looks absent to everyone but admins. */
export function requireAdmin(actor: Actor): void {
  enforce(actor, { id: actor.id, isAdmin: actor.isAdmin, role: null }, 'administer', { kind: 'instance' }, { type: 'admin-function', id: 'admin' });
}

/** A team the actor may act on; returns their standing so the caller can ask about further actions. */
export function requireTeam(tx: Executor, actor: Actor, teamId: string, action: Action = 'team.read'): PermissionActor {
  const standing = standingOn(tx, actor, teamId);
  enforce(actor, standing, action, { kind: 'team' }, { type: 'team', id: teamId });
  return standing;
}

/**
 * An assessment the actor may act on. `inTeam` is the team a URL names: an assessment of any other team is
 * not-found there, so a page never compares ids itself.
 */
export function requireAssessment(tx: Executor, actor: Actor, assessmentId: string, action: Action, inTeam?: string): { assessment: Assessment; standing: PermissionActor } {
  const assessment = tx.select().from(assessments).where(eq(assessments.id, assessmentId)).get();
  if (!assessment) throw new NotFoundError();
  const standing = standingOn(tx, actor, assessment.teamId);
  // Not-found first: someone outside the team must not learn the assessment's state from the refusal. Asked
  // before the URL's team is compared, so probing another team's ids through one's own team's URLs still counts.
  enforce(actor, standing, 'assessment.read', { kind: 'assessment', lock: lockOf(assessment) }, { type: 'team', id: assessment.teamId });
  if (inTeam !== undefined && assessment.teamId !== inTeam) throw new NotFoundError();
  enforce(actor, standing, action, { kind: 'assessment', lock: lockOf(assessment) }, { type: 'assessment', id: assessment.id });
  return { assessment, standing };
}
