import { describe, expect, it } from 'vitest';
import { ACTION_RESOURCE, ALL_ACTIONS, can, decide, LOCKED_APPROVED, LOCKED_ARCHIVED, type Action, type AssessmentLock, type PermissionActor, type Resource } from './permissions';

const open: AssessmentLock = { state: 'active', launchApproved: false };
const approved: AssessmentLock = { state: 'active', launchApproved: true };
const archived: AssessmentLock = { state: 'archived', launchApproved: false };

const roles = {
  outsider: { id: 'o', isAdmin: false, role: null },
  member: { id: 'm', isAdmin: false, role: 'member' },
  reviewer: { id: 'r', isAdmin: false, role: 'reviewer' },
  auditor: { id: 'au', isAdmin: false, role: 'auditor' },
  admin: { id: 'ad', isAdmin: true, role: null },
} satisfies Record<string, PermissionActor>;
type Who = keyof typeof roles;

function resourceFor(action: Action, lock: AssessmentLock, extra: { deleted?: boolean; signerId?: string | null } = {}): Resource {
  switch (ACTION_RESOURCE[action]) {
    case 'instance':
      return { kind: 'instance' };
    case 'team':
      return { kind: 'team' };
    case 'plan':
      return { kind: 'plan' };
    case 'assessment':
      return { kind: 'assessment', lock };
    case 'sign-off':
      return { kind: 'sign-off', lock, signerId: extra.signerId === undefined ? 'r' : extra.signerId };
    case 'evidence':
      return { kind: 'evidence', lock, deleted: extra.deleted ?? false };
  }
}

/**
 * The whole model on an open assessment, written out by hand as the product defines it: who may do what. A change
 * to any rule has to change this table too, so it is never changed by accident.
 */
const OPEN_TABLE: Record<Action, Who[]> = {
  administer: ['admin'],
  'team.read': ['member', 'reviewer', 'auditor', 'admin'],
  'team.manage-members': ['admin'],
  'assessment.create': ['member', 'admin'],
  'plan.create': ['member', 'admin'],
  'webhook.manage': ['member', 'admin'],
  'team.manage-tokens': ['member', 'reviewer', 'admin'],
  'assessment.read': ['member', 'reviewer', 'auditor', 'admin'],
  'assessment.write': ['member', 'admin'],
  'assessment.archive': ['member', 'admin'],
  'assessment.export': ['member', 'reviewer', 'auditor', 'admin'],
  'item.review': ['reviewer', 'admin'],
  'launch.approve': ['reviewer', 'admin'],
  'launch.reopen': [],
  'probe.run': ['member', 'admin'],
  'sign-off.withdraw': ['reviewer'],
  'evidence.read': ['member', 'reviewer', 'auditor', 'admin'],
  'evidence.write': ['member', 'admin'],
  'evidence.restore': ['member', 'admin'],
  'evidence.purge': ['admin'],
  'plan.read': ['member', 'reviewer', 'auditor', 'admin'],
  'plan.write': ['member', 'admin'],
  'plan.export': ['member', 'reviewer', 'auditor', 'admin'],
};

/** What changes once a reviewer approved the launch: only reading, archiving and reopening remain. */
const APPROVED_TABLE: Partial<Record<Action, Who[]>> = {
  'assessment.write': [],
  'item.review': [],
  'launch.approve': [],
  'launch.reopen': ['reviewer', 'admin'],
  'probe.run': [],
  'sign-off.withdraw': [],
  'evidence.write': [],
  'evidence.restore': [],
};

