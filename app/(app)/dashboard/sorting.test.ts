import { describe, expect, it } from 'vitest';
import { parseQueueFilters } from '../reviews/queue-filters';
import { compareBy, parseDashboardQuery } from './sorting';

describe('query strings of the dashboard and the review queue', () => {
  it('turns unknown or malformed values into the defaults instead of failing the page', () => {
    expect(parseDashboardQuery({ tsort: 'password', tdir: 'sideways', asort: ['team', 'app'], adir: 'desc', page: '-3' })).toEqual({ tsort: 'name', tdir: 'asc', asort: 'team', adir: 'desc', page: 1 });
    expect(parseDashboardQuery({ page: '1e9' }).page).toBe(1);
    expect(parseDashboardQuery({}).asort).toBe('readiness');
    expect(parseQueueFilters({ teamId: "x' or 1=1 --", assessmentId: '9b1f0c52-3c4e-4b7e-9a55-0e4f6d2a1b3c', category: '../etc' })).toEqual({ teamId: undefined, assessmentId: '9b1f0c52-3c4e-4b7e-9a55-0e4f6d2a1b3c', category: undefined });
  });

  it('sorts numbers numerically and text alphabetically, both ways', () => {
    const rows = [{ n: 10, s: 'b' }, { n: 9, s: 'a' }, { n: -1, s: 'c' }];
    expect([...rows].sort(compareBy((r) => r.n, 'asc')).map((r) => r.n)).toEqual([-1, 9, 10]);
    expect([...rows].sort(compareBy((r) => r.s, 'desc')).map((r) => r.s)).toEqual(['c', 'b', 'a']);
  });
});
