// npm run bench:checklist — the checklist page of a fully filled assessment (every item answered, four evidence
// entries each) against a trivial page behind the same sign-in and layout, 8 connections for 10 s each.
// Ends with "ratio <checklist req/s ÷ trivial req/s>". Goal: ≥ 0.2.
import autocannon from 'autocannon';
import { benchDataDir, signInCookie, startServer, stopServer, enterBenchDataDir } from './support';

const PORT = Number(process.env.BENCH_PORT || 3400);
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

async function measure(label: string, path: string, cookie: string) {
  // Warm-up so both pages are compiled and cached the same way before measuring.
  for (let i = 0; i < 20; i++) {
    const r = await fetch(BASE + path, { headers: { cookie } });
    if (r.status !== 200) throw new Error(`${label} answered ${r.status} during warm-up`);
    await r.arrayBuffer();
  }
  const result = await autocannon({ url: BASE + path, connections: 8, duration: 10, headers: { cookie } });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${label}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  const bytes = (await (await fetch(BASE + path, { headers: { cookie } })).arrayBuffer()).byteLength;
  console.log(`${label.padEnd(10)} ${result.requests.average.toFixed(1).padStart(8)} req/s   median ${result.latency.p50} ms   p99 ${result.latency.p99} ms   ${(bytes / 1024).toFixed(0)} KB/page`);
  return result.requests.average;
}

async function main() {
  const dataDir = benchDataDir('checklist');
  const checklistPath = await seed(dataDir);
  const server = await startServer(dataDir, PORT);
  try {
    const cookie = await signInCookie(BASE, EMAIL, PASSWORD);
    const checklist = await measure('checklist', checklistPath, cookie);
    const trivial = await measure('trivial', '/account', cookie);
    console.log(`checklist ${checklist.toFixed(1)} req/s vs trivial ${trivial.toFixed(1)} req/s (8 connections, 10 s each)`);
    console.log(`ratio ${(checklist / trivial).toFixed(2)}`);
  } finally {
    stopServer(server);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
