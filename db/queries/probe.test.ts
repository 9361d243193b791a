import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { currentCatalog } from '@/lib/catalog/load';
import { ItemUpdateSchema } from '@/lib/checklist/item-schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/lib/errors';
import { createConnectApp } from '@/lib/probe/testing/connect-app';
import { startTargetServer, type TargetServer } from '@/lib/probe/testing/target-server';
import { createTestCa, type TestCa } from '@/lib/probe/testing/test-ca';
import { ProbeTargetSchema, type ProbeTargetInput } from '@/lib/validation/probe-target';
import { seedTeams } from '@/db/testing/team-fixture';
import { useTempDatabase } from '@/db/testing/temp-db';
import type { DB } from '../connection';
import { assessmentItems, assessments, auditLog, evidence, probeRuns, probeTargets } from '../schema';
import { createAssessment } from './assessments';
import { itemValues, saveItem } from './items';
import { getProbePage, getProbeRun, getProbeRunResult, MAX_RUNS_AT_ONCE, openProbeRun, PROBE_BUSY, saveProbeTarget } from './probe';
import { executeProbeRun, probeTargetOf } from './probe-execution';
import { digestOfItem } from './reviews';
import { signOffItem } from './sign-off';

const SECRET = 'session=good';
const HSTS_ITEM = 'server-hsts-one-year';

let ca: TestCa;
let server: TargetServer;
// Flipped by a test: the app "gets worse" and stops sending HSTS on its home page.
let worse = false;
// Cookie headers the app received, to show which runs sent the stored sign-in header.
const seenCookies: string[] = [];
let db: DB;
let ann: Actor;
let rita: Actor;
let rex: Actor;
let assessmentId: string;
let teamId: string;

beforeAll(async () => {
  ca = createTestCa();
  const app = createConnectApp({ profile: 'hardened', baseUrl: () => server.baseUrl });
  server = await startTargetServer({
    profile: 'hardened',
    ca,
    handler: (req, res) => {
      // The server sets its profile's headers before the handler runs; the worse build drops HSTS.
      if (worse) res.removeHeader('Strict-Transport-Security');
      if (req.headers.cookie) seenCookies.push(req.headers.cookie);
      return app.handler(req, res);
    },
  });
}, 30_000);

afterAll(async () => {
  await server?.close();
});

beforeEach(() => {
  worse = false;
  db = useTempDatabase();
  const cast = seedTeams({ Ann: { team: 'Payments', role: 'member' }, Rita: { team: 'Payments', role: 'reviewer' }, Rex: { team: 'Search', role: 'member' } });
  ({ Ann: ann, Rita: rita, Rex: rex } = cast.people);
  teamId = cast.teamId;
  const profile = Object.fromEntries(currentCatalog().profileQuestions.map((q) => [q.id, true]));
  assessmentId = createAssessment(ann, cast.teamId, { appName: 'Poker', appKind: 'connect', baseUrl: server.baseUrl, targetLaunchDate: '2027-03-31', profile }).id;
});

function targetInput(values: Partial<ProbeTargetInput> = {}): ProbeTargetInput {
  return ProbeTargetSchema.parse({
    assessmentId,
    extraHosts: '',
    httpPort: String(server.httpPort),
    gateProbeMaxAgeDays: '',
    descriptorMode: 'auto',
    descriptorUrl: '',
    descriptorText: '',
    descriptorName: '',
    manifestText: '',
    manifestName: '',
    forgetManifest: false,
    authUrl: new URL('/account', server.baseUrl).href,
    authHeaderName: 'Cookie',
    authHeaderValue: SECRET,
    forgetAuth: false,
    ...values,
  });
}

async function probe(): Promise<string> {
  const { runId } = openProbeRun(ann, assessmentId);
  await executeProbeRun(runId, { policy: { allowPrivate: false, allowHosts: ['127.0.0.1'] }, ca: [ca.caPem] });
  return runId;
}

const item = (catalogItemId: string) => db.select().from(assessmentItems).where(and(eq(assessmentItems.assessmentId, assessmentId), eq(assessmentItems.catalogItemId, catalogItemId))).get()!;
const currentProbeEvidence = (catalogItemId: string) =>
  db
    .select()
    .from(evidence)
    .where(and(eq(evidence.assessmentItemId, item(catalogItemId).id), eq(evidence.kind, 'probe')))
    .all()
    .filter((e) => !e.replacedAt && !e.deletedAt);

