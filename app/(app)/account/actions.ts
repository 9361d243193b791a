'use server';

import { cookies } from 'next/headers';
import { parseInput, runAction, type ActionResult } from '@/app/_server/action-result';
import { changeOwnPassword } from '@/db/auth/change-password';
import { SESSION_COOKIE } from '@/lib/auth/constants';
import { requireActor, UnauthenticatedError } from '@/app/_server/current-user';
import { ChangePasswordSchema } from './schemas';

export async function changePasswordAction(input: unknown): Promise<ActionResult<{ otherSessionsEnded: number }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const sessionToken = (await cookies()).get(SESSION_COOKIE)?.value;
    if (!sessionToken) throw new UnauthenticatedError();
    const { currentPassword, newPassword } = parseInput(ChangePasswordSchema, input);
    return changeOwnPassword(actor, { currentPassword, newPassword, sessionToken });
  });
}
