import type { Actor } from '@/lib/auth/actor';

/**
 * Who may make and undo review decisions. Each rule is one predicate that the data layer enforces and the page
 * only asks, so the check and the button can never disagree. `role` is the actor's role on the team, if any.
 */

/** Reviewers of the team and admins sign items off and approve launches. */
export function mayReview(actor: Pick<Actor, 'isAdmin'>, role: string | null): boolean {
  return role === 'reviewer' || actor.isAdmin;
}

/**
 * Reopening withdraws a reviewer's launch approval, so it is a review decision too: the same people who may
 * approve may reopen, and members may not undo what a reviewer decided.
 */
export function mayReopenLaunch(actor: Pick<Actor, 'isAdmin'>, role: string | null): boolean {
  return mayReview(actor, role);
}

/** A sign-off is withdrawn only by the person who gave it, and only while they still review for the team. */
export function mayWithdrawSignOff(actor: Pick<Actor, 'id' | 'isAdmin'>, role: string | null, signerId: string | null): boolean {
  return signerId !== null && signerId === actor.id && mayReview(actor, role);
}
