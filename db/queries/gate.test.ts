import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiPrincipal } from '@/lib/api/principal';
import type { Actor } from '@/lib/auth/actor';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/lib/errors';
import { seedTeams } from '@/db/testing/team-fixture';
import { useTempDatabase } from '@/db/testing/temp-db';
import type { DB } from '../connection';
import { assessmentItems, assessments, evidence, probeRuns, probeTargets } from '../schema';
import { getAssessmentDetail, listApiTeams, listAssessmentsPage, patchItem, requireApiAssessment } from './api-v1';
import { createAssessment } from './assessments';
import { gateText, gateVerdict } from './gate';

let db: DB;
let ann: Actor;
let rex: Actor;
let teamId: string;
let otherTeamId: string;
let assessmentId: string;

beforeEach(() => {
  db = useTempDatabase();
  const cast = seedTeams({ Ann: { team: 'Payments', role: 'member' }, Rex: { team: 'Search', role: 'member' } });
  ({ Ann: ann, Rex: rex } = cast.people);
  ({ teamId, otherTeamId } = cast);
  assessmentId = createAssessment(ann, teamId, { appName: 'Poker', appKind: 'other', baseUrl: 'https://poker.example.com', targetLaunchDate: '2027-03-31', profile: {} }).id;
});

const row = () => db.select().from(assessments).where(eq(assessments.id, assessmentId)).get()!;
const items = () => db.select().from(assessmentItems).where(eq(assessmentItems.assessmentId, assessmentId)).all();
const principal = (over: Partial<ApiPrincipal> = {}): ApiPrincipal => ({ actor: ann, tokenId: 't', kind: 'personal', scopes: ['read', 'write', 'probe', 'gate'], teamId: null, ...over });

/** Every item signed off and the launch approved, written straight to the rows: the gate only reads them. */
function approveEverything() {
  db.update(assessmentItems).set({ status: 'met', signOffId: crypto.randomUUID() }).where(eq(assessmentItems.assessmentId, assessmentId)).run();
  db.update(assessments).set({ launchApprovedAt: new Date('2026-11-30T10:00:00Z') }).where(eq(assessments.id, assessmentId)).run();
}

describe('the release gate', () => {
  it('fails a fresh assessment, naming every unsigned item', () => {
    const v = gateVerdict(db, row());
    expect(v.pass).toBe(false);
    expect(v.reasons[0]).toMatchObject({ code: 'not-approved', catalogItemId: null });
    const applicable = items().filter((i) => !i.excludedByProfile);
    expect(v.reasons.filter((r) => r.code === 'unsigned').map((r) => r.catalogItemId).sort()).toEqual(applicable.map((i) => i.catalogItemId).sort());
    expect(gateText(v).split('\n')[0]).toBe('FAIL Poker (Payments)');
  });

  it('passes an approved launch, and fails it again once evidence expires', () => {
    approveEverything();
    const now = new Date('2026-12-01T12:00:00Z');
    const passed = gateVerdict(db, row(), now);
    expect(passed).toMatchObject({ pass: true, reasons: [], approvedAt: '2026-11-30T10:00:00.000Z' });
    expect(gateText(passed)).toBe('PASS Poker (Payments), approved 2026-11-30\n');
    const item = items()[0]!;
    db.insert(evidence).values({ id: crypto.randomUUID(), assessmentItemId: item.id, kind: 'link', name: 'Pen test\nFAKE PASS', url: 'https://x.example.com', validUntil: '2026-11-01' }).run();
    const expired = gateVerdict(db, row(), now);
    expect(expired.pass).toBe(false);
    expect(expired.reasons).toEqual([expect.objectContaining({ code: 'evidence-expired', catalogItemId: item.catalogItemId })]);
    // A line break in a name cannot forge a line of the text answer.
    expect(gateText(expired).split('\n').filter((l) => l.startsWith('PASS'))).toEqual([]);
  });

  it('asks for a recent passing probe run when the assessment says so', () => {
    approveEverything();
    const now = new Date('2026-12-01T12:00:00Z');
    db.insert(probeTargets).values({ assessmentId, extraHosts: '[]', descriptorMode: 'none', gateProbeMaxAgeDays: 7, updatedAt: now, updatedById: ann.id }).run();
    expect(gateVerdict(db, row(), now).reasons.map((r) => r.code)).toEqual(['probe-missing']);
    const run = (daysAgo: number, checks: unknown[]) =>
      db.insert(probeRuns).values({ id: crypto.randomUUID(), assessmentId, startedAt: new Date(now.getTime() - daysAgo * 86_400_000), finishedAt: new Date(now.getTime() - daysAgo * 86_400_000), state: 'finished', total: 18, result: JSON.stringify({ checks }) }).run();
    run(10, []);
    expect(gateVerdict(db, row(), now).reasons.map((r) => r.code)).toEqual(['probe-old']);
    run(1, [{ id: 'headers-hsts', status: 'fail', items: ['server-hsts-one-year'], summary: 'No HSTS header.' }, { id: 'tls-versions', status: 'pass', items: ['x'], summary: '' }]);
    const failed = gateVerdict(db, row(), now);
    expect(failed.reasons).toEqual([{ code: 'probe-failed', catalogItemId: 'server-hsts-one-year', message: 'Probe check headers-hsts failed: No HSTS header.' }]);
    run(0, []);
    expect(gateVerdict(db, row(), now).pass).toBe(true);
  });
});

