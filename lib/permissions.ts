import type { AssessmentState, TeamRole } from '@/lib/domain/enums';

/**
 * The one permission model. Every rule about who may do what is answered here, by a pure function of the actor's
 * standing and the resource's state. The data layer enforces it (db/queries/access.ts turns a denial into the
 * matching error), and pages ask the same function which controls to show, so a button and its check can never
 * disagree. Nothing here reads the database: callers pass in what the decision depends on.
 */

/** Who is asking, and their role on the team that owns the resource (null: not a member). */
export type PermissionActor = { id: string; isAdmin: boolean; role: TeamRole | null };

/** What makes an assessment read-only: archived, or approved for launch (until a reviewer reopens it). */
export type AssessmentLock = { state: AssessmentState; launchApproved: boolean };

export type Resource =
  | { kind: 'instance' }
  | { kind: 'team' }
  | { kind: 'assessment'; lock: AssessmentLock }
  | { kind: 'sign-off'; lock: AssessmentLock; signerId: string | null }
  | { kind: 'evidence'; lock: AssessmentLock; deleted: boolean }
  | { kind: 'plan' };

export type Action =
  // instance
  | 'administer'
  // team
  | 'team.read'
  | 'team.manage-members'
  | 'assessment.create'
  | 'plan.create'
  // The team's webhooks: where its events are posted, with the signing secret.
  | 'webhook.manage'
  // The team's service tokens for CI: make, list and revoke them.
  | 'team.manage-tokens'
  // assessment
  | 'assessment.read'
  | 'assessment.write'
  | 'assessment.archive'
  | 'assessment.export'
  | 'item.review'
  | 'launch.approve'
  | 'launch.reopen'
  // Set the probe's target and run it: the run files evidence, so it is work on the assessment.
  | 'probe.run'
  // sign-off
  | 'sign-off.withdraw'
  // evidence
  | 'evidence.read'
  | 'evidence.write'
  | 'evidence.restore'
  | 'evidence.purge'
  // plan
  | 'plan.read'
  | 'plan.write'
  | 'plan.export';

export type ResourceKind = Resource['kind'];

/** Which resource each action is asked about; `can` refuses a mismatched pair instead of guessing. */
export const ACTION_RESOURCE: Record<Action, ResourceKind> = {
  administer: 'instance',
  'team.read': 'team',
  'team.manage-members': 'team',
  'assessment.create': 'team',
  'plan.create': 'team',
  'webhook.manage': 'team',
  'team.manage-tokens': 'team',
  'assessment.read': 'assessment',
  'assessment.write': 'assessment',
  'assessment.archive': 'assessment',
  'assessment.export': 'assessment',
  'item.review': 'assessment',
  'launch.approve': 'assessment',
  'launch.reopen': 'assessment',
  'probe.run': 'assessment',
  'sign-off.withdraw': 'sign-off',
  'evidence.read': 'evidence',
  'evidence.write': 'evidence',
  'evidence.restore': 'evidence',
  'evidence.purge': 'evidence',
  'plan.read': 'plan',
  'plan.write': 'plan',
  'plan.export': 'plan',
};

/**
 * Why something is refused decides what the caller sees: `not-found` for what is not theirs (indistinguishable
 * from an id that does not exist), `forbidden` for a role that may look but not do this, `locked` for a
 * read-only assessment that anyone allowed would first have to reopen or restore.
 */
export type Denial = { denial: 'not-found' | 'forbidden' | 'locked'; message: string };
export type Decision = { allowed: true } | ({ allowed: false } & Denial);

const ALLOW: Decision = { allowed: true };
const NOT_FOUND: Decision = { allowed: false, denial: 'not-found', message: 'Not found.' };
const forbid = (message: string): Decision => ({ allowed: false, denial: 'forbidden', message });
const lock = (message: string): Decision => ({ allowed: false, denial: 'locked', message });

export const LOCKED_ARCHIVED = 'This assessment is archived. Restore it before changing it.';
export const LOCKED_APPROVED = 'This assessment is approved for launch and read-only. Reopen it to make changes.';
export const ONLY_MEMBERS_CHANGE = 'Reviewers review items; only team members change them.';
export const AUDITORS_READ_ONLY = 'Auditors have read-only access.';
export const ONLY_REVIEWERS_SIGN = 'Only the team’s reviewers sign items off.';
export const ONLY_REVIEWERS_REOPEN = 'Only the team’s reviewers and admins can reopen an approved assessment: reopening withdraws a reviewer’s decision.';
export const NOTHING_TO_REOPEN = 'This assessment is not approved for launch, so there is nothing to reopen.';
export const ONLY_SIGNER_WITHDRAWS = 'Only the reviewer who signed this item off can withdraw the sign-off.';
export const ONLY_ADMINS_PURGE = 'Only an admin can purge evidence.';
export const AUDITORS_NO_TOKENS = 'Auditors cannot make or see the team’s API tokens: a token acts for the team’s work, which auditors only read.';
export const ONLY_MEMBERS_WEBHOOKS = 'Only the team’s members and admins manage its webhooks.';

