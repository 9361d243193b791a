import { and, desc, eq, gte, isNull, sql } from 'drizzle-orm';
import { reviewDigest } from '@/lib/review/digest';
import { fourEyesConflict, isReviewable, type AuthorsOfItem, type Contribution } from '@/lib/review/four-eyes';
import { assessmentItems, assessments, evidence, itemHistory, itemReviews, planVersions, reviewContributions, users, type Assessment, type AssessmentItem, type ReviewDecision } from '../schema';
import { teamRole, lockOf } from './access';
import { can, reviewsForTeam, type PermissionActor } from '@/lib/permissions';
import { appendAudit } from './audit';
import type { Executor } from './executor';

/** Evidence a sign-off covers: the latest revision of everything not deleted. */
export function currentEvidenceOf(tx: Executor, itemId: string) {
  return tx
    .select({ id: evidence.id, kind: evidence.kind, lineageId: evidence.lineageId, probeOutcome: evidence.probeOutcome, name: evidence.name, sha256: evidence.sha256, uploadedById: evidence.uploadedById, validUntil: evidence.validUntil, supersededAt: evidence.supersededAt, planAuthorId: planVersions.publishedById })
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
export function authorsOf(tx: Executor, item: AssessmentItem, current: ReturnType<typeof currentEvidenceOf>): AuthorsOfItem {
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

/**
 * What a sign-off covers of one piece of evidence. Probe evidence is covered by its lineage and its verdicts, not
 * by the run's id and hash: a nightly re-run that finds the same leaves the sign-off standing, and a check that
 * newly fails makes it stale.
 */
function digestEntry(e: ReturnType<typeof currentEvidenceOf>[number]) {
  if (e.kind === 'probe') return { id: e.lineageId ?? e.id, sha256: `probe:${e.probeOutcome ?? ''}`, supersededAt: null };
  return { id: e.id, sha256: e.sha256, supersededAt: e.supersededAt };
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
    evidence: currentEvidenceOf(tx, item.id).map(digestEntry),
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
  if (!assessment) return null;
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
  // The signer would have to be allowed to sign it now: still a reviewer, and the assessment open for decisions.
  const signerStanding = { id: signer.id, isAdmin: signer.isAdmin, role: teamRole(tx, signer, assessment.teamId) };
  if (!can(signerStanding, 'item.review', { kind: 'assessment', lock: lockOf(assessment) })) return null;
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

export type ReviewRecord = { id: string; decision: ReviewDecision; comment: string; digest: string; at: Date; reviewerName: string | null; reviewerId: string | null };

/** What the item page shows about review: the sign-off in force, whether an earlier one went stale, and who may sign. */
export function itemReviewState(tx: Executor, actor: PermissionActor, assessment: Assessment, item: AssessmentItem) {
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
  const isReviewer = reviewsForTeam(actor);
  const conflict = fourEyesConflict(authorsOf(tx, item, current), actor.id);
  const lock = lockOf(assessment);
  const applies = !item.excludedByProfile && !item.removedFromCatalogAt;
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
    canReview: applies && can(actor, 'item.review', { kind: 'assessment', lock }) && isReviewable(item.status) && !signOff && conflict === null,
    canWithdraw: applies && signOff !== null && can(actor, 'sign-off.withdraw', { kind: 'sign-off', lock, signerId: signOff.reviewerId }),
  };
}

