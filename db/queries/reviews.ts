import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { currentCatalog } from '@/lib/catalog/load';
import type { Catalog } from '@/lib/catalog/schema';
import { statusLabels } from '@/lib/checklist/statuses';
import { ForbiddenError, NotFoundError, ValidationError } from '@/lib/errors';
import { reviewDigest } from '@/lib/review/digest';
import { fourEyesConflict, isReviewable, reviewableStatuses, type AuthorsOfItem, type Contribution } from '@/lib/review/four-eyes';
import { mayReopenLaunch, mayReview, mayWithdrawSignOff } from '@/lib/review/permissions';
import { getDb } from '../index';
import { assessmentItems, assessments, evidence, itemHistory, itemReviews, launchDecisions, planVersions, reviewContributions, teamMemberships, teams, users, type Assessment, type AssessmentItem, type ReviewDecision } from '../schema';
import { requireAssessment, teamRole } from './access';
import { supersedeOutdatedPlanEvidence } from './evidence';
import { appendAudit } from './audit';
import { expireRiskAcceptancesIn } from './risk-acceptance';
import type { Executor } from './executor';

/** Evidence a sign-off covers: the latest revision of everything not deleted. */
export function currentEvidenceOf(tx: Executor, itemId: string) {
  return tx
    .select({ id: evidence.id, name: evidence.name, sha256: evidence.sha256, uploadedById: evidence.uploadedById, validUntil: evidence.validUntil, supersededAt: evidence.supersededAt, planAuthorId: planVersions.publishedById })
    .from(evidence)
    .leftJoin(planVersions, eq(planVersions.id, evidence.planVersionId))
    .where(and(eq(evidence.assessmentItemId, itemId), isNull(evidence.deletedAt), isNull(evidence.replacedAt)))
    .all();
}

/**
 * Internal to the data layer: notes that `userId` changed `what` (a signed field, or the evidence) on an item, so
 * four eyes bar them from signing it until the next sign-off.
 */
export function recordContribution(tx: Executor, itemId: string, userId: string, what: Contribution['what']): void {
  tx.insert(reviewContributions).values({ assessmentItemId: itemId, userId, what, at: new Date() }).run();
}

/** Everyone who authored what a sign-off of this item would cover. */
function authorsOf(tx: Executor, item: AssessmentItem, current: ReturnType<typeof currentEvidenceOf>): AuthorsOfItem {
  const contributions = tx.select({ userId: reviewContributions.userId, what: reviewContributions.what }).from(reviewContributions).where(eq(reviewContributions.assessmentItemId, item.id)).all();
  return {
    ownerId: item.ownerId,
    statusSetById: item.statusSetById,
    riskAcceptorId: item.gapResponse === 'risk_acceptance' ? item.riskAcceptedById : null,
    evidenceUploaderIds: current.map((e) => e.uploadedById),
    planAuthorIds: current.map((e) => e.planAuthorId),
    contributions,
  };
}

export function digestOfItem(tx: Executor, item: AssessmentItem): string {
  return reviewDigest({
    status: item.status,
    excludedByProfile: item.excludedByProfile,
    justification: item.justification,
    gapResponse: item.gapResponse,
    gapText: item.gapText,
    gapDueDate: item.gapDueDate,
    riskAcceptedById: item.riskAcceptedById,
    evidence: currentEvidenceOf(tx, item.id).map(({ id, sha256, supersededAt }) => ({ id, sha256, supersededAt })),
  });
}

/**
 * The sign-off that may come back when an item returns to `digest`: its most recent review decision is a sign-off
 * of exactly that state, with no change request, withdrawal or later sign-off since. The digest proves the state
 * is the one that was signed, so nobody has to sign it twice; the rest guards what the digest does not cover:
 * - the assessment must be open: an approved or archived one stays exactly as it was locked;
 * - no catalog upgrade changed or revived the item since (the digest leaves out the catalog's wording);
 * - the signer must still review for the team, and four eyes must still let them sign the item as it stands,
 *   counting `pending` contributions the caller is about to record (a preview has not recorded them yet).
 */
