'use server';

import { revalidatePath } from 'next/cache';
import { createAssessment, setAssessmentArchived } from '@/db/queries/assessments';
import { previewAssessmentChange, updateAssessment } from '@/db/queries/assessment-profile';
import { parseInput, runAction, type ActionResult } from '@/app/_server/action-result';
import { requireActor } from '@/app/_server/current-user';
import { currentCatalog } from '@/lib/catalog/load';
import { z } from 'zod';
import { assessmentFormSchema, DERIVED_QUESTIONS } from './schemas';

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

const SettingsTarget = z.object({ assessmentId: z.uuid() });
// The preview's fingerprint travels with the save, so a preview that went out of date is never applied.
const ConfirmedPreview = SettingsTarget.extend({ fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'The preview of this change is missing. Save again to see it.') });

export async function previewAssessmentChangeAction(input: unknown): Promise<ActionResult<ReturnType<typeof previewAssessmentChange>>> {
  return runAction(async () => {
    const actor = await requireActor();
    const values = parseInput(assessmentFormSchema(askedQuestionIds()).and(SettingsTarget), input);
    return previewAssessmentChange(actor, values.assessmentId, toInput(values));
  });
}

export async function updateAssessmentAction(input: unknown): Promise<ActionResult<{ included: number; excluded: number; restored: number }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const values = parseInput(assessmentFormSchema(askedQuestionIds()).and(ConfirmedPreview), input);
    const result = updateAssessment(actor, values.assessmentId, toInput(values), undefined, { expectedFingerprint: values.fingerprint });
    revalidatePath(`/teams/${values.teamId}/assessments/${values.assessmentId}`);
    return result;
  });
}

const ArchiveSchema = z.object({ assessmentId: z.uuid(), archived: z.boolean() });

export async function setArchivedAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireActor();
    const { assessmentId, archived } = parseInput(ArchiveSchema, input);
    setAssessmentArchived(actor, assessmentId, archived);
    return null;
  });
}
