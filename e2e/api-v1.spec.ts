// The REST API against the real server: every endpoint with a good token, an expired one, a revoked one, one
// lacking the scope, another team's, and none; conflicts, validation, paging, the rate limit, the OpenAPI document,
// and the preflight-gate script against the seeded demo.
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import SwaggerParser from '@apidevtools/swagger-parser';
import { expect, test } from '@playwright/test';
import type { z } from 'zod';
import { API_ROUTES } from '@/lib/api/routes';
import { AssessmentDetail, AssessmentPage, EvidenceSaved, GateSchema, ItemSaved, ProbeRunSchema, ProbeStarted, ProblemSchema, TeamList } from '@/lib/api/schemas';
import { envForDataDir } from '@/lib/secrets';
import { createConnectApp } from '../lib/probe/testing/connect-app';
import { startTargetServer } from '../lib/probe/testing/target-server';
import { expectNoAxeViolations } from './support/axe';
import { E2E_BASE_URL } from './support/env';
import { e2eState, seedWorld, signIn } from './support/fixtures';
import { probeCa } from './support/probe-ca';
import { expectTokenNowhereStored } from './support/token-storage';
import type { World } from './support/seed-world';

let world: World;
test.beforeAll(() => {
  world = seedWorld();
});

const PDF = Buffer.from('%PDF-1.4\n% api upload\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

function api(path: string, token: string | null, init: { method?: string; body?: string | Buffer; type?: string } = {}) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.type) headers['content-type'] = init.type;
  return fetch(`${E2E_BASE_URL}${path}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : new Uint8Array(Buffer.from(init.body)), redirect: 'manual' });
}

async function problemOf(r: Response) {
  expect(r.headers.get('content-type')).toBe('application/problem+json');
  const p = ProblemSchema.parse(await r.json());
  expect(p.status).toBe(r.status);
  expect(p.detail).not.toMatch(/\n\s+at |node_modules|SqliteError/);
  return p;
}

type Endpoint = {
  name: string;
  scopes: string[];
  ok: number;
  schema?: z.ZodType;
  send: (token: string | null) => Promise<Response>;
  /** For a list that another team's token may read: what it must (not) contain, instead of a 404. */
  otherTeamSees?: (body: unknown) => void;
};

function endpoints(w: World): Endpoint[] {
  const own = w.own;
  const a = `/api/v1/assessments/${own.assessmentId}`;
  const versionNow = async () => AssessmentDetail.parse(await (await api(a, w.apiTokens.member)).json()).items.find((i) => i.catalogItemId === own.catalogItemId)!.version;
  return [
    {
      name: 'list teams',
      scopes: ['read', 'gate'],
      ok: 200,
      schema: TeamList,
      send: (t) => api('/api/v1/teams', t),
      otherTeamSees: (body) => expect(TeamList.parse(body).items.map((i) => i.id)).toEqual([w.other.teamId]),
    },
    { name: 'list assessments', scopes: ['read', 'gate'], ok: 200, schema: AssessmentPage, send: (t) => api(`/api/v1/teams/${own.teamId}/assessments?limit=2`, t) },
    { name: 'assessment detail', scopes: ['read'], ok: 200, schema: AssessmentDetail, send: (t) => api(a, t) },
    { name: 'item update', scopes: ['write'], ok: 200, schema: ItemSaved, send: async (t) => api(`${a}/items/${own.catalogItemId}`, t, { method: 'PATCH', type: 'application/json', body: JSON.stringify({ version: await versionNow(), notes: `Updated through the API ${Date.now()}` }) }) },
    { name: 'evidence upload', scopes: ['write'], ok: 201, schema: EvidenceSaved, send: (t) => api(`${a}/items/${own.catalogItemId}/evidence?name=api-scan.pdf`, t, { method: 'POST', type: 'application/octet-stream', body: PDF }) },
    { name: 'evidence download', scopes: ['read'], ok: 200, send: (t) => api(`/api/v1/evidence/${own.fileEvidenceId}`, t) },
    { name: 'report export', scopes: ['read'], ok: 200, send: (t) => api(`${a}/report?format=json`, t) },
    { name: 'gate', scopes: ['gate', 'read'], ok: 200, schema: GateSchema, send: (t) => api(`${a}/gate`, t) },
    { name: 'probe run status', scopes: ['probe', 'read', 'gate'], ok: 200, schema: ProbeRunSchema, send: (t) => api(`${a}/probe-runs/${own.probeRunId}`, t) },
    { name: 'probe run result', scopes: ['probe', 'read', 'gate'], ok: 200, send: (t) => api(`${a}/probe-runs/${own.probeRunId}/result`, t) },
    // Last: a good call starts a run (of a host that does not resolve, so it ends at once).
    { name: 'probe run start', scopes: ['probe'], ok: 202, schema: ProbeStarted, send: (t) => api(`${a}/probe-runs`, t, { method: 'POST', type: 'application/json', body: '{}' }) },
  ];
}

test('every endpoint answers a good, expired, revoked, wrong-scope, other team’s and missing token as it should', async () => {
  const cases = world.apiCaseTokens;
  const covered = new Set<string>();
  for (const e of endpoints(world)) {
    await test.step(e.name, async () => {
      const none = await e.send(null);
      expect(none.status, `${e.name} without a token`).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await problemOf(none)).detail).toContain('needs an API token');

      const expired = await e.send(cases.expired);
      expect(expired.status, `${e.name} with an expired token`).toBe(401);
      expect((await problemOf(expired)).detail).toMatch(/expired on \d{4}-\d{2}-\d{2}/);

      const revoked = await e.send(cases.revoked);
      expect(revoked.status, `${e.name} with a revoked token`).toBe(401);
      expect((await problemOf(revoked)).detail).toContain('not valid');

      const gateOnly = await e.send(cases.gateOnly);
      if (e.scopes.includes('gate')) expect(gateOnly.status, `${e.name} with the gate scope`).toBe(e.ok);
      else {
        expect(gateOnly.status, `${e.name} without its scope`).toBe(403);
        expect((await problemOf(gateOnly)).detail).toMatch(/lacks the "(read|write|probe)" scope/);
      }

      const otherTeam = await e.send(cases.otherTeam);
      if (e.otherTeamSees) {
        expect(otherTeam.status).toBe(200);
        e.otherTeamSees(await otherTeam.json());
      } else {
        expect(otherTeam.status, `${e.name} with another team’s token`).toBe(404);
        await problemOf(otherTeam);
      }

      const good = await e.send(world.apiTokens.member);
      expect(good.status, `${e.name} with a good token: ${good.status === e.ok ? '' : await good.clone().text()}`).toBe(e.ok);
      expect(good.headers.get('cache-control')).toContain('no-store');
      if (e.schema) {
        const body = e.schema.parse(await good.json());
        if (e.name === 'list teams') expect((body as z.infer<typeof TeamList>).items.map((i) => i.id)).toEqual([world.own.teamId]);
      }
      else if (e.name === 'evidence download') expect(createHash('sha256').update(Buffer.from(await good.arrayBuffer())).digest('hex')).toBe(good.headers.get('x-evidence-sha256'));
      else if (e.name === 'report export') expect(createHash('sha256').update(Buffer.from(await good.arrayBuffer())).digest('hex')).toBe(good.headers.get('x-report-sha256'));
      else if (e.name === 'probe run result') expect(createHash('sha256').update(Buffer.from(await good.arrayBuffer())).digest('hex')).toBe(good.headers.get('x-result-sha256'));
      covered.add(e.name);
    });
  }
  // The table above is every route of the API but its public document.
  expect(covered.size).toBe(API_ROUTES.length);
  for (const token of [world.apiTokens.member, ...Object.values(cases)]) expectTokenNowhereStored(token);
});

test('an item update with a stale version gets 409 and the current state; invalid ones get field errors', async () => {
  const a = `/api/v1/assessments/${world.own.assessmentId}`;
  const token = world.apiTokens.member;
  const item = (await (await api(a, token)).json()) as z.infer<typeof AssessmentDetail>;
  const version = item.items.find((i) => i.catalogItemId === world.own.catalogItemId)!.version;
  const path = `${a}/items/${world.own.catalogItemId}`;
  const patch = (body: unknown) => api(path, token, { method: 'PATCH', type: 'application/json', body: JSON.stringify(body) });

  // Two clients read the same version; the second to write loses and is told what is there now.
  const [first, second] = await Promise.all([patch({ version, notes: 'Client one' }), patch({ version, notes: 'Client two' })]);
  expect([first.status, second.status].sort()).toEqual([200, 409]);
  const loser = first.status === 409 ? first : second;
  const conflict = await problemOf(loser);
  expect(conflict.current).toMatchObject({ version: version + 1 });
  expect((conflict.current as { notes: string }).notes).toMatch(/^Client (one|two)$/);

  const badStatus = await problemOf(await patch({ version: version + 1, status: 'done-ish' }));
  expect(badStatus.status).toBe(400);
  expect(badStatus.errors?.status).toBeTruthy();
  const noReason = await problemOf(await patch({ version: version + 1, status: 'not_applicable' }));
  expect(noReason.errors?.justification).toContain('Explain why');
  const extra = await problemOf(await patch({ version: version + 1, signedOff: true }));
  expect(extra.status).toBe(400);
  const notJson = await problemOf(await api(path, token, { method: 'PATCH', type: 'application/json', body: '{"version":' }));
  expect(notJson.detail).toContain('not valid JSON');
  const wrongType = await problemOf(await api(path, token, { method: 'PATCH', type: 'text/plain', body: '{}' }));
  expect(wrongType.status).toBe(415);
  const unknownItem = await problemOf(await api(`${a}/items/no-such-item`, token, { method: 'PATCH', type: 'application/json', body: JSON.stringify({ version: 1 }) }));
  expect(unknownItem.status).toBe(404);
});

test('assessments page with a cursor, and a forged cursor is refused', async () => {
  const token = world.apiTokens.member;
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const r = await api(`/api/v1/teams/${world.own.teamId}/assessments?limit=1${cursor ? `&cursor=${cursor}` : ''}`, token);
    expect(r.status).toBe(200);
    const page = AssessmentPage.parse(await r.json());
    seen.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < 20);
  expect(seen.length).toBe(3);
  expect(new Set(seen).size).toBe(3);
  expect(seen).toContain(world.own.assessmentId);
  const forged = await problemOf(await api(`/api/v1/teams/${world.own.teamId}/assessments?cursor=${Buffer.from('x').toString('base64url')}`, token));
  expect(forged.status).toBe(400);
  const tooMany = await problemOf(await api(`/api/v1/teams/${world.own.teamId}/assessments?limit=1000`, token));
  expect(tooMany.errors?.limit).toContain('at most 100');
});

test('a token past its rate gets 429 with Retry-After', async () => {
  // The gate-only token of this world, so no other test's requests share its bucket (the e2e server allows 120 a minute).
  const path = `/api/v1/assessments/${world.own.assessmentId}/gate`;
  let limited: Response | null = null;
  let sent = 0;
  while (!limited && sent < 400) {
    const batch = await Promise.all(Array.from({ length: 25 }, () => api(path, world.apiCaseTokens.gateOnly)));
    sent += batch.length;
    limited = batch.find((r) => r.status === 429) ?? null;
    for (const r of batch) if (r !== limited) await r.body?.cancel();
  }
  expect(limited, `no 429 after ${sent} requests`).not.toBeNull();
  expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect((await problemOf(limited!)).detail).toMatch(/too many requests/i);
});

test('the OpenAPI document is public, valid, and lists every route', async () => {
  const r = await fetch(`${E2E_BASE_URL}/api/v1/openapi.json`);
  expect(r.status).toBe(200);
  const doc = (await r.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
  expect(doc.openapi).toBe('3.1.0');
  await SwaggerParser.validate(structuredClone(doc) as never);
  for (const route of API_ROUTES) expect(doc.paths[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeTruthy();
});

test('the API reference page reads as a list of endpoints and links the document', async ({ page }) => {
  await signIn(page, { email: world.users.member.email, password: world.password });
  await page.goto('/account');
  await page.getByRole('link', { name: 'API reference' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API reference' })).toBeVisible();
  for (const route of API_ROUTES) await expect(page.getByRole('heading', { level: 3, name: route.summary })).toBeVisible();
  await expect(page.getByRole('link', { name: '/api/v1/openapi.json' })).toHaveAttribute('href', '/api/v1/openapi.json');
  await expectNoAxeViolations(page, '/developers/api');
});

function runGate(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('sh', ['scripts/preflight-gate', ...args], { encoding: 'utf8', timeout: 120_000, env: { NODE_ENV: 'production', PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stdout, stderr });
    });
  });
}

test('preflight-gate exits 0 for the demo’s approved launch and 1 with reasons for the halfway one; --probe files a staging run', async () => {
  test.setTimeout(180_000);
  const seeded = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'e2e/support/seed-gate-demo.ts'], { encoding: 'utf8', env: envForDataDir(e2eState().dataDir, process.env, { LOG_LEVEL: 'warn' }) });
  expect(seeded.status, seeded.stderr).toBe(0);
  const demo = JSON.parse(seeded.stdout.trim().split('\n').at(-1)!) as { token: string; readOnly: string; approved: string; halfway: string };
  const env = { PREFLIGHT_URL: E2E_BASE_URL, PREFLIGHT_TOKEN: demo.token };

  const approved = await runGate([demo.approved], env);
  expect(approved.stderr).toBe('');
  expect(approved.code, approved.stdout).toBe(0);
  expect(approved.stdout).toMatch(/^PASS Checkout Connect .*approved \d{4}-\d{2}-\d{2}/);

  const halfway = await runGate([demo.halfway], env);
  expect(halfway.code, halfway.stdout).toBe(1);
  const [head, ...reasons] = halfway.stdout.trim().split('\n');
  expect(head).toMatch(/^FAIL Search Indexer/);
  expect(reasons[0]).toBe('- The launch is not approved by a reviewer.');
  expect(reasons.filter((r) => /^- “.+” is not signed off\.$/.test(r)).length).toBeGreaterThan(3);

  // Could not ask: an unknown assessment, a token without the gate scope, no token at all, a hostile token.
  const unknown = await runGate([crypto.randomUUID()], env);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('Not found');
  const noProbeScope = await runGate([demo.halfway, '--probe', 'https://staging.example.com'], { ...env, PREFLIGHT_TOKEN: demo.readOnly });
  expect(noProbeScope.code).toBe(2);
  expect(noProbeScope.stderr).toContain('lacks the "probe" scope');
  const missing = await runGate([demo.approved], { PREFLIGHT_URL: E2E_BASE_URL });
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('PREFLIGHT_TOKEN');
  const injected = await runGate([demo.approved], { ...env, PREFLIGHT_TOKEN: 'pft_x"\nurl = "http://127.0.0.1:1/' });
  expect(injected.code).toBe(2);
  expect(injected.stderr).toContain('not a Preflight API token');

  // The staging address: a hardened app behind the test CA. The run is filed as evidence of the halfway assessment.
  const app = createConnectApp({ profile: 'hardened', baseUrl: () => target.baseUrl });
  const target = await startTargetServer({ profile: 'hardened', ca: probeCa(), handler: app.handler });
  try {
    const probed = await runGate([demo.halfway, '--probe', target.baseUrl], env);
    expect(probed.code, probed.stderr).toBe(1);
    expect(probed.stdout).toMatch(/Probe finished: \d+ passed, \d+ failed; the results are filed as evidence\./);
    const runs = await (await api(`/api/v1/assessments/${demo.halfway}/gate`, demo.token)).json();
    expect(GateSchema.parse(runs).probe).not.toBeNull();
  } finally {
    await target.close();
  }
  expectTokenNowhereStored(demo.token);
});