/** Anyone on the team, in any role, and admins (who oversee every team) may look. */
const isReader = (a: PermissionActor) => a.isAdmin || a.role !== null;
/** Members do the work; admins may step in. Reviewers and auditors never change what they judge. */
const isWriter = (a: PermissionActor) => a.isAdmin || a.role === 'member';
/** Reviewers of the team and admins make review decisions. */
const isReviewer = (a: PermissionActor) => a.isAdmin || a.role === 'reviewer';

function writerOrWhyNot(a: PermissionActor): Decision {
  if (isWriter(a)) return ALLOW;
  return forbid(a.role === 'auditor' ? AUDITORS_READ_ONLY : ONLY_MEMBERS_CHANGE);
}

/** Whether an assessment takes changes and decisions at all, whoever asks. */
export function openOrWhyNot(l: AssessmentLock): Decision {
  if (l.state === 'archived') return lock(LOCKED_ARCHIVED);
  if (l.launchApproved) return lock(LOCKED_APPROVED);
  return ALLOW;
}

/** The full answer, with the reason for a refusal. `can` is the yes/no form for deciding what to show. */
export function decide(actor: PermissionActor, action: Action, resource: Resource): Decision {
  if (ACTION_RESOURCE[action] !== resource.kind) throw new Error(`permission "${action}" is not asked about a ${resource.kind}`);
  if (action === 'administer') return actor.isAdmin ? ALLOW : NOT_FOUND;
  // Outsiders learn nothing, not even that the record exists.
  if (!isReader(actor)) return NOT_FOUND;
  switch (action) {
    case 'team.read':
    case 'assessment.read':
    case 'assessment.export':
    case 'plan.read':
    case 'plan.export':
      return ALLOW;
    case 'team.manage-members':
      // Membership is instance administration: to anyone else the function looks absent, as the admin pages do.
      return actor.isAdmin ? ALLOW : NOT_FOUND;
    case 'assessment.create':
    case 'plan.create':
    case 'plan.write':
      return writerOrWhyNot(actor);
    case 'webhook.manage':
      // Webhook URLs can carry a receiver's own token, and the secret signs what the team's events say: the people
      // who set up the team's tooling manage them; reviewers and auditors, who judge the work, are told so.
      return isWriter(actor) ? ALLOW : forbid(ONLY_MEMBERS_WEBHOOKS);
    case 'team.manage-tokens':
      // Members run the team's CI, and reviewers wire the release gate into it; auditors, who only read, may not.
      return actor.role === 'auditor' && !actor.isAdmin ? forbid(AUDITORS_NO_TOKENS) : ALLOW;
    case 'assessment.archive':
      // Archiving and restoring is how a team puts work away or takes it up again, whatever its review state.
      return writerOrWhyNot(actor);
    case 'assessment.write':
    case 'probe.run':
    case 'evidence.write':
    case 'evidence.restore': {
      const who = writerOrWhyNot(actor);
      if (!who.allowed) return who;
      return openOrWhyNot((resource as { lock: AssessmentLock }).lock);
    }
    case 'item.review':
    case 'launch.approve': {
      if (!isReviewer(actor)) return forbid(ONLY_REVIEWERS_SIGN);
      return openOrWhyNot((resource as { lock: AssessmentLock }).lock);
    }
    case 'launch.reopen': {
      if (!isReviewer(actor)) return forbid(ONLY_REVIEWERS_REOPEN);
      // Archiving does not touch the decision, so an archived approval can still be withdrawn.
      return (resource as { lock: AssessmentLock }).lock.launchApproved ? ALLOW : lock(NOTHING_TO_REOPEN);
    }
    case 'sign-off.withdraw': {
      const r = resource as Extract<Resource, { kind: 'sign-off' }>;
      if (!isReviewer(actor) || r.signerId === null || r.signerId !== actor.id) return forbid(ONLY_SIGNER_WITHDRAWS);
      return openOrWhyNot(r.lock);
    }
    case 'evidence.read':
      // Deleted evidence is hidden from the team; only admins, who may purge it, still see it.
      return (resource as Extract<Resource, { kind: 'evidence' }>).deleted && !actor.isAdmin ? NOT_FOUND : ALLOW;
    case 'evidence.purge':
      return actor.isAdmin ? ALLOW : forbid(ONLY_ADMINS_PURGE);
  }
}

/** Whether the actor administers the instance: the admin pages and controls show. */
export function administers(actor: Pick<PermissionActor, 'id' | 'isAdmin'>): boolean {
  return can({ ...actor, role: null }, 'administer', { kind: 'instance' });
}

/** Whether the actor makes review decisions for the team at all (whatever the assessment's state): the review panel shows. */
export function reviewsForTeam(actor: PermissionActor): boolean {
  return isReviewer(actor);
}

export function can(actor: PermissionActor, action: Action, resource: Resource): boolean {
  return decide(actor, action, resource).allowed;
}

/** Every action, for tests and tables that must cover them all. */
export const ALL_ACTIONS = Object.keys(ACTION_RESOURCE) as Action[];
