import type { Actor } from '@/lib/auth/actor';
import { NotFoundError } from '@/lib/errors';

/** Admin-only operations look absent to everyone else, like any record that is not theirs. */
export function assertAdmin(actor: Actor): void {
  if (!actor.isAdmin) throw new NotFoundError().deniedTo({ actor, targetType: 'admin-function', targetId: 'admin' });
}