export function restorableSignOff(tx: Executor, item: AssessmentItem, digest: string, pending: Contribution[] = []): { reviewId: string; reviewerName: string } | null {
  if (item.excludedByProfile || item.removedFromCatalogAt) return null;
  const assessment = tx.select({ state: assessments.state, launchApprovedAt: assessments.launchApprovedAt, teamId: assessments.teamId }).from(assessments).where(eq(assessments.id, item.assessmentId)).get();
  if (!assessment || assessment.state !== 'active' || assessment.launchApprovedAt) return null;
  // rowid breaks ties between decisions taken in the same millisecond: it follows insertion order.
  const latest = tx
    .select({ id: itemReviews.id, decision: itemReviews.decision, digest: itemReviews.digest, at: itemReviews.at, reviewerId: itemReviews.reviewerId })
    .from(itemReviews)
    .where(eq(itemReviews.assessmentItemId, item.id))
    .orderBy(desc(itemReviews.at), desc(sql`${itemReviews}.rowid`))
    .limit(1)
    .get();
  if (!latest || latest.decision !== 'approved' || latest.digest !== digest || latest.id === item.signOffId || !latest.reviewerId) return null;
  const catalogChange = tx
    .select({ id: itemHistory.id })
    .from(itemHistory)
    .where(and(eq(itemHistory.assessmentItemId, item.id), eq(itemHistory.field, 'catalog'), gte(itemHistory.at, latest.at)))
    .limit(1)
    .get();
  if (catalogChange) return null;
  const signer = tx.select({ id: users.id, name: users.name, email: users.email, isAdmin: users.isAdmin, disabledAt: users.disabledAt }).from(users).where(eq(users.id, latest.reviewerId)).get();
  if (!signer || signer.disabledAt) return null;
  const signerActor = { id: signer.id, email: signer.email, name: signer.name, isAdmin: signer.isAdmin, ip: null };
  if (!mayReview(signerActor, teamRole(tx, signerActor, assessment.teamId))) return null;
  const authors = authorsOf(tx, item, currentEvidenceOf(tx, item.id));
  if (fourEyesConflict({ ...authors, contributions: [...(authors.contributions ?? []), ...pending] }, signer.id)) return null;
  return { reviewId: latest.id, reviewerName: signer.name };
}

/**
 * Call after anything that may change what a reviewer signed (status, justification, evidence, applicability).
 * When the digest moved, the sign-off stops covering the item: it is cleared and the history says so. When it
 * moved back to a state that was signed off, that sign-off is restored (see restorableSignOff).
 */
export function syncReviewState(tx: Executor, itemId: string, actorId: string | null): void {
  const item = tx.select().from(assessmentItems).where(eq(assessmentItems.id, itemId)).get();
  if (!item) return;
  const digest = digestOfItem(tx, item);
  if (digest === item.reviewDigest) return;
  const now = new Date();
  const restored = restorableSignOff(tx, item, digest);
  tx.update(assessmentItems)
    .set({ reviewDigest: digest, reviewStateAt: now, signOffId: restored?.reviewId ?? null })
    .where(eq(assessmentItems.id, itemId))
    .run();
  const history = (oldValue: string, newValue: string) => tx.insert(itemHistory).values({ assessmentItemId: itemId, assessmentId: item.assessmentId, at: now, actorId, field: 'sign-off', oldValue, newValue }).run();
  if (item.signOffId) {
    const signOff = tx.select({ at: itemReviews.at, reviewer: users.name }).from(itemReviews).leftJoin(users, eq(users.id, itemReviews.reviewerId)).where(eq(itemReviews.id, item.signOffId)).get();
    history(`Signed off by ${signOff?.reviewer ?? 'a former reviewer'}`, item.excludedByProfile ? 'Stale: the item no longer applies under the profile' : 'Stale: the item changed after it was signed off');
  }
  if (restored) {
    // Like a fresh sign-off, the restored one covers every change so far: four eyes start counting afresh.
    tx.delete(reviewContributions).where(eq(reviewContributions.assessmentItemId, itemId)).run();
    history('Stale', `Sign-off restored: the item is back to the state that was signed off by ${restored.reviewerName}`);
    const actor = actorId ? tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, actorId)).get() : undefined;
    appendAudit(tx, {
      action: 'item.sign-off-restored',
      actor: actor ? { ...actor, ip: null } : null,
      target: { type: 'assessment-item', id: itemId },
      details: { assessmentId: item.assessmentId, catalogItemId: item.catalogItemId, reviewId: restored.reviewId, digest },
    });
  }
}

function assertMayReview(actor: Actor, role: string): void {
  if (!mayReview(actor, role)) throw new ForbiddenError('Only the team’s reviewers sign items off.');
}

