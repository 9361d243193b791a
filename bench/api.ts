// npm run bench:api — the release gate under load: GET /api/v1/assessments/:id/gate with a bearer token, 8
// connections, against two floors in the same run: the trivial signed-in page (/account, as the other benches use)
// and the API's own cheapest answer (/api/health, no auth). The assessment has every item answered, half of them
// signed off, evidence on a third, and a finished probe run the gate must read. Rounds are interleaved (BENCH_ROUNDS,
// default 5, of BENCH_SECONDS, default 5, per endpoint), alternating which goes first; prints p50 and p99 medians
// and spread over rounds, and the per-round ratio of the gate's p50 to the floor's.
import { measureLoad, printLoadSide as printSide } from './load';
import { formatSummary, interleaved, intFromEnv, median, ratios } from './stats';
import { benchDataDir, signInCookie, startServer, stopServer, enterBenchDataDir, runBench } from './support';

const PORT = intFromEnv('BENCH_PORT', 3420);
const ROUNDS = intFromEnv('BENCH_ROUNDS', 5);
const SECONDS = intFromEnv('BENCH_SECONDS', 5);
const CONNECTIONS = 8;
const BASE = `http://localhost:${PORT}`;
const EMAIL = 'bench-admin@example.com';
const PASSWORD = 'Bench-Marking-Passphrase-9';

async function seed(dataDir: string): Promise<{ gatePath: string; token: string }> {
  enterBenchDataDir(dataDir);
  const { getDb, runMigrations } = await import('@/db/connection');
  const { createUserWithPassword } = await import('@/db/queries/users');
  const { createTeam } = await import('@/db/queries/teams');
  const { createAssessment } = await import('@/db/queries/assessments');
  const { createApiToken } = await import('@/db/queries/api-tokens');
  const { hashPassword } = await import('@/lib/auth/password');
  const { assessmentItems, evidence, probeRuns } = await import('@/db/schema');
  const { eq } = await import('drizzle-orm');
  const db = getDb();
  runMigrations(db);
  const user = createUserWithPassword(null, { email: EMAIL, name: 'Bench Admin', isAdmin: true, passwordHash: await hashPassword(PASSWORD) });
  const actor = { id: user.id, email: user.email, name: user.name, isAdmin: true, ip: null };
  const team = createTeam(actor, { name: 'Bench team', description: '' });
  const assessment = createAssessment(actor, team.id, { appName: 'Bench app', appKind: 'connect', baseUrl: 'https://bench.example.com', targetLaunchDate: '2027-06-01', profile: {} });
  const items = db.select().from(assessmentItems).where(eq(assessmentItems.assessmentId, assessment.id)).all();
  db.$client.transaction(() => {
    items.forEach((item, i) => {
      db.update(assessmentItems).set({ status: i % 4 === 0 ? 'partially_met' : 'met', signOffId: i % 2 ? crypto.randomUUID() : null }).where(eq(assessmentItems.id, item.id)).run();
      if (i % 3 === 0) db.insert(evidence).values({ id: crypto.randomUUID(), assessmentItemId: item.id, kind: 'link', name: 'Scan', url: 'https://scan.example.com', sha256: 'c'.repeat(64), validUntil: i % 2 ? '2099-01-01' : '2020-01-01' }).run();
    });
  })();
  db.insert(probeRuns).values({ id: crypto.randomUUID(), assessmentId: assessment.id, startedById: user.id, startedAt: new Date(), finishedAt: new Date(), state: 'finished', total: 18, result: JSON.stringify({ checks: [] }), passed: 18 }).run();
  const { token } = createApiToken(actor, { kind: 'instance' }, { name: 'Bench gate', scopes: ['gate'], days: 1 });
  db.$client.close();
  return { gatePath: `/api/v1/assessments/${assessment.id}/gate`, token };
}

const measure = (label: string, path: string, headers: Record<string, string>) => measureLoad(label, BASE + path, { connections: CONNECTIONS, seconds: SECONDS, headers });

async function main() {
  const dataDir = benchDataDir('api');
  const { gatePath, token } = await seed(dataDir);
  // The rate limit would answer most of a load test with 429; it is measured by the e2e suite instead.
  const server = await startServer(dataDir, PORT, { API_RATE_PER_MINUTE: '1000000' });
  try {
    const cookie = await signInCookie(BASE, EMAIL, PASSWORD);
    const bearer = { authorization: `Bearer ${token}` };
    const gate = await fetch(BASE + gatePath, { headers: bearer });
    const verdict = (await gate.json()) as { pass: boolean; reasons: unknown[] };
    if (gate.status !== 200) throw new Error(`the gate answered ${gate.status}`);
    console.log(`gate answers pass=${verdict.pass} with ${verdict.reasons.length} reasons; ${ROUNDS} rounds of ${CONNECTIONS} connections × ${SECONDS} s per endpoint`);
    for (const [path, headers] of [[gatePath, bearer], ['/account', { cookie }], ['/api/health', {}]] as const) for (let i = 0; i < 20; i++) await (await fetch(BASE + path, { headers })).arrayBuffer();
    const runs = await interleaved(
      ROUNDS,
      { gate: () => measure('gate', gatePath, bearer), trivial: () => measure('trivial', '/account', { cookie }), health: () => measure('health', '/api/health', {}) },
      (round, order) => console.log(`round ${round + 1}/${ROUNDS} (${order.join(', ')})`),
    );
    console.log('');
    printSide('gate', runs.gate);
    printSide('trivial', runs.trivial);
    printSide('health', runs.health);
    const vsTrivial = ratios(runs.gate.map((r) => r.p50), runs.trivial.map((r) => r.p50));
    const vsHealth = ratios(runs.gate.map((r) => r.p50), runs.health.map((r) => r.p50));
    console.log(`gate p50 ÷ trivial page p50 per round ${formatSummary(vsTrivial, 2)}`);
    console.log(`gate p50 ÷ health p50 per round ${formatSummary(vsHealth, 2)}`);
    console.log(`gate p50 ${median(runs.gate.map((r) => r.p50))} ms, p99 ${median(runs.gate.map((r) => r.p99))} ms under ${CONNECTIONS} connections (trivial page p50 ${median(runs.trivial.map((r) => r.p50))} ms)`);
  } finally {
    stopServer(server);
  }
}

runBench(main);
