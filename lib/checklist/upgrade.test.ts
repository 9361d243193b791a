import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG_DIR, loadCatalog } from '@/lib/catalog/load';
import type { Catalog, CatalogItem } from '@/lib/catalog/schema';
import { changedFields, fingerprintFields, itemFingerprint } from './fingerprint';
import { describeChange, diffAgainstCatalog, type PinnedItem } from './upgrade';

const V2_DIR = path.join(import.meta.dirname, 'fixtures', 'catalog-v2');
const v1 = loadCatalog(CATALOG_DIR);
const v2 = loadCatalog(V2_DIR);

const pin = (catalog: Catalog): PinnedItem[] => catalog.items.map((i) => ({ catalogItemId: i.id, fingerprint: itemFingerprint(i), removed: false }));
const get = (catalog: Catalog, id: string): CatalogItem => {
  const item = catalog.itemsById.get(id);
  if (!item) throw new Error(`no item ${id}`);
  return item;
};

const ADDED = 'sdlc-sbom-published';
const REMOVED = 'sdlc-vulnerability-intake-and-fix-timelines';

describe('the v2 fixture', () => {
  it('is catalog 1.1.0 with one item added and one removed', () => {
    expect(v1.version).toBe('1.0.0');
    expect(v2.version).toBe('1.1.0');
    expect(v2.items).toHaveLength(v1.items.length);
    expect(v2.itemsById.has(ADDED)).toBe(true);
    expect(v2.itemsById.has(REMOVED)).toBe(false);
    expect(v1.itemsById.has(ADDED)).toBe(false);
    expect(v1.itemsById.has(REMOVED)).toBe(true);
    expect(get(v2, ADDED)).toMatchObject({ origin: 'added', category: 'sdlc' });
    expect('seedRef' in get(v2, ADDED)).toBe(false);
    expect(get(v2, ADDED).acceptanceCriteria.map((c) => c.id)).toEqual(['ac1', 'ac2', 'ac3']);
  });
});

describe('diffAgainstCatalog', () => {
  it('finds exactly the added, removed and changed items between v1 and v2', () => {
    const diff = diffAgainstCatalog(pin(v1), v2);
    expect(diff.added).toEqual([ADDED]);
    expect(diff.removed).toEqual([REMOVED]);
    // Catalog order: authentication-and-authorization comes before data-storage.
    expect(diff.changed).toEqual([
      { id: 'authn-every-request', fields: ['acceptanceCriteria'] },
      { id: 'secrets-rotated', fields: ['title'] },
    ]);
    const expectedUnchanged = v2.items.map((i) => i.id).filter((id) => ![ADDED, 'authn-every-request', 'secrets-rotated'].includes(id));
    expect(diff.unchanged).toEqual(expectedUnchanged);
    expect(diff.unchanged).toHaveLength(v2.items.length - 3);
  });

  it('reports nothing to do when a catalog is diffed against itself', () => {
    const diff = diffAgainstCatalog(pin(v2), v2);
    expect(diff).toEqual({ added: [], changed: [], removed: [], unchanged: v2.items.map((i) => i.id) });
  });

  it('does not report an item removed earlier as removed again', () => {
    const pinned = pin(v1).map((p) => (p.catalogItemId === REMOVED ? { ...p, removed: true } : p));
    const diff = diffAgainstCatalog(pinned, v2);
    expect(diff.removed).toEqual([]);
    expect(diff.added).toEqual([ADDED]);
    expect(diff.changed.map((c) => c.id)).toEqual(['authn-every-request', 'secrets-rotated']);
  });

  it('lists an item removed earlier that is back in the catalog as added', () => {
    // Pinned against v2 (so the SBOM item exists), with the vulnerability-intake item marked removed; v1 has it again.
    const pinned: PinnedItem[] = [
      ...pin(v2),
      { catalogItemId: REMOVED, fingerprint: itemFingerprint(get(v1, REMOVED)), removed: true },
    ];
    const diff = diffAgainstCatalog(pinned, v1);
    expect(diff.added).toEqual([REMOVED]);
    expect(diff.removed).toEqual([ADDED]);
    expect(diff.changed).toEqual([
      { id: 'authn-every-request', fields: ['acceptanceCriteria'] },
      { id: 'secrets-rotated', fields: ['title'] },
    ]);
  });

  it('lists every changed field of an item, in fingerprint field order', () => {
    const base = get(v1, 'secrets-rotated');
    const edited: CatalogItem = { ...base, severity: 'high', why: `${base.why} More.`, title: 'Another title' };
    const next: Catalog = { ...v1, items: [edited], itemsById: new Map([[edited.id, edited]]) };
    const diff = diffAgainstCatalog([{ catalogItemId: base.id, fingerprint: itemFingerprint(base), removed: false }], next);
    expect(diff.changed).toEqual([{ id: 'secrets-rotated', fields: ['title', 'why', 'severity'] }]);
  });
});