/** An assessment open for review decisions; outsiders get not-found like everywhere else. */
function requireReviewableAssessment(tx: Executor, actor: Actor, assessmentId: string): { assessment: Assessment; role: string } {
  const { assessment, role } = requireAssessment(tx, actor, assessmentId, 'read');
  if (assessment.state === 'archived') throw new ValidationError('This assessment is archived. Restore it before reviewing it.');
  if (assessment.launchApprovedAt) throw new ValidationError('This assessment is approved for launch and read-only. Reopen it first.');
  return { assessment, role };
}

function itemForReview(tx: Executor, assessmentId: string, catalogItemId: string): AssessmentItem {
  const item = tx.select().from(assessmentItems).where(and(eq(assessmentItems.assessmentId, assessmentId), eq(assessmentItems.catalogItemId, catalogItemId))).get();
  if (!item) throw new NotFoundError();
  if (item.removedFromCatalogAt) throw new ValidationError('This item was removed from the catalog; it is kept only for the record.');
  if (item.excludedByProfile) throw new ValidationError('This item does not apply under the current profile, so there is nothing to sign off.');
  return item;
}

export const STALE_DIGEST_MESSAGE = 'This item changed after you opened it. Reload the page and review what it says now.';

export type ReviewInput = { assessmentId: string; catalogItemId: string; digest: string; comment: string };

/** Signs an item off, bound to the digest the reviewer saw. Four eyes are checked here, not in the page. */
export function signOffItem(actor: Actor, input: ReviewInput): { reviewId: string } {
  return getDb().transaction(
    (tx) => {
      const { role } = requireReviewableAssessment(tx, actor, input.assessmentId);
      const item = itemForReview(tx, input.assessmentId, input.catalogItemId);
      const current = currentEvidenceOf(tx, item.id);
      // Four eyes first: it is the most specific answer for anyone who worked on the item.
      const conflict = fourEyesConflict(authorsOf(tx, item, current), actor.id);
      if (conflict) throw new ForbiddenError(conflict);
      assertMayReview(actor, role);
      if (!isReviewable(item.status)) throw new ValidationError(`An item that is “${statusLabels[item.status]}” cannot be signed off yet.`);
      const digest = digestOfItem(tx, item);
      if (digest !== input.digest) throw new ValidationError(STALE_DIGEST_MESSAGE);
      if (item.signOffId && item.reviewDigest === digest) throw new ValidationError('This item is already signed off as it stands.');
      const now = new Date();
      const reviewId = crypto.randomUUID();
      tx.insert(itemReviews).values({ id: reviewId, assessmentItemId: item.id, assessmentId: input.assessmentId, reviewerId: actor.id, decision: 'approved', comment: input.comment, digest, at: now }).run();
      tx.update(assessmentItems).set({ signOffId: reviewId, reviewDigest: digest }).where(eq(assessmentItems.id, item.id)).run();
      // The sign-off covers every change so far; four eyes start counting afresh.
      tx.delete(reviewContributions).where(eq(reviewContributions.assessmentItemId, item.id)).run();
      tx.insert(itemHistory).values({ assessmentItemId: item.id, assessmentId: input.assessmentId, at: now, actorId: actor.id, field: 'sign-off', oldValue: '', newValue: input.comment ? `Signed off: ${input.comment}` : 'Signed off' }).run();
      appendAudit(tx, {
        action: 'item.signed-off',
        actor,
        target: { type: 'assessment-item', id: item.id },
        details: { assessmentId: input.assessmentId, catalogItemId: item.catalogItemId, digest, status: item.status, evidence: current.map((e) => ({ id: e.id, sha256: e.sha256 })) },
      });
      return { reviewId };
    },
    { behavior: 'immediate' },
  );
}

