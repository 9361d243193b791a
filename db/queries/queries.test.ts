import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { findFirstBrokenEntry } from '@/lib/audit/chain';
import type { Actor } from '@/lib/auth/actor';
import { NotFoundError, ValidationError, ConflictError } from '@/lib/errors';
import { useTempDatabase } from '@/db/testing/temp-db';
import type { DB } from '../connection';
import { auditLog, securityAlerts, sessions, users, type User } from '../schema';
import { recordAccessDenied } from './audit';
import { createFirstAdmin, findSetPasswordTokenUser, issueSetupToken, isSetupTokenLive, setPasswordWithToken } from './auth';
import { createSession, findSessionUser } from './sessions';
import { addTeamMember, createTeam, getTeam, listTeams } from './teams';
import { createUser, createUserWithPassword, setUserAdmin, setUserDisabled } from './users';

const asActor = (u: User): Actor => ({ id: u.id, email: u.email, name: u.name, isAdmin: u.isAdmin, ip: '127.0.0.1' });
const policy = { idleMs: 60 * 60_000, absoluteMs: 12 * 3_600_000 };

let db: DB;
beforeEach(() => {
  db = useTempDatabase();
});

function makeAdmin(): User {
  const token = issueSetupToken()!;
  return createFirstAdmin({ token, email: 'Admin@Example.com', name: 'Ada', passwordHash: 'scrypt$x', ip: null });
}

describe('setup token', () => {
  it('creates the first admin once; the token then dies and no new one is issued', () => {
    const token = issueSetupToken()!;
    expect(isSetupTokenLive(token)).toBe(true);
    const admin = createFirstAdmin({ token, email: 'Admin@Example.com', name: 'Ada', passwordHash: 'h', ip: null });
    expect(admin).toMatchObject({ email: 'admin@example.com', isAdmin: true });
    expect(isSetupTokenLive(token)).toBe(false);
    expect(() => createFirstAdmin({ token, email: 'b@example.com', name: 'B', passwordHash: 'h', ip: null })).toThrow(ValidationError);
    expect(issueSetupToken()).toBeNull();
    expect(db.select().from(users).all()).toHaveLength(1);
  });

  it('kills an older token when a new one is issued, and stores only hashes', () => {
    const first = issueSetupToken()!;
    const second = issueSetupToken()!;
    expect(isSetupTokenLive(first)).toBe(false);
    expect(isSetupTokenLive(second)).toBe(true);
    const raw = db.$client.prepare('select token_hash from one_time_tokens').all() as { token_hash: string }[];
    expect(raw.map((r) => r.token_hash)).not.toContain(second);
  });

  it('rejects an unknown token without creating anything', () => {
    issueSetupToken();
    expect(() => createFirstAdmin({ token: 'A'.repeat(43), email: 'x@example.com', name: 'X', passwordHash: 'h', ip: null })).toThrow(ValidationError);
    expect(db.select().from(users).all()).toHaveLength(0);
  });
});

describe('users and set-password links', () => {
  it('a set-password link works once and ends existing sessions', () => {
    const admin = asActor(makeAdmin());
    const { user, setPasswordToken } = createUser(admin, { email: 'm@example.com', name: 'Max', isAdmin: false });
    createSession(user.id, null, policy);
    expect(findSetPasswordTokenUser(setPasswordToken)?.email).toBe('m@example.com');
    setPasswordWithToken({ token: setPasswordToken, passwordHash: 'new', ip: null });
    expect(db.select().from(sessions).where(eq(sessions.userId, user.id)).all()).toHaveLength(0);
    expect(() => setPasswordWithToken({ token: setPasswordToken, passwordHash: 'again', ip: null })).toThrow(ValidationError);
  });

  it('refuses a duplicate email with a field error', () => {
    const admin = asActor(makeAdmin());
    createUser(admin, { email: 'm@example.com', name: 'Max', isAdmin: false });
    try {
      createUser(admin, { email: 'M@example.com', name: 'Max 2', isAdmin: false });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConflictError);
      expect((e as ConflictError).fieldErrors.email).toMatch(/already exists/);
    }
  });

  it('hides admin operations from non-admins as not-found', () => {
    makeAdmin();
    const member = asActor(createUserWithPassword(null, { email: 'm@example.com', name: 'Max', isAdmin: false, passwordHash: 'h' }));
    expect(() => createUser(member, { email: 'x@example.com', name: 'X', isAdmin: true })).toThrow(NotFoundError);
    expect(() => createTeam(member, { name: 'T', description: '' })).toThrow(NotFoundError);
    expect(() => setUserDisabled(member, member.id, true)).toThrow(NotFoundError);
  });

  it('keeps at least one admin and never lets admins disable themselves', () => {
    const admin = asActor(makeAdmin());
    expect(() => setUserDisabled(admin, admin.id, true)).toThrow(/your own account/);
    expect(() => setUserAdmin(admin, admin.id, false)).toThrow(/your own admin role/);
  });
});

