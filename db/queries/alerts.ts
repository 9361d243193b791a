import { and, asc, eq, gt, isNotNull, isNull, max } from 'drizzle-orm';
import { rulesFor, type AlertRule } from '@/lib/alerts/rules';
import { alertAuditEntries, auditLog, securityAlerts, users } from '../schema';
import type { Executor } from './executor';

export type AuditedEvent = { id: number; at: number; action: string; actorId: string | null; actorLabel: string | null; ip: string | null; targetId: string | null };

const subjectColumns = {
  actorLabel: auditLog.actorLabel,
  ip: auditLog.ip,
  actorId: auditLog.actorId,
  targetId: auditLog.targetId,
} as const;

function subjectLabel(tx: Executor, rule: AlertRule, subject: string): string {
  if (rule.subject === 'actorId') {
    const user = tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, subject)).get();
    return user ? `${user.name} <${user.email}>` : subject;
  }
  if (rule.subject === 'targetId' && rule.kind === 'mfa-disabled') {
    const user = tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, subject)).get();
    return user ? `${user.name} <${user.email}>` : subject;
  }
  if (rule.subject === 'targetId') return `evidence ${subject}`;
  return subject;
}

/**
 * Runs inside the transaction that appended `event`: raises or extends an alert when the event completes a
 * pattern. An open alert absorbs further events; after acknowledgement, counting starts afresh.
 */
export function raiseAlerts(tx: Executor, event: AuditedEvent): void {
  for (const rule of rulesFor(event.action)) {
    const subject = event[rule.subject];
    if (!subject) continue;
    const open = tx
      .select({ id: securityAlerts.id, count: securityAlerts.count })
      .from(securityAlerts)
      .where(and(eq(securityAlerts.kind, rule.kind), eq(securityAlerts.subject, subject), isNull(securityAlerts.acknowledgedAt)))
      .get();
    if (open) {
      tx.update(securityAlerts).set({ count: open.count + 1, lastAt: new Date(event.at) }).where(eq(securityAlerts.id, open.id)).run();
      tx.insert(alertAuditEntries).values({ alertId: open.id, auditId: event.id }).onConflictDoNothing().run();
      continue;
    }
    const lastAcknowledged = tx
      .select({ at: max(securityAlerts.lastAt) })
      .from(securityAlerts)
      .where(and(eq(securityAlerts.kind, rule.kind), eq(securityAlerts.subject, subject), isNotNull(securityAlerts.acknowledgedAt)))
      .get()?.at;
    const since = Math.max(event.at - rule.windowMs, lastAcknowledged ? lastAcknowledged.getTime() : 0);
    const matches = tx
      .select({ id: auditLog.id, at: auditLog.at })
      .from(auditLog)
      .where(and(eq(auditLog.action, rule.action), eq(subjectColumns[rule.subject], subject), gt(auditLog.at, new Date(since))))
      .orderBy(asc(auditLog.id))
      .limit(1000)
      .all();
    if (matches.length < rule.threshold) continue;
    const id = crypto.randomUUID();
    tx.insert(securityAlerts)
      .values({ id, kind: rule.kind, subject, subjectLabel: subjectLabel(tx, rule, subject), firstAt: matches[0]!.at, lastAt: new Date(event.at), count: matches.length })
      .run();
    for (const m of matches) tx.insert(alertAuditEntries).values({ alertId: id, auditId: m.id }).onConflictDoNothing().run();
  }
}
