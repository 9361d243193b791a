import { describe, expect, it } from 'vitest';
import { FAILURE_WINDOW_MS, LOCK_MS, lockRemainingMs, maxFailuresFor, recordFailure, releaseAttempt, reserveAttempt, throttleKeys, type ThrottleRecord } from './throttle';

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

describe('reserving sign-in attempts', () => {
  const keys = ['email:ada@example.com', 'ip:10.0.0.1'];

  /** Applies reservations one after another, as the immediate transaction does, and counts the granted ones. */
  function reserveMany(times: number, keysFor: (i: number) => string[], now = 1_000) {
    let store = new Map<string, ThrottleRecord>();
    let granted = 0;
    for (let i = 0; i < times; i++) {
      const r = reserveAttempt(store, keysFor(i), now);
      if (!r.ok) continue;
      granted++;
      store = new Map([...store, ...r.records]);
    }
    return { store, granted };
  }

  it('grants at most five attempts per account and twenty per address, however many arrive', () => {
    expect(reserveMany(40, () => keys).granted).toBe(5);
    expect(reserveMany(40, (i) => [`email:u${i}@example.com`, 'ip:10.0.0.1']).granted).toBe(20);
  });

  it('counts every key or none: a refusal by the account leaves the address allowance untouched', () => {
    const { store } = reserveMany(40, () => keys);
    expect(store.get('ip:10.0.0.1')!.failures).toBe(5);
    const refused = reserveAttempt(store, keys, 2_000);
    expect(refused).toEqual({ ok: false, retryAfterMs: 1_000 + LOCK_MS - 2_000 });
  });

  it('records which window each key was counted in', () => {
    const r = reserveAttempt(new Map(), keys, 5_000);
    expect(r.ok && r.reservation).toEqual([
      { key: 'email:ada@example.com', windowStartedAt: 5_000 },
      { key: 'ip:10.0.0.1', windowStartedAt: 5_000 },
    ]);
  });

  it('a release takes the attempt back and lifts a lock only that attempt had reached', () => {
    const nineteen = fail(19, 0, 20, 0)!;
    const twentieth = recordFailure(nineteen, 0, 20);
    expect(lockRemainingMs(twentieth, 1)).toBeGreaterThan(0);
    expect(releaseAttempt(twentieth, 0, 20)).toEqual({ failures: 19, windowStartedAt: 0, lockedUntil: null });
    expect(releaseAttempt(recordFailure(twentieth, 0, 20), 0, 20)!.lockedUntil).toBe(LOCK_MS);
  });

  it('a release from an earlier window, or for a cleared key, changes nothing', () => {
    const later = fail(3, FAILURE_WINDOW_MS * 2)!;
    expect(releaseAttempt(later, 0, 5)).toBe(later);
    expect(releaseAttempt(undefined, 0, 5)).toBeUndefined();
  });
});
