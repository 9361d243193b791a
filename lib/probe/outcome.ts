// What one check found, before the runner stamps it with id, catalog items and duration; and how findings on
// several hosts add up to one status for the check.
import type { CheckStatus } from './types';

export type CheckOutcome = { status: CheckStatus; summary: string; proof: string[] };

export type HostOutcome = CheckOutcome & { host: string };

// A definite finding on one host outranks a host that could not be examined; a skip never hides a pass.
const SEVERITY: CheckStatus[] = ['fail', 'error', 'warn', 'pass', 'skip'];

export function worstStatus(statuses: CheckStatus[]): CheckStatus {
  for (const s of SEVERITY) if (statuses.includes(s)) return s;
  return 'skip';
}

/** One host: its own words. Several: the worst status, the hosts that are not fine named in the summary. */
export function combineHosts(outcomes: HostOutcome[], noun = 'hosts'): CheckOutcome {
  if (outcomes.length === 0) return { status: 'skip', summary: `no ${noun} to check`, proof: [] };
  if (outcomes.length === 1) {
    const [only] = outcomes as [HostOutcome];
    return { status: only.status, summary: only.summary, proof: only.proof.map((l) => `${only.host}: ${l}`) };
  }
  const status = worstStatus(outcomes.map((o) => o.status));
  const notable = outcomes.filter((o) => o.status !== 'pass');
  const summary = notable.length === 0
    ? `All ${outcomes.length} ${noun} pass: ${outcomes[0]!.summary}`
    : notable.map((o) => `${o.host}: ${o.summary}`).join(' ');
  return { status, summary, proof: outcomes.flatMap((o) => o.proof.map((l) => `${o.host}: ${l}`)) };
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