describe('the probe target', () => {
  it('seals the sign-in header: it is in no row, page or audit entry, and it opens only for the run', () => {
    saveProbeTarget(ann, targetInput());
    const row = db.select().from(probeTargets).where(eq(probeTargets.assessmentId, assessmentId)).get()!;
    expect(row.authSecret).not.toContain(SECRET);
    expect(Buffer.from(row.authSecret!, 'base64').toString('latin1')).not.toContain(SECRET);
    const page = getProbePage(ann, assessmentId, teamId);
    expect(page.target.hasAuthSecret).toBe(true);
    expect(JSON.stringify(page)).not.toContain(SECRET);
    expect(JSON.stringify(db.select().from(auditLog).all())).not.toContain(SECRET);
    const assessment = page.assessment;
    expect(probeTargetOf(assessment, row).authenticated?.header).toEqual({ name: 'Cookie', value: SECRET });
  });

  it('keeps the saved header when the field is left empty, and forgets it on request', () => {
    saveProbeTarget(ann, targetInput());
    saveProbeTarget(ann, targetInput({ authHeaderValue: '' }));
    expect(db.select().from(probeTargets).get()!.authSecret).toBeTruthy();
    saveProbeTarget(ann, targetInput({ authHeaderValue: '', authUrl: '', forgetAuth: true }));
    const row = db.select().from(probeTargets).get()!;
    expect([row.authSecret, row.authUrl, row.authKeyId]).toEqual([null, null, null]);
    // A signed-in page without any header to open it is refused with a field message.
    expect(() => saveProbeTarget(ann, targetInput({ authHeaderValue: '' }))).toThrow(ValidationError);
  });

  it('is set by members only: a reviewer is refused, another team finds nothing', () => {
    expect(() => saveProbeTarget(rita, targetInput())).toThrow(ForbiddenError);
    expect(() => saveProbeTarget(rex, targetInput())).toThrow(NotFoundError);
    expect(() => openProbeRun(rita, assessmentId)).toThrow(ForbiddenError);
    expect(() => openProbeRun(rex, assessmentId)).toThrow(NotFoundError);
  });

  it('refuses bad input with field messages', () => {
    const issues = (values: Partial<Record<keyof ProbeTargetInput, unknown>>) => {
      const r = ProbeTargetSchema.safeParse({ ...targetInput(), ...values });
      return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
    };
    expect(issues({ extraHosts: 'api.example.com/path' })).toHaveProperty('extraHosts');
    expect(issues({ extraHosts: 'http://x' })).toHaveProperty('extraHosts');
    expect(issues({ httpPort: '70000' })).toHaveProperty('httpPort');
    for (const days of ['0', '366', '7.5', '-1', 'seven']) expect(issues({ gateProbeMaxAgeDays: days })).toHaveProperty('gateProbeMaxAgeDays');
    expect(issues({ gateProbeMaxAgeDays: ' 30 ' })).toEqual({});
    expect(issues({ descriptorMode: 'url', descriptorUrl: '' })).toHaveProperty('descriptorUrl');
    expect(issues({ descriptorMode: 'upload', descriptorText: '[1,2]' })).toHaveProperty('descriptorText');
    expect(issues({ manifestText: 'just words' })).toHaveProperty('manifestText');
    expect(issues({ authHeaderName: 'Bad Header' })).toHaveProperty('authHeaderName');
    expect(issues({ authHeaderValue: 'a\r\nInjected: 1' })).toHaveProperty('authHeaderValue');
    expect(issues({ authUrl: 'https://user:pw@example.com/' })).toHaveProperty('authUrl');
    expect(issues({ descriptorText: 'x'.repeat(256 * 1024 + 1), descriptorMode: 'upload' })).toHaveProperty('descriptorText');
  });
});

