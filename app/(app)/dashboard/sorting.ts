import { z } from 'zod';

export const teamSortKeys = ['name', 'assessments', 'readiness', 'signed', 'overdue', 'waiting', 'expiring'] as const;
export const assessmentSortKeys = ['app', 'team', 'readiness', 'signed', 'overdue', 'waiting', 'launch'] as const;

export const DashboardQuerySchema = z.object({
  tsort: z.enum(teamSortKeys).catch('name'),
  tdir: z.enum(['asc', 'desc']).catch('asc'),
  asort: z.enum(assessmentSortKeys).catch('readiness'),
  adir: z.enum(['asc', 'desc']).catch('asc'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type DashboardQuery = z.infer<typeof DashboardQuerySchema>;

export function parseDashboardQuery(params: Record<string, string | string[] | undefined>): DashboardQuery {
  return DashboardQuerySchema.parse(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
}

export function compareBy<T>(key: (row: T) => string | number, dir: 'asc' | 'desc') {
  return (a: T, b: T) => {
    const x = key(a);
    const y = key(b);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return dir === 'asc' ? order : -order;
  };
}
