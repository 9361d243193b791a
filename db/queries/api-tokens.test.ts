import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { hashApiToken } from '@/lib/api/token-format';
import type { Actor } from '@/lib/auth/actor';
import { AppError, ForbiddenError, NotFoundError } from '@/lib/errors';
import { TeamTokenSchema, TokenFieldsSchema, type TokenFields } from '@/lib/validation/api-token';
import { seedTeams } from '@/db/testing/team-fixture';
import { useTempDatabase } from '@/db/testing/temp-db';
import type { DB } from '../connection';
import { apiTokens, auditLog } from '../schema';
import { createApiToken, createApiTokenFromCli, getTeamTokensPage, listApiTokens, revokeApiToken } from './api-tokens';
import { removeTeamMember } from './teams';

let db: DB;
let admin: Actor;
let mem: Actor;
let rev: Actor;
let aud: Actor;
let rex: Actor;
let teamId: string;
let otherTeamId: string;

const fields: TokenFields = { name: 'CI gate', scopes: ['gate', 'read'], days: 90 };

beforeEach(() => {
  db = useTempDatabase();
  const cast = seedTeams({
    Mem: { team: 'Payments', role: 'member' },
    Rev: { team: 'Payments', role: 'reviewer' },
    Aud: { team: 'Payments', role: 'auditor' },
    Rex: { team: 'Search', role: 'member' },
  });
  ({ Mem: mem, Rev: rev, Aud: aud, Rex: rex } = cast.people);
  ({ admin, teamId, otherTeamId } = cast);
});

function audit(action: string) {
  return db
    .select()
    .from(auditLog)
    .where(eq(auditLog.action, action))
    .all()
    .map((e) => ({ ...e, details: JSON.parse(e.details) as Record<string, unknown> }));
}