describe('probe runs', () => {
  it('starts one run at a time, even when two starts race', () => {
    saveProbeTarget(ann, targetInput());
    const { runId } = openProbeRun(ann, assessmentId);
    expect(() => openProbeRun(ann, assessmentId)).toThrow(ConflictError);
    expect(() => getProbeRunResult(ann, assessmentId, runId)).toThrow('This run has no result yet.');
    // The database holds the line even without the check in front of it.
    expect(() => db.insert(probeRuns).values({ id: crypto.randomUUID(), assessmentId, startedAt: new Date(), state: 'running', total: 18 }).run()).toThrow(/UNIQUE/);
  });

  it('carries at most a few runs across the instance at once, and says so in words', () => {
    const profile = Object.fromEntries(currentCatalog().profileQuestions.map((q) => [q.id, true]));
    for (let i = 0; i < MAX_RUNS_AT_ONCE; i++) {
      const other = createAssessment(ann, teamId, { appName: `Busy ${i}`, appKind: 'connect', baseUrl: server.baseUrl, targetLaunchDate: '2027-03-31', profile }).id;
      openProbeRun(ann, other);
    }
    let refusal: unknown;
    try {
      openProbeRun(ann, assessmentId);
    } catch (e) {
      refusal = e;
    }
    expect(refusal).toMatchObject({ status: 429, message: PROBE_BUSY });
    // Runs a stopped server left behind do not count against the cap once they are abandoned.
    db.update(probeRuns).set({ startedAt: new Date(Date.now() - 10 * 60_000) }).run();
    expect(openProbeRun(ann, assessmentId).runId).toBeTruthy();
  });

  it('files its result as evidence on the mapped items, and the sign-off covers verdicts, not runs', async () => {
    saveProbeTarget(ann, targetInput());
    const first = await probe();
    const run = getProbeRun(ann, assessmentId, first);
    expect(run.state, run.errorMessage ?? '').toBe('finished');
    expect(run.checks).toHaveLength(18);
    expect(run.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual([]);
    // The stored result is exactly what its SHA-256 covers.
    const stored = getProbeRunResult(ann, assessmentId, first);
    expect(createHash('sha256').update(stored.text).digest('hex')).toBe(stored.sha256);
    expect(() => getProbeRunResult(rex, assessmentId, first)).toThrow(NotFoundError);
    const [hsts] = currentProbeEvidence(HSTS_ITEM);
    expect(hsts).toMatchObject({ kind: 'probe', probeRunId: first, probeOutcome: 'hsts.max-age=pass', revision: 1 });
    expect(JSON.parse(hsts!.body!).checks.map((c: { id: string }) => c.id)).toEqual(['hsts.max-age']);
    // Nothing of the sign-in header in the stored results or anywhere in the database files.
    for (const f of readdirSync(process.env.DATA_DIR!).filter((n) => n.startsWith('preflight'))) expect(readFileSync(path.join(process.env.DATA_DIR!, f)).includes(SECRET), f).toBe(false);

    const i = item(HSTS_ITEM);
    saveItem(ann, ItemUpdateSchema.parse({ assessmentId, catalogItemId: HSTS_ITEM, version: i.version, ...itemValues(i), status: 'met' }), currentCatalog());
    signOffItem(rita, { assessmentId, catalogItemId: HSTS_ITEM, digest: digestOfItem(db, item(HSTS_ITEM)), comment: '' });
    expect(item(HSTS_ITEM).signOffId).not.toBeNull();

    // Same verdicts: a new revision, and the sign-off stands.
    await probe();
    expect(currentProbeEvidence(HSTS_ITEM)).toMatchObject([{ revision: 2, probeOutcome: 'hsts.max-age=pass' }]);
    expect(item(HSTS_ITEM).signOffId).not.toBeNull();

    // The app got worse: the check fails, the evidence says so, and the sign-off is stale.
    worse = true;
    const third = await probe();
    expect(getProbeRun(ann, assessmentId, third).checks.find((c) => c.id === 'hsts.max-age')?.status).toBe('fail');
    expect(currentProbeEvidence(HSTS_ITEM)).toMatchObject([{ revision: 3, probeOutcome: 'hsts.max-age=fail' }]);
    expect(item(HSTS_ITEM).signOffId).toBeNull();

    const actions = db.select({ action: auditLog.action }).from(auditLog).all().map((a) => a.action);
    expect(actions.filter((a) => a === 'probe.started')).toHaveLength(3);
    expect(actions.filter((a) => a === 'probe.finished')).toHaveLength(3);
    expect(actions).toContain('evidence.replaced');
  }, 60_000);

  it('probes a staging address given for one run, and never sends it the stored sign-in header', async () => {
    saveProbeTarget(ann, targetInput());
    // The assessment's own address does not resolve: only the staging override can reach the app.
    db.update(assessments).set({ baseUrl: 'https://production.invalid' }).where(eq(assessments.id, assessmentId)).run();
    for (const bad of ['http://staging.example.com', 'https://user:pw@staging.example.com', 'not a url']) {
      expect(() => openProbeRun(ann, assessmentId, { baseUrl: bad })).toThrow(ValidationError);
    }
    seenCookies.length = 0;
    const { runId } = openProbeRun(ann, assessmentId, { baseUrl: server.baseUrl });
    await executeProbeRun(runId, { policy: { allowPrivate: false, allowHosts: ['127.0.0.1'] }, ca: [ca.caPem] });
    const run = db.select().from(probeRuns).where(eq(probeRuns.id, runId)).get()!;
    expect(run).toMatchObject({ state: 'finished', baseUrl: server.baseUrl });
    expect((JSON.parse(run.result!) as { target: { baseUrl: string } }).target.baseUrl).toBe(server.baseUrl);
    expect(run.passed).toBeGreaterThan(5);
    expect(seenCookies.filter((c) => c.includes(SECRET))).toEqual([]);
    const audit = db.select().from(auditLog).all().find((e) => e.action === 'probe.started' && e.details.includes(runId))!;
    expect(JSON.parse(audit.details)).toMatchObject({ baseUrl: server.baseUrl });
  });

  it('stores a refused target as a failed run with the reason, and files nothing', async () => {
    saveProbeTarget(ann, targetInput());
    const { runId } = openProbeRun(ann, assessmentId);
    // Without PROBE_ALLOW_HOSTS, loopback is refused like any private address.
    await executeProbeRun(runId, { policy: { allowPrivate: false, allowHosts: [] }, ca: [ca.caPem] });
    const run = getProbeRun(ann, assessmentId, runId);
    expect(run.state).toBe('finished');
    expect(run.checks.find((c) => c.id === 'tls.protocols')?.summary).toMatch(/refused|loopback|private/i);
    expect(run.checks.some((c) => c.status === 'pass')).toBe(false);
    expect(db.select().from(evidence).where(eq(evidence.kind, 'probe')).all()).toEqual([]);
  }, 30_000);
});