/** Sends an item back to the team: status returns to in progress and the comment is shown on the item. */
export function requestChanges(actor: Actor, input: ReviewInput): { reviewId: string } {
  return getDb().transaction(
    (tx) => {
      assertMayReview(actor, requireReviewableAssessment(tx, actor, input.assessmentId).role);
      const item = itemForReview(tx, input.assessmentId, input.catalogItemId);
      if (!input.comment.trim()) throw new ValidationError('Say what has to change.', { comment: 'Say what has to change.' });
      if (!isReviewable(item.status)) throw new ValidationError(`An item that is “${statusLabels[item.status]}” is not waiting for review.`);
      const digest = digestOfItem(tx, item);
      if (digest !== input.digest) throw new ValidationError(STALE_DIGEST_MESSAGE);
      const now = new Date();
      const reviewId = crypto.randomUUID();
      tx.insert(itemReviews).values({ id: reviewId, assessmentItemId: item.id, assessmentId: input.assessmentId, reviewerId: actor.id, decision: 'changes_requested', comment: input.comment, digest, at: now }).run();
      tx.update(assessmentItems)
        .set({ status: 'in_progress', statusSetById: actor.id, signOffId: null, version: item.version + 1, updatedAt: now, updatedById: actor.id })
        .where(eq(assessmentItems.id, item.id))
        .run();
      tx.insert(itemHistory).values({ assessmentItemId: item.id, assessmentId: input.assessmentId, at: now, actorId: actor.id, field: 'status', oldValue: statusLabels[item.status], newValue: statusLabels.in_progress }).run();
      tx.insert(itemHistory).values({ assessmentItemId: item.id, assessmentId: input.assessmentId, at: now, actorId: actor.id, field: 'review', oldValue: '', newValue: `Changes requested: ${input.comment}` }).run();
      syncReviewState(tx, item.id, actor.id);
      appendAudit(tx, {
        action: 'item.changes-requested',
        actor,
        target: { type: 'assessment-item', id: item.id },
        details: { assessmentId: input.assessmentId, catalogItemId: item.catalogItemId, from: item.status, to: 'in_progress' },
      });
      return { reviewId };
    },
    { behavior: 'immediate' },
  );
}

export type WithdrawInput = { assessmentId: string; catalogItemId: string; reason: string };

export const WITHDRAW_REASON_MESSAGE = 'Give a reason for withdrawing the sign-off (at least 5 characters).';

/**
 * The reviewer who signed an item off takes the sign-off back, with a reason: the item waits for review again.
 * It is recorded as a review decision, so the sign-off never comes back by digest (restorableSignOff), and
 * refused while the assessment is approved for launch: reopening comes first and is itself a decision on record.
 */
export function withdrawSignOff(actor: Actor, input: WithdrawInput): void {
  getDb().transaction(
    (tx) => {
      const { role } = requireReviewableAssessment(tx, actor, input.assessmentId);
      const item = itemForReview(tx, input.assessmentId, input.catalogItemId);
      const signOff = item.signOffId ? tx.select().from(itemReviews).where(eq(itemReviews.id, item.signOffId)).get() : undefined;
      if (!signOff) throw new ValidationError('This item has no sign-off in force, so there is nothing to withdraw.');
      if (!mayWithdrawSignOff(actor, role, signOff.reviewerId)) throw new ForbiddenError('Only the reviewer who signed this item off can withdraw the sign-off.');
      const reason = input.reason.trim();
      if (reason.length < 5) throw new ValidationError(WITHDRAW_REASON_MESSAGE, { reason: WITHDRAW_REASON_MESSAGE });
      const now = new Date();
      const digest = digestOfItem(tx, item);
      tx.insert(itemReviews).values({ id: crypto.randomUUID(), assessmentItemId: item.id, assessmentId: input.assessmentId, reviewerId: actor.id, decision: 'withdrawn', comment: reason, digest, at: now }).run();
      tx.update(assessmentItems).set({ signOffId: null, reviewDigest: digest, reviewStateAt: now }).where(eq(assessmentItems.id, item.id)).run();
      tx.insert(itemHistory).values({ assessmentItemId: item.id, assessmentId: input.assessmentId, at: now, actorId: actor.id, field: 'sign-off', oldValue: `Signed off by ${actor.name}`, newValue: `Sign-off withdrawn: ${reason}` }).run();
      appendAudit(tx, {
        action: 'item.sign-off-withdrawn',
        actor,
        target: { type: 'assessment-item', id: item.id },
        details: { assessmentId: input.assessmentId, catalogItemId: item.catalogItemId, reviewId: signOff.id, reason },
      });
    },
    { behavior: 'immediate' },
  );
}

export type ReviewRecord = { id: string; decision: ReviewDecision; comment: string; digest: string; at: Date; reviewerName: string | null; reviewerId: string | null };

