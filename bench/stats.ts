// Statistics shared by the bench scripts. On a shared 2-core machine one sample says more about the neighbours than
// about the code, so every figure a bench prints is a median over rounds with the spread beside it.

export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
  /** Lower and upper quartile (linear interpolation between ranks, as spreadsheets do). */
  q1: number;
  q3: number;
}

function sortedCopy(xs: readonly number[]): number[] {
  if (xs.length === 0) throw new Error('no samples to summarise');
  if (xs.some((x) => !Number.isFinite(x))) throw new Error(`samples must be finite numbers, got ${xs.join(', ')}`);
  return [...xs].sort((a, b) => a - b);
}

function quantileOfSorted(sorted: readonly number[], q: number): number {
  const rank = (sorted.length - 1) * q;
  const below = Math.floor(rank);
  const above = Math.ceil(rank);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (rank - below);
}

/** The q-quantile (0 ≤ q ≤ 1) of the samples; throws on no samples. */
export function quantile(xs: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile must be between 0 and 1, got ${q}`);
  return quantileOfSorted(sortedCopy(xs), q);
}

/** The middle sample, or the mean of the two middle ones for an even count; throws on no samples. */
export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

export function summarize(xs: readonly number[]): Summary {
  const sorted = sortedCopy(xs);
  return {
    n: sorted.length,
    median: quantileOfSorted(sorted, 0.5),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    q1: quantileOfSorted(sorted, 0.25),
    q3: quantileOfSorted(sorted, 0.75),
  };
}

/** Element-wise a[i] / b[i]: a ratio per round, so a slow moment hits both sides of the same ratio. */
export function ratios(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new Error(`cannot pair ${a.length} samples with ${b.length}`);
  return a.map((x, i) => x / b[i]!);
}

/** "median 12.3 ms (IQR 11.0–13.1, range 10.2–15.8, n 5)". */
export function formatSummary(xs: readonly number[], digits = 1, unit = ''): string {
  const s = summarize(xs);
  const f = (x: number) => x.toFixed(digits);
  const u = unit ? ` ${unit}` : '';
  return `median ${f(s.median)}${u} (IQR ${f(s.q1)}–${f(s.q3)}, range ${f(s.min)}–${f(s.max)}, n ${s.n})`;
}

/** A positive whole number from the environment, or the default; a typo fails loudly instead of benching 0 rounds. */
export function intFromEnv(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number ≥ ${min}, got "${raw}"`);
  return value;
}

/**
 * Runs every side once per round, rotating which goes first, and collects each side's results in round order.
 * Interleaving means a burst of load from a neighbour lands on both sides instead of on one side's whole run.
 */
export async function interleaved<S extends Record<string, (round: number) => Promise<unknown>>>(
  rounds: number,
  sides: S,
  onRound?: (round: number, order: (keyof S)[]) => void,
): Promise<{ [K in keyof S]: Awaited<ReturnType<S[K]>>[] }> {
  const names = Object.keys(sides) as (keyof S)[];
  const results = Object.fromEntries(names.map((n) => [n, [] as unknown[]])) as Record<keyof S, unknown[]>;
  for (let round = 0; round < rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]!);
    onRound?.(round, order);
    for (const name of order) results[name].push(await sides[name]!(round));
  }
  return results as { [K in keyof S]: Awaited<ReturnType<S[K]>>[] };
}
