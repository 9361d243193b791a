import { describe, expect, it } from 'vitest';
import { FAILURE_WINDOW_MS, LOCK_MS, lockRemainingMs, maxFailuresFor, recordFailure, throttleKeys, type ThrottleRecord } from './throttle';

function fail(times: number, start: number, max = 5, step = 1000): ThrottleRecord | undefined {
  let r: ThrottleRecord | undefined;
  for (let i = 0; i < times; i++) r = recordFailure(r, start + i * step, max);
  return r;
}

describe('sign-in throttling', () => {
  it('locks an account on the fifth failure inside the window, for 15 minutes', () => {
    const t0 = 1_000_000;
    expect(lockRemainingMs(fail(4, t0), t0 + 4000)).toBe(0);
    const locked = fail(5, t0)!;
    expect(locked.lockedUntil).toBe(t0 + 4000 + LOCK_MS);
    expect(lockRemainingMs(locked, t0 + 5000)).toBe(LOCK_MS - 1000);
    expect(lockRemainingMs(locked, t0 + 4000 + LOCK_MS)).toBe(0);
  });

  it('forgets failures older than the window', () => {
    const t0 = 0;
    const r = fail(4, t0)!;
    const after = recordFailure(r, t0 + FAILURE_WINDOW_MS + 10_000, 5);
    expect(after.failures).toBe(1);
    expect(after.lockedUntil).toBeNull();
  });

  it('starts counting afresh once a lock has run out', () => {
    const locked = fail(5, 0)!;
    const next = recordFailure(locked, locked.lockedUntil! + 1, 5);
    expect(next).toMatchObject({ failures: 1, lockedUntil: null });
  });

  it('allows more failures per address than per account', () => {
    expect(maxFailuresFor('email:a@example.com')).toBe(5);
    expect(maxFailuresFor('ip:10.0.0.1')).toBe(20);
    expect(lockRemainingMs(fail(19, 0, 20), 19_000)).toBe(0);
    expect(lockRemainingMs(fail(20, 0, 20), 20_000)).toBeGreaterThan(0);
  });

  it('normalises the account key', () => {
    expect(throttleKeys('  Ada@Example.COM ', '10.0.0.1')).toEqual(['email:ada@example.com', 'ip:10.0.0.1']);
    expect(throttleKeys('ada@example.com', null)).toEqual(['email:ada@example.com']);
  });
});
