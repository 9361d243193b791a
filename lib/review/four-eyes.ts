import type { ItemStatus } from '@/lib/domain/enums';

/** Statuses a reviewer can sign off: the team has made a claim about the item. */
export const reviewableStatuses: readonly ItemStatus[] = ['met', 'partially_met', 'not_met', 'not_applicable'];

export function isReviewable(status: ItemStatus): boolean {
  return reviewableStatuses.includes(status);
}

/** Something a sign-off covers (ADR 009) that this person changed since the item was last signed off. */
export type Contribution = { userId: string | null; what: string };

export type AuthorsOfItem = {
  ownerId: string | null;
  statusSetById: string | null;
  // Whoever accepts a risk vouches for it; signing it off too would approve their own decision.
  riskAcceptorId?: string | null;
  evidenceUploaderIds: (string | null)[];
  // Whoever published a plan version that is current evidence: the plan is their claim.
  planAuthorIds?: (string | null)[];
  contributions?: Contribution[];
};

const whatInWords: Record<string, string> = {
  status: 'changed its status',
  justification: 'changed its justification',
  'gap response': 'changed its gap response',
  'plan or risk acceptance': 'changed its plan or risk acceptance',
  'gap closed by': 'changed its gap date',
  'risk accepted by': 'changed who accepts its risk',
  applicability: 'changed whether it applies',
  evidence: 'changed its evidence',
};

/**
 * Why `reviewerId` may not sign this item off, or null when they may. Everyone who authored the claim is barred:
 * the owner, whoever set the status, anyone whose evidence or plan version is current, and anyone who changed a
 * signed field or the evidence since the last sign-off. Admins get no exception.
 */
export function fourEyesConflict(authors: AuthorsOfItem, reviewerId: string): string | null {
  if (authors.ownerId === reviewerId) return 'You own this item, so someone else has to sign it off.';
  if (authors.statusSetById === reviewerId) return 'You set this item’s status, so someone else has to sign it off.';
  if (authors.riskAcceptorId === reviewerId) return 'You accept this item’s risk, so someone else has to sign it off.';
  if (authors.evidenceUploaderIds.includes(reviewerId)) return 'You added evidence to this item, so someone else has to sign it off.';
  if (authors.planAuthorIds?.includes(reviewerId)) return 'You published a plan version this item relies on, so someone else has to sign it off.';
  const mine = authors.contributions?.find((c) => c.userId === reviewerId);
  if (mine) return `You ${whatInWords[mine.what] ?? 'changed it'} since it was last signed off, so someone else has to sign it off.`;
  return null;
}
