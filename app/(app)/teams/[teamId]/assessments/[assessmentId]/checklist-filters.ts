import { z } from 'zod';
import { itemStatuses } from '@/lib/domain/enums';

export const FiltersSchema = z.object({
  status: z.enum(itemStatuses).optional().catch(undefined),
  owner: z.string().max(40).optional().catch(undefined),
  category: z.string().max(60).optional().catch(undefined),
  overdue: z.literal('1').optional().catch(undefined),
  review: z.enum(['waiting', 'signed', 'stale']).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
});
export type Filters = z.infer<typeof FiltersSchema>;

export function parseFilters(params: Record<string, string | string[] | undefined>): Filters {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v || undefined]));
  return FiltersSchema.parse(flat);
}

export function hasFilters(f: Filters): boolean {
  return Boolean(f.status || f.owner || f.category || f.overdue || f.review || f.q);
}

/** Where the item list starts: filtering lands there, not back at the top of a long page. */
export const RESULTS_ANCHOR = 'items';

export type ReviewFilterRow = { excludedByProfile: boolean; status: string; signedOff: boolean; everSigned: boolean };

/** Sign-off state for the review filter: waiting means claimed (reviewable) and not covered by a sign-off. */
export function matchesReviewFilter(r: ReviewFilterRow, filter: Filters['review']): boolean {
  if (!filter) return true;
  if (r.excludedByProfile) return false;
  if (filter === 'signed') return r.signedOff;
  const waiting = !r.signedOff && ['met', 'partially_met', 'not_met', 'not_applicable'].includes(r.status);
  return filter === 'waiting' ? waiting : waiting && r.everSigned;
}
