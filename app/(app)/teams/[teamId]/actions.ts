'use server';

import { revalidatePath } from 'next/cache';
import { addTeamMember, changeTeamRole, removeTeamMember, UnknownMemberEmailError } from '@/db/queries/teams';
import { createUser } from '@/db/queries/users';
import type { TeamRole } from '@/lib/domain/enums';
import { parseInput, runAction, type ActionResult } from '@/app/_server/action-result';
import { requireActor } from '@/app/_server/current-user';
import { setPasswordLink } from '@/lib/auth/links';
import { AddMemberSchema, ChangeRoleSchema, CreateMemberSchema, RemoveMemberSchema } from './schemas';

export type AddMemberOutcome =
  | { kind: 'added'; name: string }
  // Not an error result: the form turns it into an offer to create the account (or a pointer to an admin).
  | { kind: 'unknown-email'; email: string; role: TeamRole; message: string; mayCreateUser: boolean };

export async function addMemberAction(input: unknown): Promise<ActionResult<AddMemberOutcome>> {
  return runAction(async (): Promise<AddMemberOutcome> => {
    const actor = await requireActor();
    const { teamId, email, role } = parseInput(AddMemberSchema, input);
    try {
      const member = addTeamMember(actor, teamId, { email, role });
      revalidatePath(`/teams/${teamId}`);
      return { kind: 'added', name: member.name };
    } catch (error) {
      if (!(error instanceof UnknownMemberEmailError)) throw error;
      return { kind: 'unknown-email', email, role, message: error.message, mayCreateUser: error.mayCreateUser };
    }
  });
}

export async function createMemberAction(input: unknown): Promise<ActionResult<{ name: string; email: string; role: TeamRole; link: string }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const { teamId, email, name, role } = parseInput(CreateMemberSchema, input);
    const { user, setPasswordToken } = createUser(actor, { email, name, isAdmin: false, team: { teamId, role } });
    revalidatePath(`/teams/${teamId}`);
    revalidatePath('/admin/users');
    return { name: user.name, email: user.email, role, link: setPasswordLink(setPasswordToken) };
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
