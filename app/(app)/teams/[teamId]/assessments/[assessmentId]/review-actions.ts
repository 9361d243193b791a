'use server';

import { approveLaunch, reopenAssessment } from '@/db/queries/launch';
import { requestChanges, signOffItem, withdrawSignOff } from '@/db/queries/sign-off';
import { parseInput, runAction, type ActionResult } from '@/app/_server/action-result';
import { requireActor } from '@/app/_server/current-user';
import { todayIso } from '@/app/_server/page-helpers';
import { ApproveLaunchSchema, ReopenSchema, RequestChangesSchema, SignOffSchema, WithdrawSignOffSchema } from './review-schemas';

export async function signOffItemAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireActor();
    signOffItem(actor, parseInput(SignOffSchema, input));
    return null;
  });
}

export async function requestChangesAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireActor();
    requestChanges(actor, parseInput(RequestChangesSchema, input));
    return null;
  });
}

export async function approveLaunchAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireActor();
    const v = parseInput(ApproveLaunchSchema, input);
    approveLaunch(actor, v.assessmentId, todayIso(), v.comment);
    return null;
  });
}

export async function reopenAssessmentAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireActor();
    const v = parseInput(ReopenSchema, input);
    reopenAssessment(actor, v.assessmentId, v.reason);
    return null;
  });
}

export async function withdrawSignOffAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireActor();
    withdrawSignOff(actor, parseInput(WithdrawSignOffSchema, input));
    return null;
  });
}
