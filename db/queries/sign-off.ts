import { and, eq } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { statusLabels } from '@/lib/checklist/statuses';
import { ForbiddenError, NotFoundError, ValidationError } from '@/lib/errors';
import { fourEyesConflict, isReviewable } from '@/lib/review/four-eyes';
import { getDb } from '../index';
import { assessmentItems, itemHistory, itemReviews, reviewContributions, type Assessment, type AssessmentItem } from '../schema';
import { enforce, lockOf, requireAssessment } from './access';
import { appendAudit } from './audit';
import type { Executor } from './executor';
import { currentEvidenceOf, digestOfItem, authorsOf, syncReviewState } from './reviews';
import { announceItemSignedOff } from './webhooks';
import { openOrWhyNot, type PermissionActor } from '@/lib/permissions';

// Review decisions on one item: sign-off, change request, withdrawal. Each is checked and written in one transaction.

/**
 * An assessment open for review decisions. Outsiders get not-found; a lock (archived, approved) is reported before
 * the role, so a reviewer learns why no decision is possible now.
 */
function requireReviewableAssessment(tx: Executor, actor: Actor, assessmentId: string): { assessment: Assessment; standing: PermissionActor } {
  const { assessment, standing } = requireAssessment(tx, actor, assessmentId, 'assessment.read');
  const open = openOrWhyNot(lockOf(assessment));
  if (!open.allowed) throw new ValidationError(open.message);
  return { assessment, standing };
}

/** The reviewer role, asked once the more specific refusals (lock, four eyes) have had their say. */
function assertMayReview(actor: Actor, standing: PermissionActor, assessment: Assessment): void {
  enforce(actor, standing, 'item.review', { kind: 'assessment', lock: lockOf(assessment) }, { type: 'assessment', id: assessment.id });
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
      const { assessment, standing } = requireReviewableAssessment(tx, actor, input.assessmentId);
      const item = itemForReview(tx, input.assessmentId, input.catalogItemId);
      const current = currentEvidenceOf(tx, item.id);
      // Four eyes first: it is the most specific answer for anyone who worked on the item.
      const conflict = fourEyesConflict(authorsOf(tx, item, current), actor.id);
      if (conflict) throw new ForbiddenError(conflict);
      assertMayReview(actor, standing, assessment);
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
      announceItemSignedOff(tx, { assessment, catalogItemId: item.catalogItemId, actor, at: now });
      return { reviewId };
    },
    { behavior: 'immediate' },
  );
}

/** Sends an item back to the team: status returns to in progress and the comment is shown on the item. */
export function requestChanges(actor: Actor, input: ReviewInput): { reviewId: string } {
  return getDb().transaction(
    (tx) => {
      const { assessment, standing } = requireReviewableAssessment(tx, actor, input.assessmentId);
      assertMayReview(actor, standing, assessment);
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
      const { assessment, standing } = requireReviewableAssessment(tx, actor, input.assessmentId);
      const item = itemForReview(tx, input.assessmentId, input.catalogItemId);
      const signOff = item.signOffId ? tx.select().from(itemReviews).where(eq(itemReviews.id, item.signOffId)).get() : undefined;
      if (!signOff) throw new ValidationError('This item has no sign-off in force, so there is nothing to withdraw.');
      enforce(actor, standing, 'sign-off.withdraw', { kind: 'sign-off', lock: lockOf(assessment), signerId: signOff.reviewerId }, { type: 'assessment-item', id: item.id });
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

