'use server';

import { revalidatePath } from 'next/cache';
import { addTeamMember, changeTeamRole, removeTeamMember } from '@/db/queries/teams';
import { parseInput, runAction, type ActionResult } from '@/lib/action-result';
import { requireActor } from '@/lib/auth/current-user';
import { AddMemberSchema, ChangeRoleSchema, RemoveMemberSchema } from './schemas';

export async function addMemberAction(input: unknown): Promise<ActionResult<{ name: string }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const { teamId, email, role } = parseInput(AddMemberSchema, input);
    const member = addTeamMember(actor, teamId, { email, role });
    revalidatePath(`/teams/${teamId}`);
    return { name: member.name };
  });
}

export async function changeRoleAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireActor();
    const { teamId, userId, role } = parseInput(ChangeRoleSchema, input);
    changeTeamRole(actor, teamId, userId, role);
    revalidatePath(`/teams/${teamId}`);
    return null;
  });
}

export async function removeMemberAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireActor();
    const { teamId, userId } = parseInput(RemoveMemberSchema, input);
    removeTeamMember(actor, teamId, userId);
    revalidatePath(`/teams/${teamId}`);
    return null;
  });
}
