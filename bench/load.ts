import autocannon from 'autocannon';
import { formatSummary } from './stats';

/** One load round's figures: throughput and latency quantiles, as autocannon reports them. */
export interface LoadRun {
  reqPerSec: number;
  p50: number;
  p99: number;
}

/** `connections` clients on one URL for `seconds`; any non-2xx answer or error fails the bench rather than flattering it. */
export async function measureLoad(label: string, url: string, options: { connections: number; seconds: number; headers?: Record<string, string> }): Promise<LoadRun> {
  const result = await autocannon({ url, connections: options.connections, duration: options.seconds, headers: options.headers ?? {} });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${label}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  const run = { reqPerSec: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
  console.log(`  ${label.padEnd(10)} ${run.reqPerSec.toFixed(1).padStart(8)} req/s   p50 ${run.p50} ms   p99 ${run.p99} ms`);
  return run;
}

export function printLoadSide(label: string, runs: LoadRun[]) {
  console.log(`${label.padEnd(10)} req/s ${formatSummary(runs.map((r) => r.reqPerSec))}`);
  console.log(`${''.padEnd(10)} p50 ${formatSummary(runs.map((r) => r.p50), 0, 'ms')}`);
  console.log(`${''.padEnd(10)} p99 ${formatSummary(runs.map((r) => r.p99), 0, 'ms')}`);
}
