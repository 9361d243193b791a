import { and, eq, isNull } from 'drizzle-orm';
import { hashToken, newToken } from '@/lib/auth/tokens';
import { getDb } from '../index';
import type { SessionPolicy } from '@/lib/auth/policy';
import { sessions, users, type User } from '../schema';
import { appendAudit } from './audit';

/** Only the next-auth adapter and the current-user lookup call these; they run before any actor exists. */
export function createSession(userId: string, ip: string | null, policy: SessionPolicy, secondFactor: string | null = null): { token: string; expiresAt: Date } {
  const token = newToken();
  const now = Date.now();
  const absolute = now + policy.absoluteMs;
  const expiresAt = new Date(Math.min(now + policy.idleMs, absolute));
  getDb()
    .insert(sessions)
    .values({ tokenHash: hashToken(token), userId, expiresAt, absoluteExpiresAt: new Date(absolute), lastSeenAt: new Date(now), ip, secondFactor })
    .run();
  return { token, expiresAt };
}

// Writing on every request would make each page view a commit; a minute of slack in idle expiry is harmless.
const TOUCH_INTERVAL_MS = 60_000;

/** The session's user if the token is live and the user enabled; slides the idle expiry. Expired rows are deleted. */
export function findSessionUser(token: string, policy: SessionPolicy): { user: User; expiresAt: Date; secondFactor: string | null } | null {
  if (!token || token.length > 200) return null;
  const db = getDb();
  const tokenHash = hashToken(token);
  const row = db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(users.disabledAt)))
    .get();
  if (!row) return null;
  const now = Date.now();
  if (row.session.expiresAt.getTime() <= now || row.session.absoluteExpiresAt.getTime() <= now) {
    db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
    return null;
  }
  let expiresAt = row.session.expiresAt;
  if (now - row.session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    expiresAt = new Date(Math.min(now + policy.idleMs, row.session.absoluteExpiresAt.getTime()));
    db.update(sessions).set({ expiresAt, lastSeenAt: new Date(now) }).where(eq(sessions.tokenHash, tokenHash)).run();
  }
  return { user: row.user, expiresAt, secondFactor: row.session.secondFactor };
}

/** Signs a session out: the row goes and the audit log says whose it was, in one transaction. */
export function endSession(token: string): void {
  getDb().transaction(
    (tx) => {
      const removed = tx.delete(sessions).where(eq(sessions.tokenHash, hashToken(token))).returning({ userId: sessions.userId }).get();
      if (!removed) return;
      const user = tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, removed.userId)).get();
      appendAudit(tx, { action: 'auth.signed-out', actor: user ? { ...user, ip: null } : null, target: { type: 'user', id: removed.userId } });
    },
    { behavior: 'immediate' },
  );
}
