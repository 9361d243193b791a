import type { Catalog } from '@/lib/catalog/schema';
import { changedFields, fingerprintFields, itemFingerprint, type Fingerprint, type FingerprintField } from './fingerprint';

export type PinnedItem = { catalogItemId: string; fingerprint: Fingerprint; removed: boolean };
export type UpgradeDiff = {
  added: string[];
  changed: { id: string; fields: FingerprintField[] }[];
  removed: string[];
  unchanged: string[];
};

/** What upgrading an assessment's items to `next` would add, change and remove. */
export function diffAgainstCatalog(pinned: PinnedItem[], next: Catalog): UpgradeDiff {
  const live = pinned.filter((p) => !p.removed);
  const byId = new Map(live.map((p) => [p.catalogItemId, p]));
  const diff: UpgradeDiff = { added: [], changed: [], removed: [], unchanged: [] };
  for (const item of next.items) {
    const before = byId.get(item.id);
    if (!before) {
      diff.added.push(item.id);
      continue;
    }
    const fields = changedFields(before.fingerprint, itemFingerprint(item));
    if (fields.length) diff.changed.push({ id: item.id, fields });
    else diff.unchanged.push(item.id);
  }
  for (const p of live) if (!next.itemsById.has(p.catalogItemId)) diff.removed.push(p.catalogItemId);
  return diff;
}

export function describeChange(version: string, fields: FingerprintField[]): string {
  return `Catalog ${version} changed this item's ${fields.map((f) => fingerprintFields[f]).join(', ')}. Check your answer against the new wording.`;
}
