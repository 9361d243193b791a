'use server';

import { revalidatePath } from 'next/cache';
import { createUser, issuePasswordResetLink, setUserAdmin, setUserDisabled } from '@/db/queries/users';
import { parseInput, runAction, type ActionResult } from '@/app/_server/action-result';
import { requireActor } from '@/app/_server/current-user';
import { resetMfa } from '@/db/queries/mfa';
import { setPasswordLink } from '@/lib/auth/links';
import { CreateUserSchema, SetAdminSchema, SetDisabledSchema, UserIdSchema } from './schemas';

export async function createUserAction(input: unknown): Promise<ActionResult<{ name: string; email: string; link: string }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const { teamId, role, ...values } = parseInput(CreateUserSchema, input);
    const { user, setPasswordToken } = createUser(actor, { ...values, team: teamId ? { teamId, role } : undefined });
    revalidatePath('/admin/users');
    if (teamId) revalidatePath(`/teams/${teamId}`);
    return { name: user.name, email: user.email, link: setPasswordLink(setPasswordToken) };
  });
}

export async function issueResetLinkAction(input: unknown): Promise<ActionResult<{ name: string; email: string; link: string }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const { userId } = parseInput(UserIdSchema, input);
    const { user, token } = issuePasswordResetLink(actor, userId);
    return { name: user.name, email: user.email, link: setPasswordLink(token) };
  });
}

export async function setUserDisabledAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireActor();
    const { userId, disabled } = parseInput(SetDisabledSchema, input);
    setUserDisabled(actor, userId, disabled);
    revalidatePath('/admin/users');
    return null;
  });
}

export async function setUserAdminAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireActor();
    const { userId, isAdmin } = parseInput(SetAdminSchema, input);
    setUserAdmin(actor, userId, isAdmin);
    revalidatePath('/admin/users');
    return null;
  });
}

export async function resetMfaAction(input: unknown): Promise<ActionResult<{ sessionsEnded: number }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const { userId } = parseInput(UserIdSchema, input);
    const { sessionsEnded } = resetMfa(actor, userId, 'admin');
    revalidatePath('/admin/users');
    return { sessionsEnded };
  });
}
