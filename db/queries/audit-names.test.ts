import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { actionLabel, describeAuditEntry, humanizeKey, type AuditNames } from '@/lib/audit/describe';
import { useTempDatabase } from '@/db/testing/temp-db';
import type { DB } from '../connection';
import { users, type User } from '../schema';
import { createAssessment } from './assessments';
import { appendAudit, listAuditEntries } from './audit';
import { createFirstAdmin, issueSetupToken } from './auth';
import { recordEvidence } from './evidence';
import { addTeamMember, createTeam } from './teams';
import { createUser, createUserWithPassword, setUserDisabled } from './users';

const asActor = (u: User): Actor => ({ id: u.id, email: u.email, name: u.name, isAdmin: u.isAdmin, ip: '127.0.0.1' });
const profile = { runsOwnServers: false, hasCustomDomains: false, hasBrowserSessions: true, storesCustomerData: true, usesObjectStorage: false, usesOAuth: false, makesOutboundRequests: true };

let db: DB;
let admin: Actor;
beforeEach(() => {
  db = useTempDatabase();
  admin = asActor(createFirstAdmin({ token: issueSetupToken()!, email: 'ada@example.com', name: 'Ada Admin', passwordHash: 'scrypt$x', ip: null }));
});

const byAction = (action: string) => listAuditEntries(admin, { action }).rows;

describe('the audit log in words', () => {
  it('names the actor, the target and the people, teams, apps and items in the details, not their ids', () => {
    const team = createTeam(admin, { name: 'Payments', description: '' });
    const { user: max } = createUser(admin, { email: 'max@example.com', name: 'Max Member', isAdmin: false, team: { teamId: team.id, role: 'member' } });
    const added = byAction('team.member-added')[0]!;
    expect(added.described).toEqual({
      actor: 'Ada Admin (ada@example.com)',
      action: 'Added to team',
      target: 'Team: Payments',
      details: [
        { label: 'Person', value: 'Max Member (max@example.com)' },
        { label: 'Email', value: 'max@example.com' },
        { label: 'Role', value: 'member' },
        { label: 'New account', value: 'Yes' },
      ],
    });
    const created = byAction('user.created').find((r) => r.targetId === max.id)!;
    expect(created.described.target).toBe('User: Max Member (max@example.com)');
    expect(created.described.details).toEqual([
      { label: 'Email', value: 'max@example.com' },
      { label: 'Instance admin', value: 'No' },
      { label: 'Through', value: 'an admin' },
      { label: 'Team', value: 'Payments' },
    ]);
    // The stored entry is untouched: the raw view still has the ids.
    expect(JSON.parse(added.details)).toMatchObject({ userId: max.id });

    const member = asActor(max);
    const assessment = createAssessment(member, team.id, { appName: 'Checkout', appKind: 'forge', baseUrl: 'https://checkout.example.com', targetLaunchDate: '2027-03-31', profile });
    expect(byAction('assessment.created')[0]!.described).toMatchObject({ actor: 'Max Member (max@example.com)', target: 'Assessment: Checkout' });
    expect(byAction('assessment.created')[0]!.described.details).toContainEqual({ label: 'Team', value: 'Payments' });

    recordEvidence(member, {
      id: crypto.randomUUID(),
      assessmentId: assessment.id,
      catalogItemId: 'session-cookie-flags',
      validUntil: null,
      evidence: { kind: 'link', name: 'Cookie scan', url: 'https://scan.example.com/1', sha256: 'a'.repeat(64) },
    });
    const evidence = byAction('evidence.added')[0]!;
    expect(evidence.described.target).toBe('Evidence: Cookie scan');
    expect(evidence.described.details).toContainEqual({ label: 'Assessment', value: 'Checkout' });
    expect(evidence.described.details).toContainEqual({ label: 'Item', value: 'Session cookies carry the HttpOnly and Secure attributes' });
  });

  it('falls back to the id, marked deleted, for records that are gone', () => {
    const gone = crypto.randomUUID();
    db.transaction((tx) => appendAudit(tx, { action: 'team.member-removed', actor: admin, target: { type: 'team', id: gone }, details: { userId: gone, role: 'auditor' } }), { behavior: 'immediate' });
    const [entry] = byAction('team.member-removed');
    expect(entry!.described.target).toBe(`Team ${gone} (deleted)`);
    expect(entry!.described.details).toEqual([
      { label: 'Person', value: `${gone} (deleted)` },
      { label: 'Role', value: 'auditor' },
    ]);
  });

  it('shows the sign-in failures, refusals and disabled accounts readably', () => {
    const mo = createUserWithPassword(admin, { email: 'mo@example.com', name: 'Mo', isAdmin: false, passwordHash: 'h' });
    setUserDisabled(admin, mo.id, true);
    expect(byAction('user.disabled')[0]!.described).toMatchObject({ action: 'Account disabled', target: 'User: Mo (mo@example.com)' });
    db.transaction((tx) => appendAudit(tx, { action: 'auth.sign-in.failed', actorLabel: 'mallory@example.com', ip: '10.0.0.9', details: { reason: 'unknown account' } }), { behavior: 'immediate' });
    expect(byAction('auth.sign-in.failed')[0]!.described).toEqual({ actor: 'mallory@example.com', action: 'Sign-in failed', target: null, details: [{ label: 'Reason', value: 'unknown account' }] });
  });

  it('a person renamed after the fact is shown by their current name', () => {
    const team = createTeam(admin, { name: 'Growth', description: '' });
    const lee = createUserWithPassword(admin, { email: 'lee@example.com', name: 'Lee', isAdmin: false, passwordHash: 'h' });
    addTeamMember(admin, team.id, { email: lee.email, role: 'reviewer' });
    db.update(users).set({ name: 'Lee Reviewer' }).where(eq(users.id, lee.id)).run();
    expect(byAction('team.member-added')[0]!.described.details[0]).toEqual({ label: 'Person', value: 'Lee Reviewer (lee@example.com)' });
  });
});

