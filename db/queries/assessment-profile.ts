import { eq } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { notApplicableReason } from '@/lib/catalog/applicability';
import { currentCatalog } from '@/lib/catalog/load';
import type { Catalog } from '@/lib/catalog/schema';
import { changesApplicability, planApplicabilityChange, previewFingerprint, type ApplicabilityPlan, type ItemRef } from '@/lib/checklist/profile-change';
import { ConflictError } from '@/lib/errors';
import { getDb } from '../index';
import { assessmentItems, assessments, itemHistory, itemReviews, users, type Assessment } from '../schema';
import { requireAssessment } from './access';
import { appendAudit } from './audit';
import { digestOfItem, recordContribution, restorableSignOff, syncReviewState } from './reviews';
import type { Executor } from './executor';
import { effectiveProfile, type AssessmentInput } from './assessments';

// Changing an assessment's details and profile: the preview of what moves, and the save that moves it.

type ProfileChangePreview = ApplicabilityPlan & {
  /** Items that start applying again in the very state a reviewer signed: their sign-off comes back. */
  restoredSignOffs: (ItemRef & { reviewerName: string })[];
  changesApplicability: boolean;
  fingerprint: string;
};

/** What saving `input` would do to the items, computed inside the caller's transaction. */
function computeProfileChange(tx: Executor, actor: Actor, assessment: Assessment, input: AssessmentInput, catalog: Catalog) {
  const items = tx
    .select({ item: assessmentItems, reviewerName: users.name })
    .from(assessmentItems)
    .leftJoin(itemReviews, eq(itemReviews.id, assessmentItems.signOffId))
    .leftJoin(users, eq(users.id, itemReviews.reviewerId))
    .where(eq(assessmentItems.assessmentId, assessment.id))
    .all();
  const plan = planApplicabilityChange(
    items.map(({ item, reviewerName }) => ({
      catalogItemId: item.catalogItemId,
      excludedByProfile: item.excludedByProfile,
      removedFromCatalog: item.removedFromCatalogAt !== null,
      signOff: item.signOffId ? { reviewId: item.signOffId, reviewerName } : null,
    })),
    catalog,
    effectiveProfile(input.appKind, input.profile),
  );
  const byCatalogId = new Map(items.map(({ item }) => [item.catalogItemId, item]));
  // The save records the actor as having changed applicability before it re-checks the sign-off, so count them here too.
  const pending = [{ userId: actor.id, what: 'applicability' }];
  const restoredSignOffs = plan.startApplying.flatMap((ref) => {
    const applying = { ...byCatalogId.get(ref.catalogItemId)!, excludedByProfile: false };
    const restored = restorableSignOff(tx, applying, digestOfItem(tx, applying), pending);
    return restored ? [{ ...ref, reviewId: restored.reviewId, reviewerName: restored.reviewerName }] : [];
  });
  const fingerprint = previewFingerprint({ assessmentUpdatedAt: (assessment.updatedAt ?? assessment.createdAt).getTime(), plan, restored: restoredSignOffs });
  return { plan, restoredSignOffs, byCatalogId, fingerprint };
}

/**
 * What saving these settings would do, for the person to confirm first: the items that stop and start applying,
 * the sign-offs that go stale and those that come back. Only someone who may save may ask.
 */
export function previewAssessmentChange(actor: Actor, assessmentId: string, input: AssessmentInput, catalog: Catalog = currentCatalog()): ProfileChangePreview {
  const db = getDb();
  const { assessment } = requireAssessment(db, actor, assessmentId, 'assessment.write');
  const { plan, restoredSignOffs, fingerprint } = computeProfileChange(db, actor, assessment, input, catalog);
  return { ...plan, restoredSignOffs: restoredSignOffs.map(({ catalogItemId, title, reviewerName }) => ({ catalogItemId, title, reviewerName })), changesApplicability: changesApplicability(plan), fingerprint };
}

export const OUTDATED_PREVIEW_MESSAGE = 'The assessment changed since you saw what saving would do, so nothing was saved. Check the new preview and confirm again.';

/**
 * Changes app details and profile answers; items move in and out of "not applicable by profile" to match.
 * With `expectedFingerprint` (the server action always sends the one its preview showed), the save is refused
 * when the preview no longer describes what would happen: someone changed the assessment, or an item it lists was
 * signed off or moved, between preview and confirmation. A fingerprint of the outcome rather than a bare
 * `updatedAt` also catches sign-offs given meanwhile, which do not touch the assessment row, and it raises no
 * conflict for changes that leave the outcome alone.
 */
export function updateAssessment(
  actor: Actor,
  assessmentId: string,
  input: AssessmentInput,
  catalog: Catalog = currentCatalog(),
  options: { expectedFingerprint?: string } = {},
): { included: number; excluded: number; restored: number } {
  return getDb().transaction(
    (tx) => {
      const { assessment } = requireAssessment(tx, actor, assessmentId, 'assessment.write');
      const profile = effectiveProfile(input.appKind, input.profile);
      const { plan, byCatalogId, fingerprint } = computeProfileChange(tx, actor, assessment, input, catalog);
      if (options.expectedFingerprint !== undefined && options.expectedFingerprint !== fingerprint) throw new ConflictError(OUTDATED_PREVIEW_MESSAGE);
      tx.update(assessments)
        .set({ appName: input.appName, appKind: input.appKind, baseUrl: input.baseUrl, targetLaunchDate: input.targetLaunchDate, profile: JSON.stringify(input.profile), updatedAt: new Date() })
        .where(eq(assessments.id, assessmentId))
        .run();
      const now = new Date();
      let restored = 0;
      const moves = [...plan.stopApplying.map((ref) => ({ ref, exclude: true })), ...plan.startApplying.map((ref) => ({ ref, exclude: false }))];
      for (const { ref, exclude } of moves) {
        const item = byCatalogId.get(ref.catalogItemId)!;
        const catalogItem = catalog.itemsById.get(item.catalogItemId)!;
        tx.update(assessmentItems).set({ excludedByProfile: exclude, version: item.version + 1, updatedAt: now, updatedById: actor.id }).where(eq(assessmentItems.id, item.id)).run();
        tx.insert(itemHistory)
          .values({
            assessmentItemId: item.id,
            assessmentId,
            at: now,
            actorId: actor.id,
            field: 'applicability',
            oldValue: item.excludedByProfile ? 'Not applicable (profile)' : 'Applies',
            newValue: exclude ? `Not applicable (profile): ${notApplicableReason(catalogItem, profile, catalog.profileQuestions)}` : 'Applies',
          })
          .run();
        recordContribution(tx, item.id, actor.id, 'applicability');
        syncReviewState(tx, item.id, actor.id);
        if (!exclude && tx.select({ signOffId: assessmentItems.signOffId }).from(assessmentItems).where(eq(assessmentItems.id, item.id)).get()?.signOffId) restored += 1;
      }
      const included = plan.startApplying.length;
      const excluded = plan.stopApplying.length;
      appendAudit(tx, {
        action: 'assessment.updated',
        actor,
        target: { type: 'assessment', id: assessmentId },
        details: { appName: input.appName, profileChanged: assessment.profile !== JSON.stringify(input.profile), included, excluded, ...(restored ? { restoredSignOffs: restored } : {}) },
      });
      return { included, excluded, restored };
    },
    { behavior: 'immediate' },
  );
}