/** What the item page shows about review: the sign-off in force, whether an earlier one went stale, and who may sign. */
export function itemReviewState(tx: Executor, actor: Actor, role: string, assessment: Assessment, item: AssessmentItem) {
  const reviews: ReviewRecord[] = tx
    .select({ id: itemReviews.id, decision: itemReviews.decision, comment: itemReviews.comment, digest: itemReviews.digest, at: itemReviews.at, reviewerName: users.name, reviewerId: itemReviews.reviewerId })
    .from(itemReviews)
    .leftJoin(users, eq(users.id, itemReviews.reviewerId))
    .where(eq(itemReviews.assessmentItemId, item.id))
    .orderBy(desc(itemReviews.at), desc(sql`${itemReviews}.rowid`))
    .limit(50)
    .all();
  const current = currentEvidenceOf(tx, item.id);
  const digest = digestOfItem(tx, item);
  const signOff = item.signOffId ? (reviews.find((r) => r.id === item.signOffId) ?? null) : null;
  const lastApproval = reviews.find((r) => r.decision === 'approved') ?? null;
  const latest = reviews[0] ?? null;
  const isReviewer = mayReview(actor, role);
  const conflict = fourEyesConflict(authorsOf(tx, item, current), actor.id);
  const open = assessment.state === 'active' && !assessment.launchApprovedAt && !item.excludedByProfile && !item.removedFromCatalogAt;
  return {
    digest,
    reviews,
    signOff,
    stale: !signOff && lastApproval !== null && lastApproval.digest !== digest && latest?.decision !== 'withdrawn' ? lastApproval : null,
    changesRequested: latest?.decision === 'changes_requested' ? latest : null,
    withdrawn: !signOff && latest?.decision === 'withdrawn' ? latest : null,
    isReviewer,
    // Why this reviewer cannot sign, shown instead of the buttons.
    conflict: isReviewer ? conflict : null,
    canReview: isReviewer && open && isReviewable(item.status) && !signOff && conflict === null,
    canWithdraw: open && signOff !== null && mayWithdrawSignOff(actor, role, signOff.reviewerId),
  };
}

// ---- the reviewer queue ----

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

// ---- launch approval ----

/** What still stands between an assessment and its launch approval. */
export function launchBlockers(tx: Executor, assessmentId: string, today: string, catalog: Catalog = currentCatalog()) {
  const unsigned = tx
    .select({ catalogItemId: assessmentItems.catalogItemId })
    .from(assessmentItems)
    .where(and(eq(assessmentItems.assessmentId, assessmentId), eq(assessmentItems.excludedByProfile, false), isNull(assessmentItems.removedFromCatalogAt), isNull(assessmentItems.signOffId)))
    .all()
    .map((r) => ({ catalogItemId: r.catalogItemId, title: catalog.itemsById.get(r.catalogItemId)?.title ?? r.catalogItemId }));
  const expired = tx
    .select({ name: evidence.name, validUntil: evidence.validUntil, catalogItemId: assessmentItems.catalogItemId })
    .from(evidence)
    .innerJoin(assessmentItems, eq(assessmentItems.id, evidence.assessmentItemId))
    .where(
      and(
        eq(assessmentItems.assessmentId, assessmentId),
        eq(assessmentItems.excludedByProfile, false),
        isNull(assessmentItems.removedFromCatalogAt),
        isNull(evidence.deletedAt),
        isNull(evidence.replacedAt),
        isNotNull(evidence.validUntil),
        lt(evidence.validUntil, today),
      ),
    )
    .all();
  return { unsigned, expired };
}

export function summarizeBlockers(blockers: ReturnType<typeof launchBlockers>): string | null {
  const parts: string[] = [];
  const { unsigned, expired } = blockers;
  if (unsigned.length) {
    const names = unsigned.slice(0, 3).map((u) => `“${u.title}”`).join(', ');
    parts.push(`${unsigned.length} applicable item${unsigned.length === 1 ? ' is' : 's are'} not signed off (${names}${unsigned.length > 3 ? ', …' : ''})`);
  }
  if (expired.length) {
    const names = expired.slice(0, 3).map((e) => `“${e.name}” (valid until ${e.validUntil})`).join(', ');
    parts.push(`${expired.length} piece${expired.length === 1 ? '' : 's'} of evidence ha${expired.length === 1 ? 's' : 've'} expired (${names}${expired.length > 3 ? ', …' : ''})`);
  }
  return parts.length ? `Launch cannot be approved yet: ${parts.join('; ')}.` : null;
}

