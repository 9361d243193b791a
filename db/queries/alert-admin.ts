import { desc, eq, isNull, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { NotFoundError } from '@/lib/errors';
import { getDb } from '../index';
import { securityAlerts, users } from '../schema';
import { appendAudit } from './audit';
import { requireAdmin } from './access';

export function countOpenAlerts(actor: Actor): number {
  requireAdmin(actor);
  return getDb().select({ n: sql<number>`count(*)` }).from(securityAlerts).where(isNull(securityAlerts.acknowledgedAt)).get()!.n;
}

/** Admin only: open alerts first, then the most recent acknowledged ones. */
export function listAlerts(actor: Actor, limit = 200) {
  requireAdmin(actor);
  return getDb()
    .select({ alert: securityAlerts, acknowledgedBy: users.name })
    .from(securityAlerts)
    .leftJoin(users, eq(users.id, securityAlerts.acknowledgedById))
    .orderBy(sql`${securityAlerts.acknowledgedAt} is not null`, desc(securityAlerts.lastAt))
    .limit(limit)
    .all()
    .map((r) => ({ ...r.alert, acknowledgedBy: r.acknowledgedBy }));
}

export function acknowledgeAlert(actor: Actor, alertId: string): void {
  requireAdmin(actor);
  getDb().transaction(
    (tx) => {
      const alert = tx.select().from(securityAlerts).where(eq(securityAlerts.id, alertId)).get();
      if (!alert) throw new NotFoundError('That alert does not exist.');
      if (alert.acknowledgedAt) return;
      tx.update(securityAlerts).set({ acknowledgedAt: new Date(), acknowledgedById: actor.id }).where(eq(securityAlerts.id, alertId)).run();
      appendAudit(tx, { action: 'alert.acknowledged', actor, target: { type: 'alert', id: alertId }, details: { kind: alert.kind, subject: alert.subjectLabel, count: alert.count } });
    },
    { behavior: 'immediate' },
  );
}
