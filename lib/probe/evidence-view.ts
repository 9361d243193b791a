import { z } from 'zod';
import { CHECKS } from './checks';
import { checkIds, checkStatuses, type CheckStatus } from './types';

/** How an item's probe evidence reads at a glance, from the verdicts it stores ("tls.protocols=pass;…"). */
export type ProbeVerdict = 'verified' | 'failed' | 'warnings' | 'errors';

export function probeVerdict(outcome: string | null): ProbeVerdict | null {
  if (!outcome) return null;
  const statuses = outcome.split(';').map((pair) => pair.split('=')[1] as CheckStatus);
  if (statuses.includes('fail')) return 'failed';
  if (statuses.includes('error')) return 'errors';
  if (statuses.includes('warn')) return 'warnings';
  return statuses.length > 0 && statuses.every((s) => s === 'pass') ? 'verified' : null;
}

export const verdictLabels: Record<ProbeVerdict, string> = {
  verified: 'Verified by probe',
  failed: 'Probe found a problem',
  warnings: 'Probe: warnings to review',
  errors: 'Probe could not check everything',
};

const StoredCheck = z.object({
  id: z.enum(checkIds),
  status: z.enum(checkStatuses),
  summary: z.string(),
  proof: z.array(z.string()),
});

const StoredItemRecord = z.object({
  version: z.literal(1),
  runId: z.string(),
  target: z.object({ baseUrl: z.string() }),
  finishedAt: z.string(),
  checks: z.array(StoredCheck),
});

export type ProbeEvidenceCheck = z.infer<typeof StoredCheck> & { title: string };
export type ProbeEvidenceDetails = { runId: string; baseUrl: string; finishedAt: string; checks: ProbeEvidenceCheck[] };

/** The readable view of one item's probe evidence, or null when the body is not what a run stores. */
export function parseProbeEvidence(body: string | null): ProbeEvidenceDetails | null {
  if (!body) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return null;
  }
  const parsed = StoredItemRecord.safeParse(raw);
  if (!parsed.success) return null;
  const r = parsed.data;
  return { runId: r.runId, baseUrl: r.target.baseUrl, finishedAt: r.finishedAt, checks: r.checks.map((c) => ({ ...c, title: CHECKS[c.id].title })) };
}
