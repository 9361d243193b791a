import { createHash } from 'node:crypto';
import type { ItemStatus } from '@/lib/domain/enums';
import { canonicalJson } from '@/lib/audit/chain';

/** Exactly what a reviewer vouches for. Notes, owner and due dates are working data and stay out. */
export type ReviewedState = {
  status: ItemStatus;
  excludedByProfile: boolean;
  // For N/A: why it does not apply. For a gap: the plan or risk acceptance, which is its justification.
  justification: string;
  gapResponse: string | null;
  gapText: string;
  gapDueDate: string | null;
  // Who accepts a risk; absent for everything else.
  riskAcceptedById?: string | null;
  evidence: { id: string; sha256: string | null; supersededAt?: Date | null }[];
};

/** SHA-256 over the canonical JSON of the reviewed state; evidence order does not matter. */
export function reviewDigest(state: ReviewedState): string {
  const evidence = [...state.evidence].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((e) => ({ id: e.id, sha256: e.sha256, superseded: e.supersededAt ? true : undefined }));
  const canonical = canonicalJson({
    v: 1,
    status: state.status,
    excludedByProfile: state.excludedByProfile,
    justification: state.justification,
    gapResponse: state.gapResponse ?? null,
    gapText: state.gapText,
    gapDueDate: state.gapDueDate ?? null,
    ...(state.riskAcceptedById ? { riskAcceptedById: state.riskAcceptedById } : {}),
    evidence,
  });
  // `superseded` and `riskAcceptedById` are left out unless set, so digests signed before they existed stay valid.
  return createHash('sha256').update(canonical).digest('hex');
}
