import { describe, expect, it } from 'vitest';
import type { ItemStatus } from '@/lib/domain/enums';
import { computeReadiness, percentOf, type ReadinessInput } from './readiness';

const item = (status: ItemStatus, extra: Partial<ReadinessInput> = {}): ReadinessInput => ({
  category: 'logging',
  status,
  excludedByProfile: false,
  removed: false,
  ...extra,
});

const many = (n: number, status: ItemStatus, extra: Partial<ReadinessInput> = {}) => Array.from({ length: n }, () => item(status, extra));

describe('percentOf', () => {
  it('is 100 when nothing applies', () => {
    expect(percentOf(0, 0)).toBe(100);
  });

  it('rounds down, so an unfinished checklist never shows 100', () => {
    expect(percentOf(2, 3)).toBe(66);
    expect(percentOf(1, 3)).toBe(33);
    expect(percentOf(199, 200)).toBe(99);
    expect(percentOf(999, 1000)).toBe(99);
    expect(percentOf(1, 200)).toBe(0);
    expect(percentOf(3, 3)).toBe(100);
    expect(percentOf(0, 5)).toBe(0);
  });
});

describe('computeReadiness', () => {
  it('reports an empty checklist as 100 % with nothing applicable', () => {
    const { overall, byCategory } = computeReadiness([]);
    expect(overall).toEqual({ applicable: 0, done: 0, met: 0, notApplicable: 0, excluded: 0, percent: 100 });
    expect(byCategory.size).toBe(0);
  });

  it('counts met and not_applicable as done, and every other status as not done', () => {
    const { overall } = computeReadiness([
      item('met'),
      item('not_applicable'),
      item('not_started'),
      item('in_progress'),
      item('partially_met'),
      item('not_met'),
    ]);
    expect(overall).toEqual({ applicable: 6, done: 2, met: 1, notApplicable: 1, excluded: 0, percent: 33 });
  });

  it.each<ItemStatus>(['not_started', 'in_progress', 'partially_met', 'not_met'])('does not count %s as done', (status) => {
    expect(computeReadiness([item(status)]).overall).toEqual({ applicable: 1, done: 0, met: 0, notApplicable: 0, excluded: 0, percent: 0 });
  });

  it.each<[ItemStatus, { met: number; notApplicable: number }]>([
    ['met', { met: 1, notApplicable: 0 }],
    ['not_applicable', { met: 0, notApplicable: 1 }],
  ])('counts %s as done', (status, counts) => {
    expect(computeReadiness([item(status)]).overall).toEqual({ applicable: 1, done: 1, excluded: 0, percent: 100, ...counts });
  });

  it('counts items excluded by the profile apart, whatever their status, and not as applicable', () => {
    const { overall, byCategory } = computeReadiness([
      item('met', { excludedByProfile: true }),
      item('not_started', { excludedByProfile: true }),
      item('not_applicable', { excludedByProfile: true }),
      item('met'),
      item('not_started'),
    ]);
    expect(overall).toEqual({ applicable: 2, done: 1, met: 1, notApplicable: 0, excluded: 3, percent: 50 });
    expect(byCategory.get('logging')).toEqual(overall);
  });

  it('ignores items removed from the catalog entirely, even if also excluded', () => {
    const { overall, byCategory } = computeReadiness([
      item('met', { removed: true }),
      item('not_started', { removed: true }),
      item('met', { removed: true, excludedByProfile: true }),
      item('not_started', { category: 'cryptography', removed: true }),
      item('in_progress'),
    ]);
    expect(overall).toEqual({ applicable: 1, done: 0, met: 0, notApplicable: 0, excluded: 0, percent: 0 });
    // A category whose only items were removed does not appear at all.
    expect([...byCategory.keys()]).toEqual(['logging']);
  });

  it('computes numbers per category alongside the overall figure', () => {
    const { overall, byCategory } = computeReadiness([
      item('met', { category: 'logging' }),
      item('met', { category: 'logging' }),
      item('not_met', { category: 'logging' }),
      item('not_applicable', { category: 'sdlc' }),
      item('in_progress', { category: 'sdlc', excludedByProfile: true }),
      item('met', { category: 'sdlc', removed: true }),
      item('not_started', { category: 'cryptography', excludedByProfile: true }),
    ]);
    expect(overall).toEqual({ applicable: 4, done: 3, met: 2, notApplicable: 1, excluded: 2, percent: 75 });
    expect(byCategory.get('logging')).toEqual({ applicable: 3, done: 2, met: 2, notApplicable: 0, excluded: 0, percent: 66 });
    expect(byCategory.get('sdlc')).toEqual({ applicable: 1, done: 1, met: 0, notApplicable: 1, excluded: 1, percent: 100 });
    // Every item of the category is excluded: nothing applies there, which reads as 100 %.
    expect(byCategory.get('cryptography')).toEqual({ applicable: 0, done: 0, met: 0, notApplicable: 0, excluded: 1, percent: 100 });
    expect([...byCategory.keys()].sort()).toEqual(['cryptography', 'logging', 'sdlc']);
  });

  it('floors: 2 of 3 is 66 and 199 of 200 is 99, never 100', () => {
    expect(computeReadiness([...many(2, 'met'), item('not_started')]).overall.percent).toBe(66);
    const { overall, byCategory } = computeReadiness([...many(199, 'met'), item('partially_met')]);
    expect(overall).toMatchObject({ applicable: 200, done: 199, percent: 99 });
    expect(byCategory.get('logging')?.percent).toBe(99);
    expect(computeReadiness([...many(200, 'met')]).overall.percent).toBe(100);
  });

  it('does not share Progress objects between overall and categories', () => {
    const { overall, byCategory } = computeReadiness([item('met', { category: 'a' }), item('not_met', { category: 'b' })]);
    expect(overall).toMatchObject({ applicable: 2, done: 1, percent: 50 });
    expect(byCategory.get('a')).toMatchObject({ applicable: 1, done: 1, percent: 100 });
    expect(byCategory.get('b')).toMatchObject({ applicable: 1, done: 0, percent: 0 });
  });
});
