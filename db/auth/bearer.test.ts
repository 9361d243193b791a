import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiAuthError } from '@/lib/api/principal';
import { generateApiToken } from '@/lib/api/token-format';
import type { Actor } from '@/lib/auth/actor';
import type { TokenFields } from '@/lib/validation/api-token';
import { createApiToken, LAST_USED_EVERY_MS, revokeApiToken } from '@/db/queries/api-tokens';
import { changeTeamRole, removeTeamMember } from '@/db/queries/teams';
import { createUserWithPassword, setUserAdmin, setUserDisabled } from '@/db/queries/users';
import { asActor, seedTeams } from '@/db/testing/team-fixture';
import { useTempDatabase } from '@/db/testing/temp-db';
import type { DB } from '../connection';
import { apiTokens, auditLog } from '../schema';
import { authenticateBearer, INVALID_TOKEN, MALFORMED_TOKEN, MISSING_TOKEN } from './bearer';

let db: DB;
let admin: Actor;
let mem: Actor;
let teamId: string;
const fields: TokenFields = { name: 'CI', scopes: ['gate'], days: 30 };
const IP = '203.0.113.7';

beforeEach(() => {
  db = useTempDatabase();
  const cast = seedTeams({ Mem: { team: 'Payments', role: 'member' } });
  ({ admin, teamId } = cast);
  mem = cast.people.Mem;
});

function refusals() {
  return db
    .select()
    .from(auditLog)
    .where(eq(auditLog.action, 'api-token.refused'))
    .all()
    .map((e) => ({ ...e, details: JSON.parse(e.details) as Record<string, unknown> }));
}

/** The message of the 401, checking it is one. */
function refused(header: string | null, now?: Date): string {
  try {
    authenticateBearer(header, IP, now);
  } catch (e) {
    expect(e).toBeInstanceOf(ApiAuthError);
    expect((e as ApiAuthError).status).toBe(401);
    return (e as ApiAuthError).message;
  }
  throw new Error('expected a refusal');
}

const row = (id: string) => db.select().from(apiTokens).where(eq(apiTokens.id, id)).get()!;

