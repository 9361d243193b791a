import type { ItemStatus } from '@/db/schema';

/** Statuses a reviewer can sign off: the team has made a claim about the item. */
export const reviewableStatuses: readonly ItemStatus[] = ['met', 'partially_met', 'not_met', 'not_applicable'];

export function isReviewable(status: ItemStatus): boolean {
  return reviewableStatuses.includes(status);
}

export type AuthorsOfItem = { ownerId: string | null; statusSetById: string | null; evidenceUploaderIds: (string | null)[] };

/**
 * Why `reviewerId` may not sign this item off, or null when they may. Owner, whoever set the status and anyone
 * whose evidence is current are all authors of the claim; admins get no exception.
 */
export function fourEyesConflict(authors: AuthorsOfItem, reviewerId: string): string | null {
  if (authors.ownerId === reviewerId) return 'You own this item, so someone else has to sign it off.';
  if (authors.statusSetById === reviewerId) return 'You set this item’s status, so someone else has to sign it off.';
  if (authors.evidenceUploaderIds.includes(reviewerId)) return 'You added evidence to this item, so someone else has to sign it off.';
  return null;
}
