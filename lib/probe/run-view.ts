import type { ProbeRunState } from '@/lib/domain/enums';
import type { CheckResult } from './types';

/** A probe run as the page and its watcher see it. `Date` on the server, ISO strings once sent to the browser. */
export type ProbeRunView<D = Date> = {
  id: string;
  state: ProbeRunState;
  startedAt: D;
  finishedAt: D | null;
  startedByName: string | null;
  total: number;
  checks: CheckResult[];
  passed: number;
  failed: number;
  errorMessage: string | null;
  resultSha256: string | null;
};
