import type { ItemStatus } from '@/lib/domain/enums';
import { doneStatuses } from './statuses';

export type ReadinessInput = { category: string; status: ItemStatus; excludedByProfile: boolean; removed: boolean };
export type Progress = { applicable: number; done: number; met: number; notApplicable: number; excluded: number; percent: number };

const empty = (): Progress => ({ applicable: 0, done: 0, met: 0, notApplicable: 0, excluded: 0, percent: 0 });

/** Whole percent, rounded down so 99.6 % never shows as a finished 100 %. */
export function percentOf(done: number, total: number): number {
  return total === 0 ? 100 : Math.floor((done / total) * 100);
}

/**
 * Readiness = items met or justified not-applicable, among the items that apply to this app. Items the profile
 * excludes are counted apart; items removed from the catalog do not count at all.
 */
export function computeReadiness(items: ReadinessInput[]): { overall: Progress; byCategory: Map<string, Progress> } {
  const overall = empty();
  const byCategory = new Map<string, Progress>();
  for (const item of items) {
    if (item.removed) continue;
    const cat = byCategory.get(item.category) ?? empty();
    byCategory.set(item.category, cat);
    for (const p of [overall, cat]) {
      if (item.excludedByProfile) {
        p.excluded += 1;
        continue;
      }
      p.applicable += 1;
      if (doneStatuses.includes(item.status)) p.done += 1;
      if (item.status === 'met') p.met += 1;
      if (item.status === 'not_applicable') p.notApplicable += 1;
    }
  }
  for (const p of [overall, ...byCategory.values()]) p.percent = percentOf(p.done, p.applicable);
  return { overall, byCategory };
}
