import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

describe('the per-token rate limit', () => {
  it('lets a burst of `capacity` through, then says how long to wait, and refills', () => {
    const limiter = new RateLimiter(3, 1);
    const t = 1_000_000;
    expect([limiter.take('a', t), limiter.take('a', t), limiter.take('a', t)]).toEqual([null, null, null]);
    expect(limiter.take('a', t)).toBe(1);
    // Another token has its own bucket.
    expect(limiter.take('b', t)).toBeNull();
    expect(limiter.take('a', t + 1000)).toBeNull();
    expect(limiter.take('a', t + 1000)).toBe(1);
  });

  it('waits longer at a slower refill and keeps its memory bounded', () => {
    const limiter = new RateLimiter(1, 0.25, 2);
    expect(limiter.take('a', 0)).toBeNull();
    expect(limiter.take('a', 0)).toBe(4);
    limiter.take('b', 0);
    limiter.take('c', 0);
    // "a" was evicted, so it starts full again.
    expect(limiter.take('a', 0)).toBeNull();
  });
});