describe('the API’s data access', () => {
  it('checks the scope, the owner’s permission and a team token’s team', () => {
    expect(() => requireApiAssessment(principal({ scopes: ['gate'] }), 'read', assessmentId)).toThrow(ForbiddenError);
    expect(() => requireApiAssessment(principal({ scopes: ['read'] }), 'read', assessmentId)).not.toThrow();
    expect(() => requireApiAssessment(principal({ kind: 'team', teamId: otherTeamId }), 'read', assessmentId)).toThrow(NotFoundError);
    expect(() => requireApiAssessment(principal({ actor: rex }), 'read', assessmentId)).toThrow(NotFoundError);
    expect(() => listAssessmentsPage(principal({ kind: 'team', teamId: otherTeamId }), teamId, { limit: 10 })).toThrow(NotFoundError);
    expect(listApiTeams(principal()).items).toEqual([{ id: teamId, name: 'Payments', myRole: 'member' }]);
    expect(listApiTeams(principal({ actor: rex, kind: 'team', teamId: otherTeamId })).items.map((t) => t.id)).toEqual([otherTeamId]);
    expect(listApiTeams(principal({ kind: 'team', teamId: otherTeamId })).items).toEqual([]);
    expect(() => listApiTeams(principal({ scopes: ['write'] }))).toThrow(ForbiddenError);
  });

  it('patches only what is sent, and answers a stale version with the current state', () => {
    const item = getAssessmentDetail(principal(), assessmentId).items[0]!;
    const saved = patchItem(principal(), assessmentId, item.catalogItemId, { version: item.version, notes: 'First' });
    expect(saved.version).toBe(item.version + 1);
    const stale = (() => {
      try {
        patchItem(principal(), assessmentId, item.catalogItemId, { version: item.version, notes: 'Second' });
      } catch (e) {
        return e;
      }
    })() as ConflictError & { current: { version: number; notes: string } };
    expect(stale).toBeInstanceOf(ConflictError);
    expect(stale.current).toMatchObject({ version: item.version + 1, notes: 'First' });
    expect(() => patchItem(principal(), assessmentId, item.catalogItemId, { version: saved.version, status: 'not_applicable' })).toThrow(ValidationError);
    expect(() => patchItem(principal({ scopes: ['read'] }), assessmentId, item.catalogItemId, { version: saved.version, notes: 'x' })).toThrow(ForbiddenError);
  });

  it('pages assessments oldest first with an opaque cursor', () => {
    for (const n of [2, 3, 4]) createAssessment(ann, teamId, { appName: `App ${n}`, appKind: 'other', baseUrl: 'https://a.example.com', targetLaunchDate: '2027-03-31', profile: {} });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = listAssessmentsPage(principal(), teamId, { limit: 3, cursor });
      seen.push(...page.items.map((a) => a.appName));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen.sort()).toEqual(['App 2', 'App 3', 'App 4', 'Poker']);
    expect(() => listAssessmentsPage(principal(), teamId, { limit: 3, cursor: Buffer.from("1:x' or 1=1").toString('base64url') })).toThrow(ValidationError);
  });
});
