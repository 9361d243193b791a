// npm run bench:probe — the whole probe against a hardened local target whose Connect app declares BENCH_MODULES
// module URLs (default 50), over BENCH_ROUNDS rounds (default 5). Each round runs the full probe and, interleaved
// with it, the probe without Connect (descriptor "none"), so the cost of the forged-JWT requests shows on its own
// and a burst of neighbour load lands on both. The target runs in this process, so its TLS and JWT work counts too
// (an upper bound for the probe's own cost). Prints the medians with spread of seconds and requests per side, and
// ends with "full probe <s> s, <n> requests" and the verdict. Goal: the full probe ≤ 15 s (median).
import { createConnectApp } from '@/lib/probe/testing/connect-app';
import { createTestCa } from '@/lib/probe/testing/test-ca';
import { startTargetServer } from '@/lib/probe/testing/target-server';
import { runProbe } from '@/lib/probe/run';
import type { ProbeResult, ProbeTarget } from '@/lib/probe/types';
import { formatSummary, interleaved, intFromEnv, median } from './stats';
import { runBench } from './support';

const MODULES = intFromEnv('BENCH_MODULES', 50);
const ROUNDS = intFromEnv('BENCH_ROUNDS', 5);
const GOAL_SECONDS = 15;

type Sample = { seconds: number; requests: number; result: ProbeResult };

async function main(): Promise<void> {
  const ca = createTestCa();
  let base = '';
  const app = createConnectApp({ profile: 'hardened', modules: MODULES, baseUrl: () => base });
  const server = await startTargetServer({ profile: 'hardened', ca, handler: app.handler });
  base = server.baseUrl.replace(/\/$/, '');
  const target: ProbeTarget = {
    baseUrl: server.baseUrl,
    httpPort: server.httpPort,
    ca: [ca.caPem],
    authenticated: { url: `${server.baseUrl}account`, header: { name: 'Cookie', value: 'session=good' } },
  };
  const policy = { allowPrivate: true, allowHosts: [] };
  const probe = async (t: ProbeTarget): Promise<Sample> => {
    const started = performance.now();
    const result = await runProbe(t, { policy });
    return { seconds: (performance.now() - started) / 1000, requests: result.stats.requests, result };
  };

  try {
    // Warm-up: module loading and the first TLS contexts are not what a pipeline pays per run.
    const warm = await probe(target);
    const notPassing = warm.result.checks.filter((c) => c.status !== 'pass' && c.status !== 'skip');
    if (notPassing.length) throw new Error(`the hardened target should pass; got ${notPassing.map((c) => `${c.id} ${c.status}: ${c.summary}`).join('; ')}`);
    console.log(`target: hardened, ${MODULES} Connect modules; warm-up ${warm.seconds.toFixed(2)} s, ${warm.requests} requests; ${ROUNDS} rounds`);

    const runs = await interleaved(
      ROUNDS,
      { full: () => probe(target), withoutConnect: () => probe({ ...target, descriptor: { kind: 'none' } }) },
      (round, order) => console.log(`round ${round + 1}/${ROUNDS} (${order.join(' first, then ')})`),
    );
    console.log('');
    for (const [name, samples] of Object.entries(runs)) {
      console.log(`${name.padEnd(15)} seconds ${formatSummary(samples.map((s) => s.seconds), 2, 's')}`);
      console.log(`${''.padEnd(15)} requests ${formatSummary(samples.map((s) => s.requests), 0)}`);
    }
    const slowest = runs.full[runs.full.length - 1]!.result.checks.slice().sort((a, b) => b.durationMs - a.durationMs).slice(0, 3);
    console.log(`slowest checks (last full round): ${slowest.map((c) => `${c.id} ${(c.durationMs / 1000).toFixed(2)} s`).join(', ')}`);
    const seconds = median(runs.full.map((s) => s.seconds));
    const requests = median(runs.full.map((s) => s.requests));
    console.log(`full probe ${seconds.toFixed(2)} s, ${requests} requests (goal ≤ ${GOAL_SECONDS} s: ${seconds <= GOAL_SECONDS ? 'met' : 'NOT met'})`);
  } finally {
    await server.close();
  }
}

runBench(main);
