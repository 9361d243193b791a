'use server';

import { revalidatePath } from 'next/cache';
import { createTeam } from '@/db/queries/teams';
import { parseInput, runAction, type ActionResult } from '@/app/_server/action-result';
import { requireActor } from '@/app/_server/current-user';
import { CreateTeamSchema } from './schemas';

export async function createTeamAction(input: unknown): Promise<ActionResult<{ id: string; name: string }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const team = createTeam(actor, parseInput(CreateTeamSchema, input));
    revalidatePath('/admin/teams');
    return { id: team.id, name: team.name };
  });
}