describe('the token form schema', () => {
  it('names every bad field and normalises scopes and days', () => {
    const bad = TokenFieldsSchema.safeParse({ name: '  ', scopes: [], days: '400' });
    expect(bad.success).toBe(false);
    const byField = Object.fromEntries(bad.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(byField).toEqual({ name: expect.stringMatching(/name/), scopes: 'Choose at least one scope.', days: expect.stringMatching(/1 to 365/) });
    for (const days of ['0', '-1', '1.5', 'abc', '', '366']) expect(TokenFieldsSchema.safeParse({ ...fields, days }).success, days).toBe(false);
    expect(TokenFieldsSchema.safeParse({ ...fields, name: 'x'.repeat(101), days: '1' }).success).toBe(false);
    expect(TokenFieldsSchema.safeParse({ ...fields, scopes: ['admin'], days: '1' }).success).toBe(false);
    expect(TokenFieldsSchema.parse({ name: ' CI ', scopes: ['read', 'gate', 'read'], days: ' 365 ' })).toEqual({ name: 'CI', scopes: ['read', 'gate'], days: 365 });
    expect(TeamTokenSchema.safeParse({ name: 'x', scopes: ['read'], days: '1', teamId: 'nope' }).success).toBe(false);
  });
});

describe('personal tokens', () => {
  it('any signed-in person makes one; it is listed only for them and expires after the chosen days', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const { token, view } = createApiToken(rex, { kind: 'personal' }, fields, { now });
    expect(view).toMatchObject({ kind: 'personal', name: 'CI gate', scopes: ['gate', 'read'], displayPrefix: token.slice(4, 12), teamId: null, refusal: null, lastUsedAt: null, revokedAt: null });
    expect(view.expiresAt.toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(listApiTokens(rex, { kind: 'personal' }, now).map((t) => t.id)).toEqual([view.id]);
    expect(listApiTokens(mem, { kind: 'personal' })).toEqual([]);
    expect(listApiTokens(admin, { kind: 'personal' })).toEqual([]);
    const [entry] = audit('api-token.created');
    expect(entry).toMatchObject({ actorId: rex.id, targetType: 'api-token', targetId: view.id, details: { kind: 'personal', name: 'CI gate', scopes: 'gate, read', displayPrefix: view.displayPrefix } });
  });

  it('only its owner revokes it, at once and once; anyone else gets not-found', () => {
    const { view } = createApiToken(mem, { kind: 'personal' }, fields);
    expect(() => revokeApiToken(rev, { kind: 'personal' }, view.id)).toThrow(NotFoundError);
    expect(() => revokeApiToken(admin, { kind: 'personal' }, view.id)).toThrow(NotFoundError);
    // Not through another page's place either.
    expect(() => revokeApiToken(admin, { kind: 'instance' }, view.id)).toThrow(NotFoundError);
    expect(() => revokeApiToken(mem, { kind: 'team', teamId }, view.id)).toThrow(NotFoundError);
    const revoked = revokeApiToken(mem, { kind: 'personal' }, view.id);
    expect(revoked.refusal).toBe('revoked');
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    revokeApiToken(mem, { kind: 'personal' }, view.id);
    expect(audit('api-token.revoked')).toHaveLength(1);
    expect(audit('api-token.revoked')[0]).toMatchObject({ actorId: mem.id, targetId: view.id, details: { kind: 'personal', displayPrefix: view.displayPrefix } });
    expect(listApiTokens(mem, { kind: 'personal' })[0]!.refusal).toBe('revoked');
  });
});

describe('team tokens', () => {
  it('members, reviewers and admins make them; auditors are told why not; outsiders get not-found', () => {
    for (const who of [mem, rev, admin]) expect(createApiToken(who, { kind: 'team', teamId }, fields).view).toMatchObject({ kind: 'team', teamId, refusal: null, createdByName: who.name });
    expect(() => createApiToken(aud, { kind: 'team', teamId }, fields)).toThrow(ForbiddenError);
    expect(() => createApiToken(rex, { kind: 'team', teamId }, fields)).toThrow(NotFoundError);
    expect(() => createApiToken(admin, { kind: 'team', teamId: crypto.randomUUID() }, fields)).toThrow(NotFoundError);
    expect(audit('api-token.created').map((e) => e.details.teamId)).toEqual([teamId, teamId, teamId]);
  });

  it('are listed and revoked by the team’s token makers and admins, not auditors or other teams', () => {
    const { view } = createApiToken(mem, { kind: 'team', teamId }, fields);
    createApiToken(rex, { kind: 'team', teamId: otherTeamId }, fields);
    for (const who of [mem, rev, admin]) expect(listApiTokens(who, { kind: 'team', teamId }).map((t) => t.id)).toEqual([view.id]);
    expect(() => listApiTokens(aud, { kind: 'team', teamId })).toThrow(ForbiddenError);
    expect(() => listApiTokens(rex, { kind: 'team', teamId })).toThrow(NotFoundError);
    expect(() => revokeApiToken(aud, { kind: 'team', teamId }, view.id)).toThrow(ForbiddenError);
    expect(() => revokeApiToken(rex, { kind: 'team', teamId }, view.id)).toThrow(NotFoundError);
    // Rex may manage Search's tokens, but this token is not one of them.
    expect(() => revokeApiToken(rex, { kind: 'team', teamId: otherTeamId }, view.id)).toThrow(NotFoundError);
    expect(revokeApiToken(rev, { kind: 'team', teamId }, view.id).refusal).toBe('revoked');
    expect(audit('api-token.revoked')[0]).toMatchObject({ actorId: rev.id, details: { kind: 'team', teamId, userId: mem.id } });
  });

  it('the team page shows tokens to makers only, tells auditors why, and is not-found outside the team', () => {
    createApiToken(mem, { kind: 'team', teamId }, fields);
    expect(getTeamTokensPage(rev, teamId)).toMatchObject({ team: { id: teamId, name: 'Payments' }, mayManage: true, whyNot: null });
    expect(getTeamTokensPage(rev, teamId).tokens).toHaveLength(1);
    expect(getTeamTokensPage(aud, teamId)).toMatchObject({ mayManage: false, whyNot: expect.stringMatching(/Auditors/), tokens: [] });
    expect(() => getTeamTokensPage(rex, teamId)).toThrow(NotFoundError);
  });

  it('shows a token as stopped once its creator left the team', () => {
    const { view } = createApiToken(mem, { kind: 'team', teamId }, fields);
    removeTeamMember(admin, teamId, mem.id);
    expect(listApiTokens(rev, { kind: 'team', teamId }).find((t) => t.id === view.id)!.refusal).toBe('creator-left-team');
  });
});

describe('instance tokens', () => {
  it('only admins make, list and revoke them', () => {
    const { view } = createApiToken(admin, { kind: 'instance' }, fields);
    expect(view).toMatchObject({ kind: 'instance', teamId: null });
    for (const who of [mem, rev, aud]) {
      expect(() => createApiToken(who, { kind: 'instance' }, fields)).toThrow(NotFoundError);
      expect(() => listApiTokens(who, { kind: 'instance' })).toThrow(NotFoundError);
      expect(() => revokeApiToken(who, { kind: 'instance' }, view.id)).toThrow(NotFoundError);
    }
    expect(listApiTokens(admin, { kind: 'instance' }).map((t) => t.id)).toEqual([view.id]);
    expect(revokeApiToken(admin, { kind: 'instance' }, view.id).refusal).toBe('revoked');
  });
});

describe('storage', () => {
  it('keeps only the hash and prefix: the clear token is nowhere in the database files', () => {
    const issued = [createApiToken(mem, { kind: 'personal' }, fields), createApiToken(mem, { kind: 'team', teamId }, fields), createApiToken(admin, { kind: 'instance' }, fields)];
    revokeApiToken(mem, { kind: 'personal' }, issued[0]!.view.id);
    for (const { token, view } of issued) {
      const row = db.select().from(apiTokens).where(eq(apiTokens.id, view.id)).get()!;
      expect(row.tokenHash).toBe(hashApiToken(token));
      expect(row.displayPrefix).toBe(token.slice(4, 12));
    }
    const files = readdirSync(process.env.DATA_DIR!).filter((n) => n.startsWith('preflight'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const bytes = readFileSync(path.join(process.env.DATA_DIR!, f));
      // The random part after the 8 shown characters is the secret; neither it nor the whole token may be stored.
      for (const { token } of issued) {
        expect(bytes.includes(token), f).toBe(false);
        expect(bytes.includes(token.slice(12)), f).toBe(false);
      }
    }
  });
});

describe('token:create', () => {
  const cli = (input: Partial<Parameters<typeof createApiTokenFromCli>[0]>) => createApiTokenFromCli({ email: 'mem@example.com', instance: false, fields, ...input });
  const usage = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).status).toBe(2);
      return (e as AppError).message;
    }
    throw new Error('expected a usage error');
  };

  it('issues personal, team (by id or exact name) and instance tokens, audited as through the command line', () => {
    expect(cli({}).view.kind).toBe('personal');
    expect(cli({ team: 'Payments' }).view).toMatchObject({ kind: 'team', teamId });
    expect(cli({ team: teamId, email: 'REV@example.com' }).view).toMatchObject({ kind: 'team', teamId });
    expect(cli({ email: 'admin@example.com', instance: true }).view.kind).toBe('instance');
    expect(audit('api-token.created').every((e) => e.details.via === 'cli')).toBe(true);
  });

  it('refuses with exit status 2 and a sentence for an unknown user, a team they are not on, or a non-admin instance token', () => {
    expect(usage(() => cli({ email: 'nobody@example.com' }))).toMatch(/No account has the email nobody@example.com/);
    expect(usage(() => cli({ team: 'Search' }))).toMatch(/not a member of the team “Search”/);
    expect(usage(() => cli({ team: 'payments' }))).toMatch(/No team has the id or exact name/);
    expect(usage(() => cli({ email: 'aud@example.com', team: 'Payments' }))).toMatch(/auditor/);
    expect(usage(() => cli({ instance: true }))).toMatch(/not an admin/);
    expect(audit('api-token.created')).toHaveLength(0);
  });
});
