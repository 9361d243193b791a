'use server';

import { acknowledgeAlert } from '@/db/queries/alert-admin';
import { parseInput, runAction, type ActionResult } from '@/app/_server/action-result';
import { requireActor } from '@/app/_server/current-user';
import { AcknowledgeAlertSchema } from './schemas';

export async function acknowledgeAlertAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireActor();
    acknowledgeAlert(actor, parseInput(AcknowledgeAlertSchema, input).alertId);
    return null;
  });
}