describe('sessions', () => {
  it('finds a live session, not an idle-expired or absolutely-expired one, and not for a disabled user', () => {
    const admin = makeAdmin();
    const live = createSession(admin.id, null, policy);
    expect(findSessionUser(live.token, policy)?.user.id).toBe(admin.id);

    const idle = createSession(admin.id, null, policy);
    db.$client.prepare('update sessions set expires_at = ? where expires_at = ?').run(Date.now() - 1, idle.expiresAt.getTime());
    expect(findSessionUser(idle.token, policy)).toBeNull();

    const old = createSession(admin.id, null, policy);
    db.update(sessions).set({ absoluteExpiresAt: new Date(Date.now() - 1) }).run();
    expect(findSessionUser(old.token, policy)).toBeNull();
    expect(findSessionUser(live.token, policy)).toBeNull();
    // Expired rows are removed when met.
    expect(db.select().from(sessions).all()).toHaveLength(0);

    const other = createUserWithPassword(null, { email: 'o@example.com', name: 'O', isAdmin: false, passwordHash: 'h' });
    const s = createSession(other.id, null, policy);
    setUserDisabled(asActor(admin), other.id, true);
    expect(findSessionUser(s.token, policy)).toBeNull();
  });

  it('slides the idle expiry but never past the absolute one', () => {
    const admin = makeAdmin();
    const shortPolicy = { idleMs: 60 * 60_000, absoluteMs: 90 * 60_000 };
    const s = createSession(admin.id, null, shortPolicy);
    db.update(sessions).set({ lastSeenAt: new Date(Date.now() - 10 * 60_000) }).run();
    const found = findSessionUser(s.token, shortPolicy)!;
    const row = db.select().from(sessions).get()!;
    expect(found.expiresAt.getTime()).toBe(row.expiresAt.getTime());
    expect(row.expiresAt.getTime()).toBeLessThanOrEqual(row.absoluteExpiresAt.getTime());
    expect(row.lastSeenAt.getTime()).toBeGreaterThan(Date.now() - 5000);
  });

  it('stores tokens only as hashes', () => {
    const admin = makeAdmin();
    const { token } = createSession(admin.id, null, policy);
    const row = db.select().from(sessions).get()!;
    expect(row.tokenHash).not.toBe(token);
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('teams', () => {
  it('shows a team to its members and admins only', () => {
    const admin = asActor(makeAdmin());
    const team = createTeam(admin, { name: 'Payments', description: '' });
    const member = asActor(createUserWithPassword(null, { email: 'm@example.com', name: 'Max', isAdmin: false, passwordHash: 'h' }));
    const outsider = asActor(createUserWithPassword(null, { email: 'o@example.com', name: 'Olga', isAdmin: false, passwordHash: 'h' }));
    addTeamMember(admin, team.id, { email: 'M@example.com', role: 'reviewer' });
    expect(getTeam(member, team.id).myRole).toBe('reviewer');
    expect(getTeam(admin, team.id).members).toHaveLength(1);
    expect(() => getTeam(outsider, team.id)).toThrow(NotFoundError);
    expect(() => getTeam(outsider, 'no-such-team')).toThrow(NotFoundError);
    expect(listTeams(outsider)).toEqual([]);
    expect(listTeams(member).map((t) => [t.name, t.memberCount, t.myRole])).toEqual([['Payments', 1, 'reviewer']]);
    expect(() => addTeamMember(admin, team.id, { email: 'm@example.com', role: 'member' })).toThrow(/already on this team/);
    expect(() => addTeamMember(admin, team.id, { email: 'nobody@example.com', role: 'member' })).toThrow(/No account has this email/);
  });

  it('counts an outsider opening a team page as a refused access, so probing raises the alert', () => {
    const admin = asActor(makeAdmin());
    const team = createTeam(admin, { name: 'Payments', description: '' });
    const outsider = asActor(createUserWithPassword(null, { email: 'o@example.com', name: 'Olga', isAdmin: false, passwordHash: 'h' }));
    const denialOf = (teamId: string) => {
      try {
        getTeam(outsider, teamId);
      } catch (e) {
        return (e as NotFoundError).denial;
      }
      throw new Error('expected a refusal');
    };
    expect(denialOf(team.id)).toEqual({ actor: outsider, targetType: 'team', targetId: team.id, status: 404 });
    // An id that names nothing confirms nothing either way, and is not a record of someone else's.
    expect(denialOf('no-such-team')).toBeNull();
    for (let i = 0; i < 10; i++) recordAccessDenied(denialOf(team.id)!);
    expect(db.select().from(securityAlerts).all().map((a) => a.kind)).toEqual(['access-denied']);
  });
});

describe('audit log', () => {
  it('records every change in an intact hash chain that notices tampering', () => {
    const admin = asActor(makeAdmin());
    const team = createTeam(admin, { name: 'Payments', description: '' });
    createUser(admin, { email: 'm@example.com', name: 'Max', isAdmin: false });
    addTeamMember(admin, team.id, { email: 'm@example.com', role: 'member' });
    const entries = db.select().from(auditLog).orderBy(auditLog.id).all();
    expect(entries.map((e) => e.action)).toEqual(['user.created', 'team.created', 'user.created', 'team.member-added']);
    expect(entries[1]).toMatchObject({ actorId: admin.id, ip: '127.0.0.1', targetType: 'team', targetId: team.id });
    const asStored = () => db.select().from(auditLog).orderBy(auditLog.id).all().map((e) => ({ ...e, at: e.at.getTime() }));
    expect(findFirstBrokenEntry(asStored())).toBeNull();
    expect(() => db.$client.prepare("update audit_log set details = '{}' where id = 3").run()).toThrow(/append-only/);
    db.$client.exec('drop trigger audit_log_no_update');
    db.$client.prepare("update audit_log set details = '{\"email\":\"x@example.com\"}' where id = 3").run();
    expect(findFirstBrokenEntry(asStored())).toEqual({ id: 3, reason: 'content does not match its hash' });
  });
});
