/** Sign-in throttling rules, kept free of storage so they can be tested on their own. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
// Higher per address: many honest people can share one address behind a NAT or proxy.
export const MAX_FAILURES_PER_IP = 20;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const LOCK_MS = 15 * 60 * 1000;

/** `failures` counts failed attempts and attempts still being checked (reservations) in the window. */
export type ThrottleRecord = { failures: number; windowStartedAt: number; lockedUntil: number | null };

export function lockRemainingMs(record: ThrottleRecord | undefined, now: number): number {
  if (!record?.lockedUntil) return 0;
  return Math.max(0, record.lockedUntil - now);
}

export function maxFailuresFor(key: string): number {
  return key.startsWith('ip:') ? MAX_FAILURES_PER_IP : MAX_FAILURES_PER_ACCOUNT;
}

/** The record after one more failure: the max-th failure inside the window locks the key for LOCK_MS. */
export function recordFailure(record: ThrottleRecord | undefined, now: number, maxFailures: number): ThrottleRecord {
  const fresh = !record || now - record.windowStartedAt > FAILURE_WINDOW_MS || (record.lockedUntil !== null && record.lockedUntil <= now);
  const failures = fresh ? 1 : record.failures + 1;
  return {
    failures,
    windowStartedAt: fresh ? now : record.windowStartedAt,
    lockedUntil: failures >= maxFailures ? now + LOCK_MS : null,
  };
}

/** Which window each key's reservation was counted in, so a release cannot take from a later window. */
export type Reservation = { key: string; windowStartedAt: number }[];

export type ReserveResult = { ok: true; records: Map<string, ThrottleRecord>; reservation: Reservation } | { ok: false; retryAfterMs: number };

/**
 * Takes one attempt from the allowance of every key before the password is checked, counting it as a failure
 * until it proves otherwise: concurrent attempts then see each other, so no more than the limit can be in
 * the hash at once. All keys or none: an attempt refused by one key must not use up another's allowance.
 */
export function reserveAttempt(current: Map<string, ThrottleRecord>, keys: string[], now: number): ReserveResult {
  const retryAfterMs = Math.max(0, ...keys.map((k) => lockRemainingMs(current.get(k), now)));
  if (retryAfterMs > 0) return { ok: false, retryAfterMs };
  const records = new Map(keys.map((k) => [k, recordFailure(current.get(k), now, maxFailuresFor(k))] as const));
  return { ok: true, records, reservation: keys.map((key) => ({ key, windowStartedAt: records.get(key)!.windowStartedAt })) };
}

/**
 * The record once a reserved attempt turned out to be a successful sign-in: it no longer counts, and a lock
 * that only its reservation had reached is lifted. A record whose window has restarted since is left alone.
 */
export function releaseAttempt(record: ThrottleRecord | undefined, windowStartedAt: number, maxFailures: number): ThrottleRecord | undefined {
  if (!record || record.windowStartedAt !== windowStartedAt) return record;
  const failures = Math.max(0, record.failures - 1);
  return { failures, windowStartedAt, lockedUntil: failures >= maxFailures ? record.lockedUntil : null };
}

export function throttleKeys(email: string, ip: string | null): string[] {
  return [`email:${email.trim().toLowerCase()}`, ...(ip ? [`ip:${ip}`] : [])];
}
