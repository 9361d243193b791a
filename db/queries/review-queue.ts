import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { currentCatalog } from '@/lib/catalog/load';
import type { Catalog } from '@/lib/catalog/schema';
import { fourEyesConflict, reviewableStatuses } from '@/lib/review/four-eyes';
import { getDb } from '../index';
import { assessmentItems, assessments, evidence, itemReviews, planVersions, reviewContributions, teamMemberships, teams } from '../schema';
import type { Executor } from './executor';


// The reviewer queue: what waits for this person's decision, across every team they review.

export type QueueFilters = { teamId?: string; assessmentId?: string; category?: string };

/** Teams whose items this person reviews: all for admins, else where they hold the reviewer role. */
function reviewableTeamIds(tx: Executor, actor: Actor): string[] | 'all' {
  if (actor.isAdmin) return 'all';
  return tx
    .select({ teamId: teamMemberships.teamId })
    .from(teamMemberships)
    .where(and(eq(teamMemberships.userId, actor.id), eq(teamMemberships.role, 'reviewer')))
    .all()
    .map((r) => r.teamId);
}

export function isReviewerAnywhere(actor: Actor): boolean {
  const teamsReviewed = reviewableTeamIds(getDb(), actor);
  return teamsReviewed === 'all' || teamsReviewed.length > 0;
}

/**
 * Items that claim a status and have no sign-off in force, across every assessment this person reviews,
 * longest-waiting first. Items this person may not sign (four eyes) are listed with the reason.
 */
export function listReviewQueue(actor: Actor, filters: QueueFilters, catalog: Catalog = currentCatalog(), limit = 500) {
  const db = getDb();
  const teamIds = reviewableTeamIds(db, actor);
  const scope = teamIds === 'all' ? undefined : teamIds.length ? inArray(assessments.teamId, teamIds) : sql`0`;
  const categoryItems = filters.category ? catalog.items.filter((i) => i.category === filters.category).map((i) => i.id) : null;
  const waitingSince = sql<number>`coalesce(${assessmentItems.reviewStateAt}, ${assessmentItems.updatedAt}, ${assessments.createdAt})`;
  const uploadedByMe = sql<number>`exists (select 1 from ${evidence} where ${evidence.assessmentItemId} = ${assessmentItems.id} and ${evidence.deletedAt} is null and ${evidence.replacedAt} is null and ${evidence.uploadedById} = ${actor.id})`;
  const publishedByMe = sql<number>`exists (select 1 from ${evidence} inner join ${planVersions} on ${planVersions.id} = ${evidence.planVersionId} where ${evidence.assessmentItemId} = ${assessmentItems.id} and ${evidence.deletedAt} is null and ${evidence.replacedAt} is null and ${planVersions.publishedById} = ${actor.id})`;
  const myContribution = sql<string | null>`(select ${reviewContributions.what} from ${reviewContributions} where ${reviewContributions.assessmentItemId} = ${assessmentItems.id} and ${reviewContributions.userId} = ${actor.id} limit 1)`;
  const where = and(
    scope,
    eq(assessments.state, 'active'),
    isNull(assessments.launchApprovedAt),
    inArray(assessmentItems.status, [...reviewableStatuses]),
    eq(assessmentItems.excludedByProfile, false),
    isNull(assessmentItems.removedFromCatalogAt),
    isNull(assessmentItems.signOffId),
    filters.teamId ? eq(assessments.teamId, filters.teamId) : undefined,
    filters.assessmentId ? eq(assessments.id, filters.assessmentId) : undefined,
    categoryItems ? (categoryItems.length ? inArray(assessmentItems.catalogItemId, categoryItems) : sql`0`) : undefined,
  );
  const rows = db
    .select({
      itemId: assessmentItems.id,
      catalogItemId: assessmentItems.catalogItemId,
      status: assessmentItems.status,
      waitingSince,
      ownerId: assessmentItems.ownerId,
      statusSetById: assessmentItems.statusSetById,
      uploadedByMe,
      publishedByMe,
      myContribution,
      riskAcceptorId: sql<string | null>`case when ${assessmentItems.gapResponse} = 'risk_acceptance' then ${assessmentItems.riskAcceptedById} end`,
      evidenceCount: sql<number>`(select count(*) from ${evidence} where ${evidence.assessmentItemId} = ${assessmentItems.id} and ${evidence.deletedAt} is null and ${evidence.replacedAt} is null)`,
      assessmentId: assessments.id,
      appName: assessments.appName,
      teamId: teams.id,
      teamName: teams.name,
      everSigned: sql<number>`exists (select 1 from ${itemReviews} where ${itemReviews.assessmentItemId} = ${assessmentItems.id} and ${itemReviews.decision} = 'approved')`,
    })
    .from(assessmentItems)
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .innerJoin(teams, eq(teams.id, assessments.teamId))
    .where(where)
    .orderBy(asc(waitingSince), asc(assessmentItems.id))
    .limit(limit + 1)
    .all();
  const scopeTeams = db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(teamIds === 'all' ? undefined : teamIds.length ? inArray(teams.id, teamIds) : sql`0`)
    .orderBy(asc(teams.name))
    .all();
  const scopeAssessments = db
    .select({ id: assessments.id, appName: assessments.appName, teamId: assessments.teamId })
    .from(assessments)
    .where(and(eq(assessments.state, 'active'), teamIds === 'all' ? undefined : teamIds.length ? inArray(assessments.teamId, teamIds) : sql`0`))
    .orderBy(asc(assessments.appName))
    .all();
  const now = Date.now();
  return {
    items: rows.slice(0, limit).map((r) => ({
      ...r,
      waitingSince: new Date(r.waitingSince),
      waitingHours: Math.max(0, Math.floor((now - r.waitingSince) / 3_600_000)),
      title: catalog.itemsById.get(r.catalogItemId)?.title ?? r.catalogItemId,
      category: catalog.itemsById.get(r.catalogItemId)?.category ?? '',
      stale: Boolean(r.everSigned),
      conflict: fourEyesConflict(
        {
          ownerId: r.ownerId,
          statusSetById: r.statusSetById,
          riskAcceptorId: r.riskAcceptorId,
          evidenceUploaderIds: r.uploadedByMe ? [actor.id] : [],
          planAuthorIds: r.publishedByMe ? [actor.id] : [],
          contributions: r.myContribution ? [{ userId: actor.id, what: r.myContribution }] : [],
        },
        actor.id,
      ),
    })),
    truncated: rows.length > limit,
    teams: scopeTeams,
    assessments: scopeAssessments,
  };
}

/**
 * The item a reviewer should decide next: the longest-waiting one they may sign, in the same assessment first,
 * never the one they are on.
 */
export function nextReviewFor(actor: Actor, current: { assessmentId: string; catalogItemId: string }, catalog: Catalog = currentCatalog()) {
  const candidates = listReviewQueue(actor, {}, catalog, 200).items.filter((q) => !q.conflict && !(q.assessmentId === current.assessmentId && q.catalogItemId === current.catalogItemId));
  const next = candidates.find((q) => q.assessmentId === current.assessmentId) ?? candidates[0];
  return next ? { href: `/teams/${next.teamId}/assessments/${next.assessmentId}/items/${next.catalogItemId}`, title: next.title, appName: next.appName } : null;
}

