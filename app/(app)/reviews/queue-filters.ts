import { z } from 'zod';

/** The queue's filters from the query string; anything malformed is ignored rather than failing the page. */
export const QueueFiltersSchema = z.object({
  teamId: z.uuid().optional().catch(undefined),
  assessmentId: z.uuid().optional().catch(undefined),
  category: z.string().regex(/^[a-z0-9-]{1,60}$/).optional().catch(undefined),
});

export function parseQueueFilters(params: Record<string, string | string[] | undefined>) {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v || undefined]));
  return QueueFiltersSchema.parse(flat);
}
