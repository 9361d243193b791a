import { and, asc, eq, inArray, isNotNull, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { currentCatalog } from '@/lib/catalog/load';
import type { Catalog } from '@/lib/catalog/schema';
import { statusLabels } from '@/lib/checklist/statuses';
import { ForbiddenError } from '@/lib/errors';
import { getDb } from '../index';
import { assessmentItems, assessments, evidence, itemHistory, plans, teamMemberships, teams, users } from '../schema';
import { reviewsForTeam } from '@/lib/permissions';
import { requireTeam } from './access';
import type { Executor } from './executor';

export type AssessmentStats = {
  id: string;
  appName: string;
  teamId: string;
  teamName: string;
  targetLaunchDate: string;
  launchApproved: boolean;
  applicable: number;
  met: number;
  done: number;
  signed: number;
  overdue: number;
  waitingReview: number;
  expiringEvidence: number;
};

const applicable = sql`${assessmentItems.excludedByProfile} = 0 and ${assessmentItems.removedFromCatalogAt} is null`;
const count = (condition: SQL) => sql<number>`coalesce(sum(case when ${applicable} and ${condition} then 1 else 0 end), 0)`;

export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Readiness figures per assessment in two grouped queries (items, then expiring evidence), whatever the number
 * of assessments. `scope` limits to some teams; undefined means every team.
 */
export function assessmentStats(tx: Executor, scope: string[] | undefined, today: string): AssessmentStats[] {
  if (scope && scope.length === 0) return [];
  const teamFilter = scope ? inArray(assessments.teamId, scope) : undefined;
  const rows = tx
    .select({
      id: assessments.id,
      appName: assessments.appName,
      teamId: assessments.teamId,
      teamName: teams.name,
      targetLaunchDate: assessments.targetLaunchDate,
      launchApprovedAt: assessments.launchApprovedAt,
      applicable: count(sql`1`),
      met: count(sql`${assessmentItems.status} = 'met'`),
      done: count(sql`${assessmentItems.status} in ('met', 'not_applicable')`),
      signed: count(sql`${assessmentItems.signOffId} is not null`),
      overdue: count(sql`${assessmentItems.dueDate} < ${today} and ${assessmentItems.status} not in ('met', 'not_applicable')`),
      waitingReview: count(sql`${assessmentItems.signOffId} is null and ${assessmentItems.status} in ('met', 'partially_met', 'not_met', 'not_applicable')`),
    })
    .from(assessments)
    .innerJoin(teams, eq(teams.id, assessments.teamId))
    .leftJoin(assessmentItems, eq(assessmentItems.assessmentId, assessments.id))
    .where(and(eq(assessments.state, 'active'), teamFilter))
    .groupBy(assessments.id)
    .all();
  const expiring = tx
    .select({ assessmentId: assessmentItems.assessmentId, n: sql<number>`count(*)` })
    .from(evidence)
    .innerJoin(assessmentItems, eq(assessmentItems.id, evidence.assessmentItemId))
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .where(and(eq(assessments.state, 'active'), teamFilter, isNull(evidence.deletedAt), isNull(evidence.replacedAt), isNotNull(evidence.validUntil), sql`${evidence.validUntil} >= ${today}`, lte(evidence.validUntil, addDays(today, 30))))
    .groupBy(assessmentItems.assessmentId)
    .all();
  const expiringBy = new Map(expiring.map((e) => [e.assessmentId, e.n]));
  return rows.map(({ launchApprovedAt, ...r }) => ({ ...r, launchApproved: launchApprovedAt !== null, expiringEvidence: expiringBy.get(r.id) ?? 0 }));
}

/** Per assessment and category: applicable, done and signed, grouped in SQL by a CASE built from the catalog. */
export function categoryStats(tx: Executor, assessmentIds: string[], catalog: Catalog = currentCatalog()) {
  if (assessmentIds.length === 0) return [];
  const categoryOf = sql.join(
    [sql`case ${assessmentItems.catalogItemId}`, ...catalog.items.map((i) => sql`when ${i.id} then ${i.category}`), sql`else '' end`],
    sql` `,
  );
  return tx
    .select({
      assessmentId: assessmentItems.assessmentId,
      category: sql<string>`${categoryOf}`.as('category'),
      applicable: count(sql`1`),
      done: count(sql`${assessmentItems.status} in ('met', 'not_applicable')`),
      signed: count(sql`${assessmentItems.signOffId} is not null`),
    })
    .from(assessmentItems)
    .where(inArray(assessmentItems.assessmentId, assessmentIds))
    .groupBy(assessmentItems.assessmentId, sql`category`)
    .all();
}

/** Items past their due date and not done, with owner; for the team dashboard. */
export function overdueItems(tx: Executor, teamId: string, today: string, catalog: Catalog = currentCatalog()) {
  return tx
    .select({ assessmentId: assessments.id, appName: assessments.appName, catalogItemId: assessmentItems.catalogItemId, dueDate: assessmentItems.dueDate, status: assessmentItems.status, owner: users.name })
    .from(assessmentItems)
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .leftJoin(users, eq(users.id, assessmentItems.ownerId))
    .where(and(eq(assessments.teamId, teamId), eq(assessments.state, 'active'), applicable, sql`${assessmentItems.dueDate} < ${today}`, sql`${assessmentItems.status} not in ('met', 'not_applicable')`))
    .orderBy(asc(assessmentItems.dueDate))
    .limit(100)
    .all()
    .map((r) => ({ ...r, title: catalog.itemsById.get(r.catalogItemId)?.title ?? r.catalogItemId, statusLabel: statusLabels[r.status] }));
}

export function expiringEvidence(tx: Executor, teamId: string, today: string, catalog: Catalog = currentCatalog()) {
  return tx
    .select({ assessmentId: assessments.id, appName: assessments.appName, catalogItemId: assessmentItems.catalogItemId, name: evidence.name, validUntil: evidence.validUntil })
    .from(evidence)
    .innerJoin(assessmentItems, eq(assessmentItems.id, evidence.assessmentItemId))
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .where(and(eq(assessments.teamId, teamId), eq(assessments.state, 'active'), isNull(evidence.deletedAt), isNull(evidence.replacedAt), sql`${evidence.validUntil} >= ${today}`, lte(evidence.validUntil, addDays(today, 30))))
    .orderBy(asc(evidence.validUntil))
    .limit(100)
    .all()
    .map((r) => ({ ...r, title: catalog.itemsById.get(r.catalogItemId)?.title ?? r.catalogItemId }));
}

/** Plans whose next review is overdue or within 30 days (or never scheduled). */
export function plansDueForReview(tx: Executor, scope: string[] | undefined, today: string) {
  if (scope && scope.length === 0) return [];
  return tx
    .select({ id: plans.id, teamId: plans.teamId, teamName: teams.name, title: plans.title, nextReviewDate: plans.nextReviewDate })
    .from(plans)
    .innerJoin(teams, eq(teams.id, plans.teamId))
    .where(and(scope ? inArray(plans.teamId, scope) : undefined, sql`(${plans.nextReviewDate} is null or ${plans.nextReviewDate} <= ${addDays(today, 30)})`))
    .orderBy(asc(plans.nextReviewDate))
    .limit(200)
    .all()
    .map((p) => ({ ...p, overdue: !p.nextReviewDate || p.nextReviewDate < today }));
}

/**
 * Readiness over time from the status history: each status change adds or removes one done item on its day;
 * the running total over the current number of applicable items gives the percentage.
 */
export function readinessHistory(tx: Executor, assessmentId: string, applicableNow: number) {
  const done = [statusLabels.met, statusLabels.not_applicable];
  const rows = tx
    .select({
      day: sql<string>`date(${itemHistory.at} / 1000, 'unixepoch')`.as('day'),
      delta: sql<number>`sum(case when ${itemHistory.newValue} in (${sql.join(done.map((d) => sql`${d}`), sql`, `)}) and coalesce(${itemHistory.oldValue}, '') not in (${sql.join(done.map((d) => sql`${d}`), sql`, `)}) then 1
        when ${itemHistory.oldValue} in (${sql.join(done.map((d) => sql`${d}`), sql`, `)}) and coalesce(${itemHistory.newValue}, '') not in (${sql.join(done.map((d) => sql`${d}`), sql`, `)}) then -1 else 0 end)`,
    })
    .from(itemHistory)
    .where(and(eq(itemHistory.assessmentId, assessmentId), eq(itemHistory.field, 'status')))
    .groupBy(sql`day`)
    .orderBy(sql`day`)
    .all();
  let total = 0;
  return rows.map((r) => {
    total += r.delta;
    return { day: r.day, done: total, percent: applicableNow ? Math.max(0, Math.min(100, Math.floor((total / applicableNow) * 100))) : 0 };
  });
}

/** Teams whose dashboard figures this person may see across teams: every team for admins, reviewed teams for reviewers. */
export function orgScope(actor: Actor): string[] | undefined {
  if (actor.isAdmin) return undefined;
  const reviewed = getDb()
    .select({ teamId: teamMemberships.teamId })
    .from(teamMemberships)
    .where(and(eq(teamMemberships.userId, actor.id), eq(teamMemberships.role, 'reviewer')))
    .all()
    .map((r) => r.teamId);
  if (reviewed.length === 0) throw new ForbiddenError('The organisation dashboard is for admins and reviewers.');
  return reviewed;
}

export function teamsInScope(tx: Executor, scope: string[] | undefined) {
  return tx
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(scope ? inArray(teams.id, scope) : undefined)
    .orderBy(asc(teams.name))
    .all();
}

export function teamDashboard(actor: Actor, teamId: string, today: string) {
  const db = getDb();
  const standing = requireTeam(db, actor, teamId, 'team.read');
  const stats = assessmentStats(db, [teamId], today);
  const categories = categoryStats(
    db,
    stats.map((s) => s.id),
  );
  return {
    reviewsForTeam: reviewsForTeam(standing),
    stats,
    categories,
    history: new Map(stats.map((s) => [s.id, readinessHistory(db, s.id, s.applicable)])),
    overdue: overdueItems(db, teamId, today),
    expiring: expiringEvidence(db, teamId, today),
    plans: plansDueForReview(db, [teamId], today),
  };
}

/** Everything the organisation dashboard shows, for the teams this person oversees (admins: all). */
export function orgDashboard(actor: Actor, today: string) {
  const scope = orgScope(actor);
  const db = getDb();
  return { scope, stats: assessmentStats(db, scope, today), plans: plansDueForReview(db, scope, today), teams: teamsInScope(db, scope) };
}
