'use server';

import { revalidatePath } from 'next/cache';
import { createAssessment, setAssessmentArchived } from '@/db/queries/assessments';
import { previewAssessmentChange, updateAssessment } from '@/db/queries/assessment-profile';
import { parseInput, runAction, type ActionResult } from '@/app/_server/action-result';
import { requireActor } from '@/app/_server/current-user';
import { currentCatalog } from '@/lib/catalog/load';
import { ArchiveSchema, assessmentFormSchema, ConfirmedPreviewSchema, DERIVED_QUESTIONS, SettingsTargetSchema } from './schemas';

function askedQuestionIds(): string[] {
  return currentCatalog().profileQuestions.map((q) => q.id).filter((id) => !DERIVED_QUESTIONS.includes(id));
}

function toInput(values: ReturnType<ReturnType<typeof assessmentFormSchema>['parse']>) {
  const profile = Object.fromEntries(Object.entries(values.profile).map(([k, v]) => [k, v === 'yes']));
  return { appName: values.appName, appKind: values.appKind, baseUrl: values.baseUrl, targetLaunchDate: values.targetLaunchDate, profile };
}

export async function createAssessmentAction(input: unknown): Promise<ActionResult<{ id: string; teamId: string }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const values = parseInput(assessmentFormSchema(askedQuestionIds()), input);
    const assessment = createAssessment(actor, values.teamId, toInput(values));
    revalidatePath(`/teams/${values.teamId}`);
    return { id: assessment.id, teamId: assessment.teamId };
  });
}

export async function previewAssessmentChangeAction(input: unknown): Promise<ActionResult<ReturnType<typeof previewAssessmentChange>>> {
  return runAction(async () => {
    const actor = await requireActor();
    const values = parseInput(assessmentFormSchema(askedQuestionIds()).and(SettingsTargetSchema), input);
    return previewAssessmentChange(actor, values.assessmentId, toInput(values));
  });
}

export async function updateAssessmentAction(input: unknown): Promise<ActionResult<{ included: number; excluded: number; restored: number }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const values = parseInput(assessmentFormSchema(askedQuestionIds()).and(ConfirmedPreviewSchema), input);
    const result = updateAssessment(actor, values.assessmentId, toInput(values), undefined, { expectedFingerprint: values.fingerprint });
    revalidatePath(`/teams/${values.teamId}/assessments/${values.assessmentId}`);
    return result;
  });
}

export async function setArchivedAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireActor();
    const { assessmentId, archived } = parseInput(ArchiveSchema, input);
    setAssessmentArchived(actor, assessmentId, archived);
    return null;
  });
}
