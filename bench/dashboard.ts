// npm run bench:dashboard — the organisation dashboard (admin, every team) with 100, 1,000 and 5,000 active
// assessments, every item answered. Seeds straight into SQLite (the point is the page, not the seeding). At each
// size it times sequential loads of the dashboard and of its floor, a trivial page behind the same sign-in and
// layout (/account), interleaved over BENCH_ROUNDS rounds (default 5) of BENCH_LOADS loads each (default 10),
// alternating which page goes first. A round's figure is the median of its loads; prints median and spread over
// rounds per page and of the per-round ratio dashboard ÷ trivial. Ends with
// "dashboard median <ms> ms at 1000 (goal ≤ 300 ms: met|NOT met)".
import { formatSummary, interleaved, intFromEnv, median, ratios } from './stats';
import { benchDataDir, signInCookie, startServer, stopServer, enterBenchDataDir, runBench } from './support';

const PORT = intFromEnv('BENCH_PORT', 3410);
const ROUNDS = intFromEnv('BENCH_ROUNDS', 5);
const LOADS = intFromEnv('BENCH_LOADS', 10);
const GOAL_MS = 300;
const BASE = `http://localhost:${PORT}`;
const EMAIL = 'bench-admin@example.com';
const PASSWORD = 'Bench-Marking-Passphrase-9';
const TEAMS = 40;
const statuses = ['met', 'met', 'met', 'partially_met', 'not_met', 'not_applicable', 'in_progress'] as const;

async function main() {
  const dataDir = benchDataDir('dashboard');
  enterBenchDataDir(dataDir);
  const { getDb, runMigrations } = await import('@/db/connection');
  const { createUserWithPassword } = await import('@/db/queries/users');
  const { createTeam } = await import('@/db/queries/teams');
  const { hashPassword } = await import('@/lib/auth/password');
  const { currentCatalog } = await import('@/lib/catalog/load');
  const db = getDb();
  runMigrations(db);
  const user = createUserWithPassword(null, { email: EMAIL, name: 'Bench Admin', isAdmin: true, passwordHash: await hashPassword(PASSWORD) });
  const actor = { id: user.id, email: user.email, name: user.name, isAdmin: true, ip: null };
  const teamIds = Array.from({ length: TEAMS }, (_, i) => createTeam(actor, { name: `Team ${String(i + 1).padStart(2, '0')}`, description: '' }).id);
  const items = currentCatalog().items;
  const insertAssessment = db.$client.prepare("insert into assessments (id, team_id, app_name, app_kind, base_url, target_launch_date, catalog_version, profile, state, created_by_id) values (?, ?, ?, 'forge', 'https://bench.example.com', ?, '1.0.0', '{}', 'active', ?)");
  const insertItem = db.$client.prepare("insert into assessment_items (id, assessment_id, catalog_item_id, catalog_fingerprint, status, excluded_by_profile, due_date, sign_off_id, review_digest) values (?, ?, ?, '{}', ?, ?, ?, ?, '')");
  const insertEvidence = db.$client.prepare("insert into evidence (id, assessment_item_id, kind, name, url, sha256, valid_until) values (?, ?, 'link', 'Scan', 'https://scan.example.com', ?, ?)");
  let seeded = 0;
  const seedUpTo = (total: number) => {
    const start = performance.now();
    db.$client.transaction(() => {
      for (; seeded < total; seeded++) {
        const id = crypto.randomUUID();
        insertAssessment.run(id, teamIds[seeded % TEAMS], `App ${seeded + 1}`, `2027-${String((seeded % 12) + 1).padStart(2, '0')}-15`, user.id);
        items.forEach((item, i) => {
          const itemId = crypto.randomUUID();
          const status = statuses[(seeded + i) % statuses.length]!;
          insertItem.run(itemId, id, item.id, status, i % 9 === 0 ? 1 : 0, i % 5 === 0 ? '2026-01-01' : null, i % 3 === 0 && status !== 'in_progress' ? crypto.randomUUID() : null);
          if (i % 15 === 0) insertEvidence.run(crypto.randomUUID(), itemId, 'c'.repeat(64), i % 2 ? '2099-01-01' : new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10));
        });
      }
    })();
    return performance.now() - start;
  };

  const server = await startServer(dataDir, PORT);
  const results = new Map<number, number>();
  try {
    const cookie = await signInCookie(BASE, EMAIL, PASSWORD);
    const load = async (path: string, marker: string) => {
      const start = performance.now();
      const response = await fetch(BASE + path, { headers: { cookie } });
      const body = await response.text();
      if (response.status !== 200 || !body.includes(marker)) throw new Error(`${path} answered ${response.status}`);
      return performance.now() - start;
    };
    const dashboard = () => load('/dashboard', 'Organisation dashboard');
    const trivial = () => load('/account', 'Your account');
    const roundOf = async (page: () => Promise<number>) => {
      const times: number[] = [];
      for (let i = 0; i < LOADS; i++) times.push(await page());
      return median(times);
    };
    console.log(`${ROUNDS} rounds of ${LOADS} loads per page at each size, after 5 warm-up loads each`);
    for (const size of [100, 1000, 5000]) {
      const seedMs = seedUpTo(size);
      for (let i = 0; i < 5; i++) {
        await dashboard();
        await trivial();
      }
      const rounds = await interleaved(ROUNDS, { dashboard: () => roundOf(dashboard), trivial: () => roundOf(trivial) });
      results.set(size, median(rounds.dashboard));
      console.log(`${size.toLocaleString('en')} assessments (${(size * items.length).toLocaleString('en')} items, seeded in ${(seedMs / 1000).toFixed(1)} s):`);
      console.log(`  dashboard ${formatSummary(rounds.dashboard, 0, 'ms')}`);
      console.log(`  trivial   ${formatSummary(rounds.trivial, 0, 'ms')}`);
      console.log(`  ratio dashboard ÷ trivial per round ${formatSummary(ratios(rounds.dashboard, rounds.trivial), 1)}`);
    }
    const [a, b, c] = [results.get(100)!, results.get(1000)!, results.get(5000)!];
    console.log(`growth of the median: ×${(b / a).toFixed(1)} from 100 to 1,000 assessments, ×${(c / b).toFixed(1)} from 1,000 to 5,000`);
    console.log(`dashboard median ${b.toFixed(0)} ms at 1000 (goal ≤ ${GOAL_MS} ms: ${b <= GOAL_MS ? 'met' : 'NOT met'})`);
  } finally {
    stopServer(server);
    db.$client.close();
  }
}

runBench(main);
