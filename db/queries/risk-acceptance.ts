import { and, eq, inArray, isNull, lt } from 'drizzle-orm';
import { statusLabels } from '@/lib/checklist/statuses';
import { getDb } from '../index';
import { assessmentItems, assessments, itemHistory, users } from '../schema';
import { appendAudit } from './audit';
import type { Executor } from './executor';
import { syncReviewState } from './reviews';

export type ExpiredAcceptance = { itemId: string; assessmentId: string; catalogItemId: string; acceptedUntil: string };

/**
 * Internal to the data layer. A risk acceptance holds until its date and no longer: on the first day after it,
 * the item is not met again, the acceptance is set aside (so the team must accept again or plan a fix), the
 * sign-off goes stale through the digest, and the item stays flagged with the day it ran out.
 *
 * Assessments approved for launch or archived are left as they were decided; reopening or restoring one runs
 * this again, so an acceptance that ran out meanwhile expires then.
 */
export function expireRiskAcceptancesIn(tx: Executor, today: string, scope: { assessmentId?: string } = {}): ExpiredAcceptance[] {
  const due = dueAcceptances(tx, today, scope);
  const now = new Date();
  const expired: ExpiredAcceptance[] = [];
  for (const { item, appName, acceptor } of due) {
    const acceptedUntil = item.gapDueDate!;
    tx.update(assessmentItems)
      .set({ status: 'not_met', gapResponse: null, riskAcceptanceExpiredOn: acceptedUntil, version: item.version + 1, updatedAt: now, updatedById: null })
      .where(eq(assessmentItems.id, item.id))
      .run();
    const history = (field: string, oldValue: string, newValue: string) =>
      tx.insert(itemHistory).values({ assessmentItemId: item.id, assessmentId: item.assessmentId, at: now, actorId: null, field, oldValue, newValue }).run();
    history('risk acceptance', `Accepted by ${acceptor ?? 'a former member'} until ${acceptedUntil}`, `Expired after ${acceptedUntil}: accept again or plan a fix`);
    if (item.status !== 'not_met') history('status', statusLabels[item.status], statusLabels.not_met);
    syncReviewState(tx, item.id, null);
    appendAudit(tx, {
      actorLabel: 'system',
      action: 'item.risk-acceptance-expired',
      target: { type: 'assessment-item', id: item.id },
      details: { assessmentId: item.assessmentId, appName, catalogItemId: item.catalogItemId, acceptedUntil, from: item.status },
    });
    expired.push({ itemId: item.id, assessmentId: item.assessmentId, catalogItemId: item.catalogItemId, acceptedUntil });
  }
  return expired;
}

/** Expires every acceptance that ran out before `today`; start-up and the pages that show items call it. */
export function expireRiskAcceptances(today: string, scope: { assessmentId?: string } = {}): ExpiredAcceptance[] {
  const db = getDb();
  // Nearly always nothing is due: look without the write lock first, so page loads never queue behind writers.
  if (dueAcceptances(db, today, scope).length === 0) return [];
  return db.transaction((tx) => expireRiskAcceptancesIn(tx, today, scope), { behavior: 'immediate' });
}

function dueAcceptances(tx: Executor, today: string, scope: { assessmentId?: string }) {
  return tx
    .select({ item: assessmentItems, appName: assessments.appName, acceptor: users.name })
    .from(assessmentItems)
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .leftJoin(users, eq(users.id, assessmentItems.riskAcceptedById))
    .where(
      and(
        eq(assessmentItems.gapResponse, 'risk_acceptance'),
        lt(assessmentItems.gapDueDate, today),
        inArray(assessmentItems.status, ['partially_met', 'not_met']),
        eq(assessmentItems.excludedByProfile, false),
        isNull(assessmentItems.removedFromCatalogAt),
        eq(assessments.state, 'active'),
        isNull(assessments.launchApprovedAt),
        scope.assessmentId ? eq(assessmentItems.assessmentId, scope.assessmentId) : undefined,
      ),
    )
    .all();
}
