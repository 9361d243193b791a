import { describe, expect, it } from 'vitest';
import type { Catalog } from '@/lib/catalog/schema';
import { changesApplicability, planApplicabilityChange, previewFingerprint, type ItemInScope } from './profile-change';

const catalogItems = [
  { id: 'always', title: 'Always applies' },
  { id: 'buckets', title: 'Buckets are private', appliesWhen: { all: ['usesObjectStorage'] } },
  { id: 'connect', title: 'Connect JWT verified', appliesWhen: { all: ['connectApp'] } },
  { id: 'either', title: 'Servers or buckets monitored', appliesWhen: { any: ['runsOwnServers', 'usesObjectStorage'] } },
];
const catalog = { items: catalogItems, itemsById: new Map(catalogItems.map((i) => [i.id, i])) } as unknown as Pick<Catalog, 'items' | 'itemsById'>;
const item = (catalogItemId: string, excludedByProfile: boolean, extra: Partial<ItemInScope> = {}): ItemInScope => ({ catalogItemId, excludedByProfile, removedFromCatalog: false, signOff: null, ...extra });

describe('planApplicabilityChange', () => {
  it('lists items that stop and start applying in catalog order, and the sign-offs that go stale', () => {
    const items = [
      item('either', false, { signOff: { reviewId: 'r2', reviewerName: 'Rita' } }),
      item('connect', true),
      item('buckets', false, { signOff: { reviewId: 'r1', reviewerName: 'Rob' } }),
      item('always', false, { signOff: { reviewId: 'r0', reviewerName: 'Rita' } }),
    ];
    const plan = planApplicabilityChange(items, catalog, { usesObjectStorage: false, connectApp: true });
    expect(plan).toEqual({
      stopApplying: [
        { catalogItemId: 'buckets', title: 'Buckets are private' },
        { catalogItemId: 'either', title: 'Servers or buckets monitored' },
      ],
      startApplying: [{ catalogItemId: 'connect', title: 'Connect JWT verified' }],
      staleSignOffs: [
        { catalogItemId: 'buckets', title: 'Buckets are private', reviewId: 'r1', reviewerName: 'Rob' },
        { catalogItemId: 'either', title: 'Servers or buckets monitored', reviewId: 'r2', reviewerName: 'Rita' },
      ],
    });
    expect(changesApplicability(plan)).toBe(true);
  });

  it('moves nothing when the answers keep every item where it is, and never moves items gone from the catalog', () => {
    const items = [item('always', false), item('buckets', true), item('either', true, { removedFromCatalog: true }), item('not-in-catalog', true)];
    const plan = planApplicabilityChange(items, catalog, { usesObjectStorage: false, runsOwnServers: true });
    expect(plan).toEqual({ stopApplying: [], startApplying: [], staleSignOffs: [] });
    expect(changesApplicability(plan)).toBe(false);
  });
});

describe('previewFingerprint', () => {
  const plan = planApplicabilityChange([item('buckets', false, { signOff: { reviewId: 'r1', reviewerName: 'Rob' } })], catalog, {});
  const base = { assessmentUpdatedAt: 1000, plan, restored: [] };

  it('is stable for the same outcome and changes with anything the person confirmed', () => {
    expect(previewFingerprint(base)).toBe(previewFingerprint({ ...base }));
    expect(previewFingerprint(base)).toMatch(/^[0-9a-f]{64}$/);
    const others = [
      { ...base, assessmentUpdatedAt: 1001 },
      { ...base, plan: { ...plan, staleSignOffs: [{ ...plan.staleSignOffs[0]!, reviewId: 'r9' }] } },
      { ...base, plan: { ...plan, stopApplying: [] } },
      { ...base, restored: [{ catalogItemId: 'connect', reviewId: 'r3' }] },
    ];
    for (const other of others) expect(previewFingerprint(other)).not.toBe(previewFingerprint(base));
  });
});