describe('authenticateBearer', () => {
  it('accepts a personal token with any case of the scheme, as its owner with its scopes', () => {
    const { token, view } = createApiToken(mem, { kind: 'personal' }, { ...fields, scopes: ['read', 'gate'] });
    for (const header of [`Bearer ${token}`, `bearer ${token}`, `BEARER  ${token} `]) {
      expect(authenticateBearer(header, IP)).toEqual({ actor: { ...mem, ip: IP }, tokenId: view.id, kind: 'personal', scopes: ['read', 'gate'], teamId: null });
    }
    expect(refusals()).toEqual([]);
  });

  it('narrows a team token to its team and an instance token acts as the admin', () => {
    const team = createApiToken(mem, { kind: 'team', teamId }, fields);
    expect(authenticateBearer(`Bearer ${team.token}`, IP)).toMatchObject({ kind: 'team', teamId, actor: { id: mem.id } });
    const inst = createApiToken(admin, { kind: 'instance' }, fields);
    expect(authenticateBearer(`Bearer ${inst.token}`, IP)).toMatchObject({ kind: 'instance', teamId: null, actor: { id: admin.id, isAdmin: true } });
  });

  it('refuses a missing header without auditing it, and a malformed one with an audit entry', () => {
    expect(refused(null)).toBe(MISSING_TOKEN);
    expect(refused('  ')).toBe(MISSING_TOKEN);
    expect(refusals()).toEqual([]);
    const { token } = generateApiToken();
    for (const header of [`Basic ${token}`, 'Bearer', 'Bearer abc', `Bearer ${token.slice(0, -1)}`, `Bearer ${token} extra`, token, `Token ${token}`]) expect(refused(header), header).toBe(MALFORMED_TOKEN);
    expect(refusals()).toHaveLength(7);
    expect(refusals()[0]).toMatchObject({ ip: IP, targetId: null, details: { reason: 'malformed' } });
  });

  it('answers an unknown and a revoked token with the same message, but audits the real reason', () => {
    const unknown = generateApiToken().token;
    const { token, view } = createApiToken(mem, { kind: 'personal' }, fields);
    revokeApiToken(mem, { kind: 'personal' }, view.id);
    expect(refused(`Bearer ${unknown}`)).toBe(INVALID_TOKEN);
    expect(refused(`Bearer ${token}`)).toBe(INVALID_TOKEN);
    const [a, b] = refusals();
    expect(a).toMatchObject({ targetId: null, details: { reason: 'unknown' } });
    expect(a!.details).not.toHaveProperty('tokenId');
    expect(b).toMatchObject({ targetType: 'api-token', targetId: view.id, ip: IP, details: { reason: 'revoked', tokenId: view.id, userId: mem.id } });
    // Neither the token nor its secret part is in any audit entry.
    for (const e of db.select().from(auditLog).all()) {
      expect(JSON.stringify(e).includes(token.slice(12))).toBe(false);
      expect(JSON.stringify(e).includes(unknown.slice(12))).toBe(false);
    }
  });

  it('refuses an expired token, saying when it expired', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    const { token, view } = createApiToken(mem, { kind: 'personal' }, { ...fields, days: 1 }, { now });
    expect(authenticateBearer(`Bearer ${token}`, IP, new Date('2026-03-02T11:59:59Z')).tokenId).toBe(view.id);
    expect(refused(`Bearer ${token}`, new Date('2026-03-02T12:00:00Z'))).toMatch(/expired on 2026-03-02/);
    expect(refusals()[0]).toMatchObject({ targetId: view.id, details: { reason: 'expired' } });
  });

  it('stops every token of a disabled user, and they work again once re-enabled', () => {
    const personal = createApiToken(mem, { kind: 'personal' }, fields);
    const team = createApiToken(mem, { kind: 'team', teamId }, fields);
    setUserDisabled(admin, mem.id, true);
    expect(refused(`Bearer ${personal.token}`)).toMatch(/disabled/);
    expect(refused(`Bearer ${team.token}`)).toMatch(/disabled/);
    expect(refusals().map((e) => e.details.reason)).toEqual(['user-disabled', 'user-disabled']);
    setUserDisabled(admin, mem.id, false);
    expect(authenticateBearer(`Bearer ${personal.token}`, IP).tokenId).toBe(personal.view.id);
  });

  it('stops a team token once its creator left the team or became an auditor; a personal token of theirs goes on', () => {
    const team = createApiToken(mem, { kind: 'team', teamId }, fields);
    const personal = createApiToken(mem, { kind: 'personal' }, fields);
    changeTeamRole(admin, teamId, mem.id, 'auditor');
    expect(refused(`Bearer ${team.token}`)).toMatch(/may no longer make tokens/);
    changeTeamRole(admin, teamId, mem.id, 'reviewer');
    expect(authenticateBearer(`Bearer ${team.token}`, IP).teamId).toBe(teamId);
    removeTeamMember(admin, teamId, mem.id);
    expect(refused(`Bearer ${team.token}`)).toMatch(/no longer on the team/);
    expect(authenticateBearer(`Bearer ${personal.token}`, IP).kind).toBe('personal');
    expect(refusals().map((e) => e.details.reason)).toEqual(['creator-not-allowed', 'creator-left-team']);
  });

  it('stops an instance token once its owner is no longer an admin', () => {
    const other = asActor(createUserWithPassword(null, { email: 'ola@example.com', name: 'Ola', isAdmin: true, passwordHash: 'h' }));
    const inst = createApiToken(other, { kind: 'instance' }, fields);
    setUserAdmin(admin, other.id, false);
    expect(refused(`Bearer ${inst.token}`)).toMatch(/no longer an admin/);
    expect(refusals()[0]!.details.reason).toBe('owner-not-admin');
  });

  it('records last use at most once a minute per token', () => {
    const { token, view } = createApiToken(mem, { kind: 'personal' }, fields);
    const t0 = new Date('2026-05-01T10:00:00Z');
    expect(row(view.id).lastUsedAt).toBeNull();
    authenticateBearer(`Bearer ${token}`, '198.51.100.1', t0);
    expect(row(view.id)).toMatchObject({ lastUsedAt: t0, lastUsedIp: '198.51.100.1' });
    authenticateBearer(`Bearer ${token}`, '198.51.100.2', new Date(t0.getTime() + LAST_USED_EVERY_MS - 1));
    expect(row(view.id)).toMatchObject({ lastUsedAt: t0, lastUsedIp: '198.51.100.1' });
    const t1 = new Date(t0.getTime() + LAST_USED_EVERY_MS);
    authenticateBearer(`Bearer ${token}`, '198.51.100.3', t1);
    expect(row(view.id)).toMatchObject({ lastUsedAt: t1, lastUsedIp: '198.51.100.3' });
    // A refusal never counts as a use.
    revokeApiToken(mem, { kind: 'personal' }, view.id);
    refused(`Bearer ${token}`, new Date(t1.getTime() + 10 * LAST_USED_EVERY_MS));
    expect(row(view.id).lastUsedAt).toEqual(t1);
  });
});
