// npm run bench:mfa — what the second factor costs. Two figures, each against its floor in interleaved rounds
// (BENCH_ROUNDS, default 5), alternating which side goes first:
//  1. A scripted sign-in (csrf + credentials POST) with password and TOTP code, against the same sign-in with the
//     password alone, BENCH_SIGN_INS (default 8) per side per round. Every sign-in uses its own user, since a
//     code works once.
//  2. A signed-in page (/account) under load while the policy requires MFA for everyone (each request checks the
//     person's factors), against the same page with the policy off, 8 connections × BENCH_SECONDS (default 5).
import { measureLoad, printLoadSide as printSide } from './load';
import { formatSummary, interleaved, intFromEnv, median, ratios, summarize } from './stats';
import { benchDataDir, enterBenchDataDir, signInCookie, startServer, stopServer, runBench } from './support';

const PORT = intFromEnv('BENCH_PORT', 3430);
const ROUNDS = intFromEnv('BENCH_ROUNDS', 5);
const SIGN_INS = intFromEnv('BENCH_SIGN_INS', 8);
const SECONDS = intFromEnv('BENCH_SECONDS', 5);
const CONNECTIONS = 8;
const BASE = `http://localhost:${PORT}`;
const PASSWORD = 'Bench-Marking-Passphrase-9';

type Seeded = { plain: string[]; enrolled: { email: string; secret: string }[] };

async function seed(dataDir: string): Promise<Seeded> {
  enterBenchDataDir(dataDir);
  const { getDb, runMigrations } = await import('@/db/connection');
  const { createUserWithPassword } = await import('@/db/queries/users');
  const { beginTotpEnrolment, confirmTotpEnrolment, pendingTotp } = await import('@/db/queries/mfa');
  const { checkTotp, newTotpSecret, totpCodeAt } = await import('@/lib/auth/totp');
  const { hashPassword } = await import('@/lib/auth/password');
  const db = getDb();
  runMigrations(db);
  const passwordHash = await hashPassword(PASSWORD);
  const count = ROUNDS * SIGN_INS + 1;
  const plain: string[] = [];
  const enrolled: Seeded['enrolled'] = [];
  for (let i = 0; i < count; i++) {
    plain.push(createUserWithPassword(null, { email: `plain-${i}@example.com`, name: `Plain ${i}`, isAdmin: false, passwordHash }).email);
    const user = createUserWithPassword(null, { email: `enrolled-${i}@example.com`, name: `Enrolled ${i}`, isAdmin: false, passwordHash });
    const actor = { id: user.id, email: user.email, name: user.name, isAdmin: false, ip: null };
    const secret = newTotpSecret();
    beginTotpEnrolment(actor, secret);
    const check = await checkTotp({ secret, code: await totpCodeAt(secret, Date.now()), lastTimeStep: null });
    if (!check.ok) throw new Error('TOTP enrolment did not verify');
    // The step before the current one is recorded, so the code showing now still signs in.
    confirmTotpEnrolment(actor, { sealed: pendingTotp(actor)!.sealed, timeStep: check.timeStep - 1 });
    enrolled.push({ email: user.email, secret });
  }
  db.$client.close();
  return { plain, enrolled };
}

async function setPolicy(dataDir: string, requirement: 'nobody' | 'everyone') {
  const { default: Database } = await import('better-sqlite3');
  const sqlite = new Database(`${dataDir}/preflight.db`);
  sqlite.prepare("insert into instance_settings (id, mfa_required_for) values (1, ?) on conflict(id) do update set mfa_required_for = excluded.mfa_required_for").run(requirement);
  sqlite.close();
}

async function timedSignIns(sign: (i: number) => Promise<string>, start: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < SIGN_INS; i++) {
    const t0 = performance.now();
    await sign(start + i);
    times.push(performance.now() - t0);
  }
  return median(times);
}

async function main() {
  const dataDir = benchDataDir('mfa');
  const users = await seed(dataDir);
  const server = await startServer(dataDir, PORT);
  const { totpCodeAt } = await import('@/lib/auth/totp');
  try {
    // Warm-up: each path once, on the spare last user.
    const last = users.plain.length - 1;
    await signInCookie(BASE, users.plain[last]!, PASSWORD);
    const cookie = await signInCookie(BASE, users.enrolled[last]!.email, PASSWORD, { totp: await totpCodeAt(users.enrolled[last]!.secret, Date.now()) });

    console.log(`sign-ins: ${ROUNDS} rounds of ${SIGN_INS} per side (median per round)`);
    const signIns = await interleaved(
      ROUNDS,
      {
        passwordOnly: (round) => timedSignIns((i) => signInCookie(BASE, users.plain[i]!, PASSWORD), round * SIGN_INS),
        passwordAndTotp: (round) =>
          timedSignIns(async (i) => signInCookie(BASE, users.enrolled[i]!.email, PASSWORD, { totp: await totpCodeAt(users.enrolled[i]!.secret, Date.now()) }), round * SIGN_INS),
      },
      (round, order) => console.log(`  round ${round + 1}/${ROUNDS} (${order.join(', ')})`),
    );
    console.log(`password only      ${formatSummary(signIns.passwordOnly, 1, 'ms')}`);
    console.log(`password + TOTP    ${formatSummary(signIns.passwordAndTotp, 1, 'ms')}`);
    const signInRatio = ratios(signIns.passwordAndTotp, signIns.passwordOnly);
    console.log(`TOTP sign-in ÷ password sign-in per round ${formatSummary(signInRatio, 2)}`);

    console.log(`\n/account under load: ${ROUNDS} rounds of ${CONNECTIONS} connections × ${SECONDS} s per side`);
    const page = async (requirement: 'nobody' | 'everyone') => {
      await setPolicy(dataDir, requirement);
      return measureLoad(requirement === 'everyone' ? 'enforced' : 'off', `${BASE}/account`, { connections: CONNECTIONS, seconds: SECONDS, headers: { cookie } });
    };
    const loads = await interleaved(ROUNDS, { enforced: () => page('everyone'), off: () => page('nobody') }, (round, order) => console.log(`round ${round + 1}/${ROUNDS} (${order.join(', ')})`));
    printSide('enforced', loads.enforced);
    printSide('off', loads.off);
    const throughput = ratios(loads.enforced.map((r) => r.reqPerSec), loads.off.map((r) => r.reqPerSec));
    console.log(`enforced ÷ off throughput per round ${formatSummary(throughput, 3)}`);
    const overhead = summarize(signIns.passwordAndTotp.map((t, i) => t - signIns.passwordOnly[i]!));
    console.log(`\nverdict: a TOTP sign-in costs a median ${overhead.median.toFixed(1)} ms more than a password sign-in; enforcement keeps ${(median(throughput) * 100).toFixed(1)} % of the page's throughput`);
  } finally {
    stopServer(server);
  }
}

runBench(main);
