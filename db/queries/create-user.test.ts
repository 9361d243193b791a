import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/errors';
import { useTempDatabase } from '@/db/testing/temp-db';
import type { DB } from '../connection';
import { auditLog, teamMemberships, users, type User } from '../schema';
import { createFirstAdmin, findSetPasswordTokenUser, issueSetupToken } from './auth';
import { addTeamMember, createTeam, getTeam, UnknownMemberEmailError } from './teams';
import { createUser, createUserWithPassword, TEAM_GONE } from './users';

const asActor = (u: User): Actor => ({ id: u.id, email: u.email, name: u.name, isAdmin: u.isAdmin, ip: '127.0.0.1' });

let db: DB;
let admin: Actor;
let teamId: string;
beforeEach(() => {
  db = useTempDatabase();
  admin = asActor(createFirstAdmin({ token: issueSetupToken()!, email: 'ada@example.com', name: 'Ada', passwordHash: 'scrypt$x', ip: null }));
  teamId = createTeam(admin, { name: 'Payments', description: '' }).id;
});

const actions = () => db.select({ action: auditLog.action, targetId: auditLog.targetId, details: auditLog.details }).from(auditLog).all();

describe('creating a user straight into a team', () => {
  it('creates the account, the membership with its role and both audit entries; the set-password link works', () => {
    const { user, setPasswordToken } = createUser(admin, { email: 'Rey@Example.com', name: 'Rey Reviewer', isAdmin: false, team: { teamId, role: 'reviewer' } });
    expect(getTeam(admin, teamId).members).toEqual([{ userId: user.id, name: 'Rey Reviewer', email: 'rey@example.com', role: 'reviewer', disabled: false }]);
    expect(findSetPasswordTokenUser(setPasswordToken)?.id).toBe(user.id);
    const written = actions().slice(-2);
    expect(written.map((a) => a.action)).toEqual(['user.created', 'team.member-added']);
    expect(written[1]).toMatchObject({ targetId: teamId });
    expect(JSON.parse(written[1]!.details)).toEqual({ userId: user.id, email: 'rey@example.com', role: 'reviewer', newAccount: true });
    expect(JSON.stringify(written)).not.toContain(setPasswordToken);
  });

  it('without a team, only the account is created', () => {
    const { user } = createUser(admin, { email: 'solo@example.com', name: 'Solo', isAdmin: false });
    expect(db.select().from(teamMemberships).where(eq(teamMemberships.userId, user.id)).all()).toEqual([]);
    expect(actions().at(-1)?.action).toBe('user.created');
  });

  it('a team that no longer exists: a field error, and neither the account nor anything else is written', () => {
    const before = actions().length;
    try {
      createUser(admin, { email: 'late@example.com', name: 'Late', isAdmin: false, team: { teamId: crypto.randomUUID(), role: 'member' } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).fieldErrors).toEqual({ teamId: TEAM_GONE });
    }
    expect(db.select().from(users).where(eq(users.email, 'late@example.com')).get()).toBeUndefined();
    expect(actions()).toHaveLength(before);
  });

  it('a taken email is refused before the team is touched', () => {
    createUser(admin, { email: 'taken@example.com', name: 'Taken', isAdmin: false });
    expect(() => createUser(admin, { email: 'TAKEN@example.com', name: 'Again', isAdmin: false, team: { teamId, role: 'member' } })).toThrow(ConflictError);
    expect(getTeam(admin, teamId).members).toEqual([]);
  });

  it('is refused to non-admins as not-found, even with a team they belong to', () => {
    const member = asActor(createUserWithPassword(admin, { email: 'mo@example.com', name: 'Mo', isAdmin: false, passwordHash: 'h' }));
    addTeamMember(admin, teamId, { email: member.email, role: 'member' });
    expect(() => createUser(member, { email: 'x@example.com', name: 'X', isAdmin: false, team: { teamId, role: 'member' } })).toThrow(NotFoundError);
    expect(db.select().from(users).where(eq(users.email, 'x@example.com')).get()).toBeUndefined();
  });
});

describe('adding an unknown email to a team', () => {
  it('tells an admin no account has it and that they may create it; creating then adds the person', () => {
    let refusal: unknown;
    try {
      addTeamMember(admin, teamId, { email: 'New.Person@example.com', role: 'auditor' });
    } catch (e) {
      refusal = e;
    }
    expect(refusal).toBeInstanceOf(UnknownMemberEmailError);
    expect((refusal as UnknownMemberEmailError).mayCreateUser).toBe(true);
    expect((refusal as UnknownMemberEmailError).fieldErrors).toEqual({ email: 'No account has this email yet.' });
    expect(getTeam(admin, teamId).members).toEqual([]);

    const { user } = createUser(admin, { email: 'New.Person@example.com', name: 'New Person', isAdmin: false, team: { teamId, role: 'auditor' } });
    expect(getTeam(admin, teamId).members.map((m) => [m.userId, m.role])).toEqual([[user.id, 'auditor']]);
  });

  it('a non-admin gets the same not-found for a known and an unknown email: the offer reveals nothing to them', () => {
    const member = asActor(createUserWithPassword(admin, { email: 'mo@example.com', name: 'Mo', isAdmin: false, passwordHash: 'h' }));
    addTeamMember(admin, teamId, { email: member.email, role: 'member' });
    createUserWithPassword(admin, { email: 'known@example.com', name: 'Known', isAdmin: false, passwordHash: 'h' });
    const outcome = (email: string) => {
      try {
        addTeamMember(member, teamId, { email, role: 'member' });
        return 'added';
      } catch (e) {
        return `${(e as Error).constructor.name}: ${(e as Error).message}`;
      }
    };
    expect(outcome('known@example.com')).toBe(outcome('unknown@example.com'));
    expect(outcome('unknown@example.com')).toBe('NotFoundError: Not found.');
  });
});
