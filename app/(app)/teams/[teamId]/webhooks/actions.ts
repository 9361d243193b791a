'use server';

import { revalidatePath } from 'next/cache';
import { createWebhook, deleteWebhook, disableWebhook } from '@/db/queries/webhooks';
import { parseInput, runAction, type ActionResult } from '@/app/_server/action-result';
import { requireActor } from '@/app/_server/current-user';
import { CreateWebhookSchema, WebhookRefSchema } from '@/lib/validation/webhook';

// One set of actions for team webhooks (teamId) and instance ones (teamId null): the data layer decides who may.

function revalidate(teamId: string | null) {
  revalidatePath(teamId ? `/teams/${teamId}/webhooks` : '/admin/webhooks');
}

export async function createWebhookAction(input: unknown): Promise<ActionResult<{ id: string; secret: string }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const values = parseInput(CreateWebhookSchema, input);
    const created = createWebhook(actor, values);
    revalidate(values.teamId);
    return created;
  });
}

export async function disableWebhookAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireActor();
    const ref = parseInput(WebhookRefSchema, input);
    disableWebhook(actor, ref);
    revalidate(ref.teamId);
    return null;
  });
}

export async function deleteWebhookAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireActor();
    const ref = parseInput(WebhookRefSchema, input);
    deleteWebhook(actor, ref);
    revalidate(ref.teamId);
    return null;
  });
}
