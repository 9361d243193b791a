import { z } from 'zod';
import { itemStatuses } from '@/db/schema';

export const FiltersSchema = z.object({
  status: z.enum(itemStatuses).optional().catch(undefined),
  owner: z.string().max(40).optional().catch(undefined),
  category: z.string().max(60).optional().catch(undefined),
  overdue: z.literal('1').optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
});
export type Filters = z.infer<typeof FiltersSchema>;

export function parseFilters(params: Record<string, string | string[] | undefined>): Filters {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v || undefined]));
  return FiltersSchema.parse(flat);
}

export function hasFilters(f: Filters): boolean {
  return Boolean(f.status || f.owner || f.category || f.overdue || f.q);
}
