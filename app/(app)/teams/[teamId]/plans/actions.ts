'use server';

import { createPlan, publishPlan, saveDraft, type SaveDraftResult } from '@/db/queries/plans';
import { parseInput, runAction, type ActionResult } from '@/app/_server/action-result';
import { requireActor } from '@/app/_server/current-user';
import { CreatePlanSchema, PublishPlanSchema, SaveDraftSchema } from './schemas';

export async function createPlanAction(input: unknown): Promise<ActionResult<{ planId: string }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const v = parseInput(CreatePlanSchema, input);
    return { planId: createPlan(actor, v.teamId, { templateId: v.templateId, title: v.title }).id };
  });
}

export async function saveDraftAction(input: unknown): Promise<ActionResult<SaveDraftResult>> {
  return runAction(async () => {
    const actor = await requireActor();
    return saveDraft(actor, parseInput(SaveDraftSchema, input));
  });
}

export async function publishPlanAction(input: unknown): Promise<ActionResult<{ number: number; superseded: number }>> {
  return runAction(async () => {
    const actor = await requireActor();
    return publishPlan(actor, parseInput(PublishPlanSchema, input));
  });
}
