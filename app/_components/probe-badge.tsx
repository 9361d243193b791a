import { probeVerdict, verdictLabels } from '@/lib/probe/evidence-view';

/** "Verified by probe, 2026-12-02" (or what the probe found) beside an item; nothing when no probe looked at it. */
export function ProbeBadge({ outcome, at }: { outcome: string | null; at: Date | string | null }) {
  const verdict = probeVerdict(outcome);
  if (!verdict || !at) return null;
  const day = (typeof at === 'string' ? at : at.toISOString()).slice(0, 10);
  return (
    <span className={`badge probe-badge probe-${verdict}`}>
      {verdictLabels[verdict]}, {day}
    </span>
  );
}
