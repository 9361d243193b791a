import { afterEach, describe, expect, it } from 'vitest';
import { formatSummary, intFromEnv, interleaved, median, quantile, ratios, summarize } from './stats';

describe('median', () => {
  it('takes the middle sample of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
    expect(median([7])).toBe(7);
  });

  it('averages the two middle samples of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([10, 20])).toBe(15);
  });

  it('leaves the samples it was given in their order', () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });

  it('refuses no samples instead of answering undefined or NaN', () => {
    expect(() => median([])).toThrow('no samples');
    expect(() => summarize([])).toThrow('no samples');
    expect(() => formatSummary([])).toThrow('no samples');
  });

  it('refuses a NaN sample, which would sort anywhere', () => {
    expect(() => median([1, Number.NaN, 3])).toThrow('finite');
  });
});

describe('spread', () => {
  it('reports min, max and quartiles of an odd count', () => {
    expect(summarize([5, 1, 4, 2, 3])).toEqual({ n: 5, median: 3, min: 1, max: 5, q1: 2, q3: 4 });
  });

  it('interpolates quartiles of an even count between ranks', () => {
    expect(summarize([1, 2, 3, 4])).toEqual({ n: 4, median: 2.5, min: 1, max: 4, q1: 1.75, q3: 3.25 });
  });

  it('has no spread for a single sample', () => {
    expect(summarize([42])).toEqual({ n: 1, median: 42, min: 42, max: 42, q1: 42, q3: 42 });
  });

  it('answers the ends for quantiles 0 and 1 and refuses others outside', () => {
    expect(quantile([3, 1, 2], 0)).toBe(1);
    expect(quantile([3, 1, 2], 1)).toBe(3);
    expect(quantile([0, 10], 0.9)).toBe(9);
    expect(() => quantile([1], 1.5)).toThrow('between 0 and 1');
  });

  it('prints median, IQR, range and count', () => {
    expect(formatSummary([5, 1, 4, 2, 3], 1, 'ms')).toBe('median 3.0 ms (IQR 2.0–4.0, range 1.0–5.0, n 5)');
  });
});

describe('ratios', () => {
  it('divides round by round', () => {
    expect(ratios([2, 9], [4, 3])).toEqual([0.5, 3]);
  });

  it('refuses unpaired rounds', () => {
    expect(() => ratios([1, 2], [1])).toThrow('cannot pair');
  });
});

describe('interleaved', () => {
  it('alternates which side goes first and keeps each side in round order', async () => {
    const calls: string[] = [];
    const result = await interleaved(4, {
      app: async (round) => (calls.push(`app${round}`), round * 10),
      floor: async (round) => (calls.push(`floor${round}`), round),
    });
    expect(calls).toEqual(['app0', 'floor0', 'floor1', 'app1', 'app2', 'floor2', 'floor3', 'app3']);
    expect(result).toEqual({ app: [0, 10, 20, 30], floor: [0, 1, 2, 3] });
  });
});

describe('intFromEnv', () => {
  afterEach(() => {
    delete process.env.STATS_TEST_ROUNDS;
  });

  it('uses the default when unset or empty', () => {
    expect(intFromEnv('STATS_TEST_ROUNDS', 5)).toBe(5);
    process.env.STATS_TEST_ROUNDS = '';
    expect(intFromEnv('STATS_TEST_ROUNDS', 5)).toBe(5);
  });

  it('reads a whole number', () => {
    process.env.STATS_TEST_ROUNDS = '7';
    expect(intFromEnv('STATS_TEST_ROUNDS', 5)).toBe(7);
  });

  it('refuses zero, fractions and words', () => {
    for (const raw of ['0', '2.5', 'five', '-3']) {
      process.env.STATS_TEST_ROUNDS = raw;
      expect(() => intFromEnv('STATS_TEST_ROUNDS', 5)).toThrow('STATS_TEST_ROUNDS must be a whole number');
    }
  });
});
