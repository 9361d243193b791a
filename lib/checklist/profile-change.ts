import { createHash } from 'node:crypto';
import { canonicalJson } from '@/lib/audit/chain';
import { isApplicable, type ProfileAnswers } from '@/lib/catalog/applicability';
import type { Catalog } from '@/lib/catalog/schema';

/** An assessment item as far as a profile change concerns it. */
export type ItemInScope = {
  catalogItemId: string;
  excludedByProfile: boolean;
  removedFromCatalog: boolean;
  /** The sign-off in force, if any: it goes stale when the item stops applying. */
  signOff: { reviewId: string; reviewerName: string | null } | null;
};

export type ItemRef = { catalogItemId: string; title: string };
export type StaleSignOff = ItemRef & { reviewId: string; reviewerName: string | null };

export type ApplicabilityPlan = {
  stopApplying: ItemRef[];
  startApplying: ItemRef[];
  staleSignOffs: StaleSignOff[];
};

/**
 * Which items new profile answers move out of and into "not applicable by profile", and which sign-offs that
 * costs. The one rule both the preview and the save follow. Items gone from the catalog are kept only for the
 * record and never move. Lists follow catalog order, so the preview reads like the checklist.
 */
export function planApplicabilityChange(items: ItemInScope[], catalog: Pick<Catalog, 'items' | 'itemsById'>, profile: ProfileAnswers): ApplicabilityPlan {
  const order = new Map(catalog.items.map((item, index) => [item.id, index]));
  const moving = items
    .filter((item) => !item.removedFromCatalog && catalog.itemsById.has(item.catalogItemId))
    .map((item) => ({ item, exclude: !isApplicable(catalog.itemsById.get(item.catalogItemId)!, profile) }))
    .filter(({ item, exclude }) => exclude !== item.excludedByProfile)
    .sort((a, b) => order.get(a.item.catalogItemId)! - order.get(b.item.catalogItemId)!);
  const ref = (item: ItemInScope): ItemRef => ({ catalogItemId: item.catalogItemId, title: catalog.itemsById.get(item.catalogItemId)!.title });
  return {
    stopApplying: moving.filter((m) => m.exclude).map((m) => ref(m.item)),
    startApplying: moving.filter((m) => !m.exclude).map((m) => ref(m.item)),
    staleSignOffs: moving.flatMap(({ item, exclude }) => (exclude && item.signOff ? [{ ...ref(item), ...item.signOff }] : [])),
  };
}

export function changesApplicability(plan: ApplicabilityPlan): boolean {
  return plan.stopApplying.length > 0 || plan.startApplying.length > 0;
}

/**
 * Names exactly what a person confirmed: the assessment as it stood (its last update) and every item that moves,
 * with the sign-offs that go stale or come back. The save recomputes it and refuses when it differs, so nobody
 * applies a preview that no longer describes what would happen.
 */
export function previewFingerprint(input: { assessmentUpdatedAt: number; plan: ApplicabilityPlan; restored: { catalogItemId: string; reviewId: string }[] }): string {
  const canonical = canonicalJson({
    v: 1,
    updatedAt: input.assessmentUpdatedAt,
    stop: input.plan.stopApplying.map((i) => i.catalogItemId),
    start: input.plan.startApplying.map((i) => i.catalogItemId),
    stale: input.plan.staleSignOffs.map((i) => [i.catalogItemId, i.reviewId]),
    restored: input.restored.map((i) => [i.catalogItemId, i.reviewId]),
  });
  return createHash('sha256').update(canonical).digest('hex');
}