export function approveLaunch(actor: Actor, assessmentId: string, today: string, comment = ''): void {
  getDb().transaction(
    (tx) => {
      const { assessment, role } = requireReviewableAssessment(tx, actor, assessmentId);
      assertMayReview(actor, role);
      // An acceptance that ran out no longer holds, whether or not a page showed it yet.
      expireRiskAcceptancesIn(tx, today, { assessmentId });
      const blockers = launchBlockers(tx, assessmentId, today);
      const message = summarizeBlockers(blockers);
      if (message) throw new ValidationError(message);
      const now = new Date();
      tx.update(assessments).set({ launchApprovedAt: now, launchApprovedById: actor.id, updatedAt: now }).where(eq(assessments.id, assessmentId)).run();
      tx.insert(launchDecisions).values({ id: crypto.randomUUID(), assessmentId, kind: 'approved', actorId: actor.id, reason: comment, at: now }).run();
      const signed = tx.select({ n: sql<number>`count(*)` }).from(assessmentItems).where(and(eq(assessmentItems.assessmentId, assessmentId), isNotNull(assessmentItems.signOffId))).get()!.n;
      appendAudit(tx, { action: 'assessment.launch-approved', actor, target: { type: 'assessment', id: assessmentId }, details: { appName: assessment.appName, signedItems: signed } });
    },
    { behavior: 'immediate' },
  );
}

/** Withdraws a launch approval so the team can change the assessment again; the reason stays on record. Reviewers and admins only. */
export function reopenAssessment(actor: Actor, assessmentId: string, reason: string, today: string = new Date().toISOString().slice(0, 10)): void {
  getDb().transaction(
    (tx) => {
      const { assessment, role } = requireAssessment(tx, actor, assessmentId, 'read');
      if (!mayReopenLaunch(actor, role)) throw new ForbiddenError('Only the team’s reviewers and admins can reopen an approved assessment: reopening withdraws a reviewer’s decision.');
      if (!assessment.launchApprovedAt) throw new ValidationError('This assessment is not approved for launch, so there is nothing to reopen.');
      if (!reason.trim()) throw new ValidationError('Give a reason for reopening.', { reason: 'Give a reason for reopening.' });
      const now = new Date();
      tx.update(assessments).set({ launchApprovedAt: null, launchApprovedById: null, updatedAt: now }).where(eq(assessments.id, assessmentId)).run();
      tx.insert(launchDecisions).values({ id: crypto.randomUUID(), assessmentId, kind: 'reopened', actorId: actor.id, reason, at: now }).run();
      // Plans published while it was approved now apply; reopening is not authorship, so four eyes do not count it.
      const superseded = supersedeOutdatedPlanEvidence(tx, { assessmentId }, actor.id, { asAuthor: false });
      // Acceptances that ran out while it was approved expire now that it is open again.
      expireRiskAcceptancesIn(tx, today, { assessmentId });
      appendAudit(tx, { action: 'assessment.reopened', actor, target: { type: 'assessment', id: assessmentId }, details: { appName: assessment.appName, reason, supersededEvidence: superseded } });
    },
    { behavior: 'immediate' },
  );
}

/** Sign-off counts and the launch decision history for the checklist page. */
export function launchState(actor: Actor, assessmentId: string, today: string) {
  const db = getDb();
  const { assessment, role } = requireAssessment(db, actor, assessmentId, 'read');
  const decisions = db
    .select({ id: launchDecisions.id, kind: launchDecisions.kind, reason: launchDecisions.reason, at: launchDecisions.at, actorName: users.name })
    .from(launchDecisions)
    .leftJoin(users, eq(users.id, launchDecisions.actorId))
    .where(eq(launchDecisions.assessmentId, assessmentId))
    .orderBy(desc(launchDecisions.at))
    .limit(20)
    .all();
  const approvedBy = assessment.launchApprovedById ? (db.select({ name: users.name }).from(users).where(eq(users.id, assessment.launchApprovedById)).get()?.name ?? null) : null;
  const blockers = launchBlockers(db, assessmentId, today);
  const isReviewer = mayReview(actor, role);
  return {
    approvedAt: assessment.launchApprovedAt,
    approvedBy,
    decisions,
    blockers,
    canApprove: isReviewer && assessment.state === 'active' && !assessment.launchApprovedAt,
    canReopen: !!assessment.launchApprovedAt && mayReopenLaunch(actor, role),
  };
}
