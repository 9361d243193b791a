'use server';

import { revalidatePath } from 'next/cache';
import { parseInput, runAction, type ActionResult } from '@/app/_server/action-result';
import { requireActor } from '@/app/_server/current-user';
import { updateSettings } from '@/db/queries/instance-settings';
import { SettingsSchema } from './schemas';

export async function updateSettingsAction(input: unknown): Promise<ActionResult<{ changed: number }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const { changed } = updateSettings(actor, parseInput(SettingsSchema, input));
    revalidatePath('/admin/settings');
    return { changed: changed.length };
  });
}
