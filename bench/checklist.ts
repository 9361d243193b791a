// npm run bench:checklist — the checklist page of a fully filled assessment (every item answered, four evidence
// entries each) against its floor, a trivial page behind the same sign-in and layout (/account). Both are
// measured with 8 connections for BENCH_SECONDS (default 10) each, interleaved over BENCH_ROUNDS rounds (default
// 5; checklist, trivial, then trivial, checklist, …), so a busy moment on the machine hits both sides of a round.
// Prints median and spread of req/s and latency per side and of the per-round ratio, and ends with
// "ratio <median of checklist req/s ÷ trivial req/s> (goal ≥ 0.2: met|NOT met)".
import { measureLoad, printLoadSide as printSide } from './load';
import { formatSummary, interleaved, intFromEnv, median, ratios } from './stats';
import { benchDataDir, signInCookie, startServer, stopServer, enterBenchDataDir, runBench } from './support';

const PORT = intFromEnv('BENCH_PORT', 3400);
const ROUNDS = intFromEnv('BENCH_ROUNDS', 5);
const SECONDS = intFromEnv('BENCH_SECONDS', 10);
const CONNECTIONS = 8;
const GOAL = 0.2;
const BASE = `http://localhost:${PORT}`;
const EMAIL = 'bench-admin@example.com';
const PASSWORD = 'Bench-Marking-Passphrase-9';

async function seed(dataDir: string): Promise<string> {
  enterBenchDataDir(dataDir);
  const { getDb, runMigrations } = await import('@/db/connection');
  const { createUserWithPassword } = await import('@/db/queries/users');
  const { createTeam, addTeamMember } = await import('@/db/queries/teams');
  const { createAssessment } = await import('@/db/queries/assessments');
  const { saveItem } = await import('@/db/queries/items');
  const { hashPassword } = await import('@/lib/auth/password');
  const { currentCatalog } = await import('@/lib/catalog/load');
  const { evidence, assessmentItems } = await import('@/db/schema');
  const { eq } = await import('drizzle-orm');
  const db = getDb();
  runMigrations(db);
  const user = createUserWithPassword(null, { email: EMAIL, name: 'Bench Admin', isAdmin: true, passwordHash: await hashPassword(PASSWORD) });
  const actor = { id: user.id, email: user.email, name: user.name, isAdmin: true, ip: null };
  const team = createTeam(actor, { name: 'Bench team', description: '' });
  addTeamMember(actor, team.id, { email: EMAIL, role: 'member' });
  const profile = Object.fromEntries(currentCatalog().profileQuestions.map((q) => [q.id, true]));
  const assessment = createAssessment(actor, team.id, { appName: 'Bench app', appKind: 'connect', baseUrl: 'https://bench.example.com', targetLaunchDate: '2027-06-30', profile });
  const notes = 'Verified in staging. '.repeat(20);
  for (const item of currentCatalog().items) {
    saveItem(actor, {
      assessmentId: assessment.id,
      catalogItemId: item.id,
      version: 1,
      status: 'met',
      justification: 'Verified in staging by the bench.',
      gapResponse: '',
      gapText: '',
      gapDueDate: '', riskAcceptedById: '',
      ownerId: user.id,
      dueDate: '2027-05-01',
      notes,
      criteriaMet: item.acceptanceCriteria.map((c) => c.id),
    });
    const row = db.select({ id: assessmentItems.id }).from(assessmentItems).where(eq(assessmentItems.catalogItemId, item.id)).get()!;
    for (let i = 1; i <= 4; i++) {
      db.insert(evidence)
        .values({ id: crypto.randomUUID(), assessmentItemId: row.id, kind: 'link', name: `Evidence ${i} for ${item.id}`, url: `https://evidence.example.com/${item.id}/${i}`, uploadedById: user.id, sha256: 'a'.repeat(64) })
        .run();
    }
  }
  db.$client.close();
  return `/teams/${team.id}/assessments/${assessment.id}`;
}

async function warmUp(label: string, path: string, cookie: string): Promise<number> {
  // Both pages compiled and cached the same way before anything is measured.
  let bytes = 0;
  for (let i = 0; i < 20; i++) {
    const r = await fetch(BASE + path, { headers: { cookie } });
    if (r.status !== 200) throw new Error(`${label} answered ${r.status} during warm-up`);
    bytes = (await r.arrayBuffer()).byteLength;
  }
  return bytes;
}

const measure = (label: string, path: string, cookie: string) => measureLoad(label, BASE + path, { connections: CONNECTIONS, seconds: SECONDS, headers: { cookie } });

async function main() {
  const dataDir = benchDataDir('checklist');
  const checklistPath = await seed(dataDir);
  const server = await startServer(dataDir, PORT);
  try {
    const cookie = await signInCookie(BASE, EMAIL, PASSWORD);
    const checklistBytes = await warmUp('checklist', checklistPath, cookie);
    const trivialBytes = await warmUp('trivial', '/account', cookie);
    console.log(`checklist ${(checklistBytes / 1024).toFixed(0)} KB/page, trivial ${(trivialBytes / 1024).toFixed(0)} KB/page; ${ROUNDS} rounds of ${CONNECTIONS} connections × ${SECONDS} s per page`);
    const runs = await interleaved(
      ROUNDS,
      { checklist: () => measure('checklist', checklistPath, cookie), trivial: () => measure('trivial', '/account', cookie) },
      (round, order) => console.log(`round ${round + 1}/${ROUNDS} (${order.join(' first, then ')})`),
    );
    const perRound = ratios(
      runs.checklist.map((r) => r.reqPerSec),
      runs.trivial.map((r) => r.reqPerSec),
    );
    console.log('');
    printSide('checklist', runs.checklist);
    printSide('trivial', runs.trivial);
    console.log(`ratio per round ${formatSummary(perRound, 2)}`);
    const ratio = median(perRound);
    console.log(`ratio ${ratio.toFixed(2)} (goal ≥ ${GOAL}: ${ratio >= GOAL ? 'met' : 'NOT met'})`);
  } finally {
    stopServer(server);
  }
}

runBench(main);