describe('describeAuditEntry (no database)', () => {
  const none: AuditNames = {
    users: new Map(),
    teams: new Map(),
    assessments: new Map(),
    items: new Map(),
    evidence: new Map([['5b0c2b8e-8d7e-4c0b-9a51-2f5d0f6f1a11', 'Pen test.pdf']]),
    plans: new Map(),
    planVersions: new Map(),
    alerts: new Map(),
    catalogTitle: () => undefined,
  };
  const entry = (details: unknown, extra: Partial<Parameters<typeof describeAuditEntry>[0]> = {}) =>
    describeAuditEntry({ actorId: null, actorLabel: 'command line', action: 'x.y', targetType: null, targetId: null, details: JSON.stringify(details), ...extra }, none);

  it('labels unknown keys from their names and formats values by kind', () => {
    expect(entry({ otherSessionsEnded: 2, profileChanged: false, sizeBytes: 2_621_440, from: 'not_met', to: 'met', included: [] }).details).toEqual([
      { label: 'Other sessions ended', value: '2' },
      { label: 'Profile changed', value: 'No' },
      { label: 'Size', value: '2.5 MB' },
      { label: 'From', value: 'Not met' },
      { label: 'To', value: 'Met' },
      { label: 'Items now applying', value: 'none' },
    ]);
    expect(entry({ someNewThing: 'value', nested: { riskOwner: 'Kim', until: '2027-01-01' } }).details).toEqual([
      { label: 'Some new thing', value: 'value' },
      { label: 'Nested', value: 'Risk owner: Kim; Until: 2027-01-01' },
    ]);
  });

  it('names evidence in sign-off lists and keeps unknown ids as they are', () => {
    expect(entry({ evidence: [{ id: '5b0c2b8e-8d7e-4c0b-9a51-2f5d0f6f1a11', sha256: 'f'.repeat(64) }] }).details).toEqual([{ label: 'Evidence', value: 'Pen test.pdf' }]);
    expect(entry({ exportId: '0a0a0a0a-0000-4000-8000-000000000000' }).details).toEqual([{ label: 'Export', value: '0a0a0a0a-0000-4000-8000-000000000000' }]);
  });

  it('reads the actor label when there is no user, and unknown actions and target types in words', () => {
    expect(entry({}, { action: 'risk.accepted-until', targetType: 'risk-acceptance', targetId: 'r1' })).toEqual({ actor: 'command line', action: 'Risk accepted until', target: 'Risk acceptance r1', details: [] });
    expect(actionLabel('user.password-changed')).toBe('Password changed');
    expect(humanizeKey('supersededEvidence')).toBe('Superseded evidence');
  });

  it('a details column that is not JSON is still shown, as text', () => {
    expect(describeAuditEntry({ actorId: null, actorLabel: null, action: 'a', targetType: null, targetId: null, details: '<b>not json</b>' }, none).details).toEqual([{ label: 'Value', value: '<b>not json</b>' }]);
  });
});
