import { and, eq, isNotNull } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { isApplicable } from '@/lib/catalog/applicability';
import { currentCatalog } from '@/lib/catalog/load';
import type { Catalog } from '@/lib/catalog/schema';
import { itemFingerprint, type Fingerprint } from '@/lib/checklist/fingerprint';
import { statusLabels } from '@/lib/checklist/statuses';
import { describeChange, diffAgainstCatalog, type UpgradeDiff } from '@/lib/checklist/upgrade';
import { ValidationError } from '@/lib/errors';
import { getDb } from '../index';
import { assessmentItems, assessments, itemHistory } from '../schema';
import { requireAssessment } from './access';
import { appendAudit } from './audit';
import { syncReviewState } from './reviews';
import type { Executor } from './executor';
import { insertItemsFor, parseProfile } from './assessments';

// Moving an assessment to a newer catalog: the preview, and the upgrade that carries answers over.

function pinnedItems(tx: Executor, assessmentId: string) {
  return tx
    .select({ id: assessmentItems.id, catalogItemId: assessmentItems.catalogItemId, fingerprint: assessmentItems.catalogFingerprint, removed: assessmentItems.removedFromCatalogAt, status: assessmentItems.status, version: assessmentItems.version })
    .from(assessmentItems)
    .where(eq(assessmentItems.assessmentId, assessmentId))
    .all();
}

export function previewCatalogUpgrade(actor: Actor, assessmentId: string, catalog: Catalog = currentCatalog()): { from: string; to: string; diff: UpgradeDiff } {
  const db = getDb();
  const { assessment } = requireAssessment(db, actor, assessmentId, 'assessment.read');
  const pinned = pinnedItems(db, assessmentId).map((p) => ({ catalogItemId: p.catalogItemId, fingerprint: JSON.parse(p.fingerprint) as Fingerprint, removed: p.removed !== null }));
  return { from: assessment.catalogVersion, to: catalog.version, diff: diffAgainstCatalog(pinned, catalog) };
}

/**
 * Moves an assessment to `catalog`: new items are added, answers to unchanged items carry over, changed items
 * that had an answer go back to "in progress" with a note, removed items are kept (marked) for the history.
 */
export function applyCatalogUpgrade(actor: Actor, assessmentId: string, catalog: Catalog = currentCatalog()): UpgradeDiff {
  return getDb().transaction(
    (tx) => {
      const { assessment } = requireAssessment(tx, actor, assessmentId, 'assessment.write');
      if (assessment.catalogVersion === catalog.version) throw new ValidationError(`This assessment already follows catalog ${catalog.version}.`);
      const rows = pinnedItems(tx, assessmentId);
      const diff = diffAgainstCatalog(rows.map((p) => ({ catalogItemId: p.catalogItemId, fingerprint: JSON.parse(p.fingerprint) as Fingerprint, removed: p.removed !== null })), catalog);
      const byCatalogId = new Map(rows.map((r) => [r.catalogItemId, r]));
      const now = new Date();
      const history = (itemId: string, field: string, oldValue: string | null, newValue: string | null) =>
        tx.insert(itemHistory).values({ assessmentItemId: itemId, assessmentId, at: now, actorId: actor.id, field, oldValue, newValue }).run();
      const clearSignOff = (itemId: string, why: string) => {
        const signed = tx.update(assessmentItems).set({ signOffId: null }).where(and(eq(assessmentItems.id, itemId), isNotNull(assessmentItems.signOffId))).run();
        if (signed.changes) history(itemId, 'sign-off', 'Signed off', `Stale: ${why}`);
      };

      // An item removed in an earlier version and back in this one is revived rather than duplicated.
      const revived = diff.added.filter((id) => byCatalogId.has(id));
      const fresh = diff.added.filter((id) => !byCatalogId.has(id));
      insertItemsFor(tx, assessmentId, catalog, parseProfile(assessment), fresh);
      const profile = parseProfile(assessment);
      // A changed `appliesWhen` must move the item in or out of "not applicable by profile" like a profile edit does.
      const excluded = (id: string) => !isApplicable(catalog.itemsById.get(id)!, profile);
      for (const id of revived) {
        const row = byCatalogId.get(id)!;
        tx.update(assessmentItems)
          .set({ removedFromCatalogAt: null, excludedByProfile: excluded(id), catalogFingerprint: JSON.stringify(itemFingerprint(catalog.itemsById.get(id)!)), version: row.version + 1, updatedAt: now })
          .where(eq(assessmentItems.id, row.id))
          .run();
        history(row.id, 'catalog', `Removed`, `Back in catalog ${catalog.version}`);
        // A sign-off from before the removal vouched for wording that may since have changed: it starts unsigned.
        clearSignOff(row.id, `the item is back in catalog ${catalog.version}`);
        syncReviewState(tx, row.id, actor.id);
      }
      for (const change of diff.changed) {
        const row = byCatalogId.get(change.id)!;
        const note = describeChange(catalog.version, change.fields);
        const reopen = row.status !== 'not_started' && row.status !== 'in_progress';
        tx.update(assessmentItems)
          .set({
            catalogFingerprint: JSON.stringify(itemFingerprint(catalog.itemsById.get(change.id)!)),
            catalogNote: note,
            excludedByProfile: excluded(change.id),
            ...(reopen ? { status: 'in_progress' as const, statusSetById: actor.id } : {}),
            version: row.version + 1,
            updatedAt: now,
          })
          .where(eq(assessmentItems.id, row.id))
          .run();
        history(row.id, 'catalog', assessment.catalogVersion, note);
        if (reopen) history(row.id, 'status', statusLabels[row.status], statusLabels.in_progress);
        // The wording a reviewer signed against changed, so the sign-off no longer covers the item.
        clearSignOff(row.id, `catalog ${catalog.version} changed the item`);
        syncReviewState(tx, row.id, actor.id);
      }
      for (const id of diff.removed) {
        const row = byCatalogId.get(id)!;
        tx.update(assessmentItems).set({ removedFromCatalogAt: now, version: row.version + 1, updatedAt: now }).where(eq(assessmentItems.id, row.id)).run();
        history(row.id, 'catalog', assessment.catalogVersion, `Removed in catalog ${catalog.version}; kept here for the record.`);
      }
      tx.update(assessments).set({ catalogVersion: catalog.version, updatedAt: now }).where(eq(assessments.id, assessmentId)).run();
      appendAudit(tx, {
        action: 'assessment.catalog-upgraded',
        actor,
        target: { type: 'assessment', id: assessmentId },
        details: { from: assessment.catalogVersion, to: catalog.version, added: diff.added.length, changed: diff.changed.length, removed: diff.removed.length },
      });
      return diff;
    },
    { behavior: 'immediate' },
  );
}