describe('the permission model', () => {
  it('answers every action for every role on an open assessment exactly as the table says', () => {
    for (const action of ALL_ACTIONS) {
      for (const who of Object.keys(roles) as Who[]) {
        expect(can(roles[who], action, resourceFor(action, open)), `${who} ${action}`).toBe(OPEN_TABLE[action].includes(who));
      }
    }
  });

  it('locks an approved assessment to reading, archiving and reopening', () => {
    for (const action of ALL_ACTIONS) {
      const allowed = APPROVED_TABLE[action] ?? OPEN_TABLE[action];
      for (const who of Object.keys(roles) as Who[]) expect(can(roles[who], action, resourceFor(action, approved)), `${who} ${action}`).toBe(allowed.includes(who));
    }
  });

  it('locks an archived assessment to reading and restoring, and says why', () => {
    for (const action of ['assessment.write', 'probe.run', 'evidence.write', 'evidence.restore', 'item.review', 'launch.approve', 'sign-off.withdraw'] as const) {
      // The signer asks about their own sign-off; everyone else would be refused for not being the signer.
      const d = decide(action === 'sign-off.withdraw' ? roles.reviewer : roles.admin, action, resourceFor(action, archived));
      expect(d, action).toMatchObject({ allowed: false, denial: 'locked', message: LOCKED_ARCHIVED });
    }
    expect(can(roles.member, 'assessment.archive', resourceFor('assessment.archive', archived))).toBe(true);
    expect(decide(roles.member, 'assessment.write', resourceFor('assessment.write', approved))).toMatchObject({ denial: 'locked', message: LOCKED_APPROVED });
  });

  it('gives outsiders not-found for everything, so a refusal never confirms that a record exists', () => {
    for (const action of ALL_ACTIONS) {
      for (const lock of [open, approved, archived]) expect(decide(roles.outsider, action, resourceFor(action, lock)), action).toMatchObject({ allowed: false, denial: 'not-found' });
    }
  });

  it('tells a team member who may not do something why, instead of pretending it is not there', () => {
    expect(decide(roles.auditor, 'assessment.write', resourceFor('assessment.write', open))).toMatchObject({ denial: 'forbidden', message: 'Auditors have read-only access.' });
    expect(decide(roles.reviewer, 'evidence.write', resourceFor('evidence.write', open))).toMatchObject({ denial: 'forbidden' });
    expect(decide(roles.member, 'item.review', resourceFor('item.review', open))).toMatchObject({ denial: 'forbidden' });
    // Member management is administration: absent to everyone else, like the admin pages.
    expect(decide(roles.member, 'team.manage-members', { kind: 'team' })).toMatchObject({ denial: 'not-found' });
  });

  it('hides deleted evidence from the team but not from admins, who may purge it', () => {
    for (const who of ['member', 'reviewer', 'auditor'] as const) expect(decide(roles[who], 'evidence.read', resourceFor('evidence.read', open, { deleted: true })), who).toMatchObject({ denial: 'not-found' });
    expect(can(roles.admin, 'evidence.read', resourceFor('evidence.read', open, { deleted: true }))).toBe(true);
    // Undoing a delete stays possible for the people who may delete.
    expect(can(roles.member, 'evidence.restore', resourceFor('evidence.restore', open, { deleted: true }))).toBe(true);
  });

  it('lets only the signer withdraw a sign-off, while they still review for the team', () => {
    expect(can(roles.reviewer, 'sign-off.withdraw', resourceFor('sign-off.withdraw', open, { signerId: 'r' }))).toBe(true);
    expect(can(roles.reviewer, 'sign-off.withdraw', resourceFor('sign-off.withdraw', open, { signerId: 'someone-else' }))).toBe(false);
    expect(can(roles.reviewer, 'sign-off.withdraw', resourceFor('sign-off.withdraw', open, { signerId: null }))).toBe(false);
    expect(can({ ...roles.member, id: 'r' }, 'sign-off.withdraw', resourceFor('sign-off.withdraw', open, { signerId: 'r' }))).toBe(false);
    // Admins withdraw their own sign-offs, not other people's.
    expect(can(roles.admin, 'sign-off.withdraw', resourceFor('sign-off.withdraw', open, { signerId: 'ad' }))).toBe(true);
    expect(can(roles.admin, 'sign-off.withdraw', resourceFor('sign-off.withdraw', open, { signerId: 'r' }))).toBe(false);
  });

  it('refuses to answer a question about the wrong kind of resource instead of guessing', () => {
    expect(() => decide(roles.admin, 'assessment.write', { kind: 'team' })).toThrow(/not asked about a team/);
  });
});
