'use server';

import { z } from 'zod';
import { saveProbeTarget } from '@/db/queries/probe';
import { startProbeRun } from '@/db/queries/probe-execution';
import { parseInput, runAction, type ActionResult } from '@/app/_server/action-result';
import { requireActor } from '@/app/_server/current-user';
import { ProbeTargetSchema } from '@/lib/validation/probe-target';

const StartRunSchema = z.object({ assessmentId: z.uuid() });

export async function saveProbeTargetAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireActor();
    saveProbeTarget(actor, parseInput(ProbeTargetSchema, input));
    return null;
  });
}

export async function startProbeRunAction(input: unknown): Promise<ActionResult<{ runId: string }>> {
  return runAction(async () => {
    const actor = await requireActor();
    return startProbeRun(actor, parseInput(StartRunSchema, input).assessmentId);
  });
}
