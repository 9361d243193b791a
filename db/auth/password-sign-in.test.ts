import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { createUserWithPassword } from '@/db/queries/users';
import { auditLog } from '@/db/schema';
import type { DB } from '@/db/connection';
import { useTempDatabase } from '@/db/testing/temp-db';
import { hashPassword } from '@/lib/auth/password';
import { attemptPasswordSignIn, type SignInOutcome } from './password-sign-in';
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_IP } from '@/lib/auth/throttle';

const PASSWORD = 'Orbit-Lantern-42-Quietly';
let db: DB;
let hash: string;

beforeEach(async () => {
  db = useTempDatabase();
  hash ??= await hashPassword(PASSWORD);
  createUserWithPassword(null, { email: 'victim@example.com', name: 'Victim', isAdmin: false, passwordHash: hash });
  createUserWithPassword(null, { email: 'bystander@example.com', name: 'Bystander', isAdmin: false, passwordHash: hash });
});

/** Failed sign-ins by reason, from the audit log: every attempt that reached the hash writes one such row. */
function failureReasons(): Record<string, number> {
  const rows = db.select({ details: auditLog.details }).from(auditLog).where(eq(auditLog.action, 'auth.sign-in.failed')).all();
  const counts: Record<string, number> = {};
  for (const r of rows) {
    const reason = (JSON.parse(r.details) as { reason: string }).reason;
    counts[reason] = (counts[reason] ?? 0) + 1;
  }
  return counts;
}

const kinds = (outcomes: SignInOutcome[]) => outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o.kind]: (acc[o.kind] ?? 0) + 1 }), {});

describe('sign-in throttling under concurrency', { timeout: 120_000 }, () => {
  it('forty parallel wrong passwords for one account: at most five reach the hash, then the right one is locked out', async () => {
    const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => attemptPasswordSignIn('victim@example.com', `wrong-${i}`, '10.0.0.1')));
    const reasons = failureReasons();
    console.log(`40 parallel wrong passwords for one account: ${reasons['wrong password'] ?? 0} checked against the hash, ${reasons['locked out'] ?? 0} refused as locked`);
    expect(reasons['wrong password']).toBe(MAX_FAILURES_PER_ACCOUNT);
    expect(reasons['locked out']).toBe(40 - MAX_FAILURES_PER_ACCOUNT);
    expect(kinds(outcomes).ok).toBeUndefined();

    const right = await attemptPasswordSignIn('victim@example.com', PASSWORD, '10.0.0.2');
    expect(right.kind).toBe('locked');
    expect(failureReasons()['wrong password']).toBe(MAX_FAILURES_PER_ACCOUNT);
  });

  it('forty parallel attempts on different accounts from one address: at most twenty reach the hash', async () => {
    const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => attemptPasswordSignIn(`nobody-${i}@example.com`, 'guess', '192.0.2.7')));
    const reasons = failureReasons();
    console.log(`40 parallel attempts from one address: ${reasons['unknown account'] ?? 0} checked against the hash, ${reasons['locked out'] ?? 0} refused as locked`);
    expect(reasons['unknown account']).toBe(MAX_FAILURES_PER_IP);
    expect(reasons['locked out']).toBe(40 - MAX_FAILURES_PER_IP);
    expect(kinds(outcomes).ok).toBeUndefined();

    // The address is locked even for a real account with its right password; another address is not.
    expect((await attemptPasswordSignIn('bystander@example.com', PASSWORD, '192.0.2.7')).kind).toBe('locked');
    expect((await attemptPasswordSignIn('bystander@example.com', PASSWORD, '192.0.2.8')).kind).toBe('ok');
  });

  it('a successful sign-in gives the address its reserved attempt back and clears the account', async () => {
    // 25 honest sign-ins from one address (an office behind NAT) stay above the address limit of 20.
    for (let i = 0; i < MAX_FAILURES_PER_IP + 5; i++) expect((await attemptPasswordSignIn('victim@example.com', PASSWORD, '198.51.100.1')).kind).toBe('ok');

    // Four wrong, the right one, then four wrong again: the success reset the account's count.
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) expect((await attemptPasswordSignIn('victim@example.com', `wrong-${i}`, '198.51.100.2')).kind).toBe('invalid');
    expect((await attemptPasswordSignIn('victim@example.com', PASSWORD, '198.51.100.2')).kind).toBe('ok');
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) expect((await attemptPasswordSignIn('victim@example.com', `wrong-${i}`, '198.51.100.2')).kind).toBe('invalid');
    const fifth = await attemptPasswordSignIn('victim@example.com', 'wrong-again', '198.51.100.2');
    expect(fifth.kind).toBe('locked');
    expect(failureReasons()).toEqual({ 'wrong password': 2 * (MAX_FAILURES_PER_ACCOUNT - 1) + 1 });
  });

  it('an unknown email and a wrong password get the same outcome and both count', async () => {
    expect(await attemptPasswordSignIn('nobody@example.com', 'guess', '203.0.113.9')).toEqual({ kind: 'invalid' });
    expect(await attemptPasswordSignIn('victim@example.com', 'guess', '203.0.113.9')).toEqual({ kind: 'invalid' });
    expect(failureReasons()).toEqual({ 'unknown account': 1, 'wrong password': 1 });
  });
});
