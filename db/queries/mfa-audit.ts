import { and, eq, isNotNull } from 'drizzle-orm';
import type { User } from '../schema';
import { getDb } from '../index';
import { passkeys, totpFactors } from '../schema';
import { appendAudit } from './audit';
import { normalizeEmail } from './auth';

// Audit entries of the sign-in's second step. They run before a session exists, so the person is the actor
// only by the first factor they proved; the alert rules (lib/alerts/rules.ts) count these actions.

export function recordMfaFailure(input: { user: Pick<User, 'id' | 'email'>; ip: string | null; reason: string }): void {
  getDb().transaction(
    (tx) =>
      appendAudit(tx, {
        action: 'auth.mfa.failed',
        actorLabel: normalizeEmail(input.user.email),
        ip: input.ip,
        target: { type: 'user', id: input.user.id },
        details: { reason: input.reason },
      }),
    { behavior: 'immediate' },
  );
}

export function recordRecoveryCodeUse(input: { user: Pick<User, 'id' | 'email'>; ip: string | null; left: number }): void {
  getDb().transaction(
    (tx) => appendAudit(tx, { action: 'auth.mfa.recovery-code-used', actor: { id: input.user.id, email: input.user.email, ip: input.ip }, target: { type: 'user', id: input.user.id }, details: { left: input.left } }),
    { behavior: 'immediate' },
  );
}

/** After an admin's sign-in: an admin without any second factor is worth an alert whatever the policy says. */
export function noteAdminWithoutMfa(user: Pick<User, 'id' | 'email' | 'isAdmin'>, ip: string | null): void {
  if (!user.isAdmin) return;
  const db = getDb();
  const hasTotp = db.select({ id: totpFactors.userId }).from(totpFactors).where(and(eq(totpFactors.userId, user.id), isNotNull(totpFactors.confirmedAt))).get();
  const hasKey = db.select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.userId, user.id)).limit(1).get();
  if (hasTotp || hasKey) return;
  db.transaction((tx) => appendAudit(tx, { action: 'auth.admin-without-mfa', actor: { id: user.id, email: user.email, ip }, target: { type: 'user', id: user.id } }), { behavior: 'immediate' });
}
