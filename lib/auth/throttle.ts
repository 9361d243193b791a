/** Sign-in throttling rules, kept free of storage so they can be tested on their own. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
// Higher per address: many honest people can share one address behind a NAT or proxy.
export const MAX_FAILURES_PER_IP = 20;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const LOCK_MS = 15 * 60 * 1000;

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

export function throttleKeys(email: string, ip: string | null): string[] {
  return [`email:${email.trim().toLowerCase()}`, ...(ip ? [`ip:${ip}`] : [])];
}
