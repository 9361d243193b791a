'use server';

import { z } from 'zod';
import { applyCatalogUpgrade } from '@/db/queries/assessments';
import { saveItem, type SaveItemResult } from '@/db/queries/items';
import { parseInput, runAction, type ActionResult } from '@/lib/action-result';
import { requireActor } from '@/lib/auth/current-user';
import { ItemUpdateSchema } from '@/lib/checklist/item-schema';

export async function saveItemAction(input: unknown): Promise<ActionResult<SaveItemResult>> {
  return runAction(async () => {
    const actor = await requireActor();
    return saveItem(actor, parseInput(ItemUpdateSchema, input));
  });
}

export async function upgradeCatalogAction(input: unknown): Promise<ActionResult<{ added: number; changed: number; removed: number }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const { assessmentId } = parseInput(z.object({ assessmentId: z.uuid() }), input);
    const diff = applyCatalogUpgrade(actor, assessmentId);
    return { added: diff.added.length, changed: diff.changed.length, removed: diff.removed.length };
  });
}