describe('itemFingerprint', () => {
  const base = get(v1, 'authn-every-request');

  it('hashes each fingerprint field to 16 hex characters', () => {
    const fp = itemFingerprint(base);
    expect(Object.keys(fp)).toEqual(Object.keys(fingerprintFields));
    for (const value of Object.values(fp)) expect(value).toMatch(/^[0-9a-f]{16}$/);
    expect(itemFingerprint({ ...base })).toEqual(fp);
  });

  it('ignores references, id, origin, seedRef and category', () => {
    const fp = itemFingerprint(base);
    expect(itemFingerprint({ ...base, references: [{ standard: 'Other', id: 'X-1', title: 'Something else' }] })).toEqual(fp);
    expect(itemFingerprint({ ...base, id: 'authn-renamed' })).toEqual(fp);
    expect(itemFingerprint({ ...base, origin: 'added', seedRef: undefined })).toEqual(fp);
    expect(itemFingerprint({ ...base, category: 'logging' })).toEqual(fp);
  });

  it('changes with each fingerprinted field', () => {
    const fp = itemFingerprint(base);
    expect(changedFields(fp, itemFingerprint({ ...base, verify: 'Something else.' }))).toEqual(['verify']);
    expect(changedFields(fp, itemFingerprint({ ...base, expectedEvidence: ['Only this'] }))).toEqual(['expectedEvidence']);
    expect(changedFields(fp, itemFingerprint({ ...base, appliesWhen: { all: ['connectApp'] } }))).toEqual(['appliesWhen']);
    expect(changedFields(fp, itemFingerprint({ ...base, severity: 'low' }))).toEqual(['severity']);
    // Reordering acceptance criteria or renumbering one counts as a change.
    expect(changedFields(fp, itemFingerprint({ ...base, acceptanceCriteria: [...base.acceptanceCriteria].reverse() }))).toEqual(['acceptanceCriteria']);
    const renumbered = base.acceptanceCriteria.map((c, i) => (i === 0 ? { ...c, id: 'ac9' } : c));
    expect(changedFields(fp, itemFingerprint({ ...base, acceptanceCriteria: renumbered }))).toEqual(['acceptanceCriteria']);
  });

  it('does not depend on the key order of an object', () => {
    const when = { appliesWhen: { all: ['usesObjectStorage'], any: ['runsOwnServers'] } };
    const swapped = { appliesWhen: { any: ['runsOwnServers'], all: ['usesObjectStorage'] } };
    expect(itemFingerprint({ ...base, ...when })).toEqual(itemFingerprint({ ...base, ...swapped }));
  });
});

describe('describeChange', () => {
  it('names the version and the changed fields in words', () => {
    expect(describeChange('1.1.0', ['title'])).toBe("Catalog 1.1.0 changed this item's title. Check your answer against the new wording.");
    expect(describeChange('2.0.0', ['acceptanceCriteria', 'appliesWhen', 'why'])).toBe(
      "Catalog 2.0.0 changed this item's acceptance criteria, when it applies, why it matters. Check your answer against the new wording.",
    );
  });

  it('describes the v1 → v2 changes', () => {
    const diff = diffAgainstCatalog(pin(v1), v2);
    expect(diff.changed.map((c) => describeChange(v2.version, c.fields))).toEqual([
      "Catalog 1.1.0 changed this item's acceptance criteria. Check your answer against the new wording.",
      "Catalog 1.1.0 changed this item's title. Check your answer against the new wording.",
    ]);
  });
});
