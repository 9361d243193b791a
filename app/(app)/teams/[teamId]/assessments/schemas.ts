import { z } from 'zod';
import { appKinds } from '@/lib/domain/enums';
import { baseUrlProblem } from '@/lib/checklist/base-url';
import { IsoDateSchema } from '@/lib/checklist/item-schema';

export const appKindLabels: Record<(typeof appKinds)[number], string> = { connect: 'Connect app', forge: 'Forge app', other: 'Other' };

/** Built from the catalog's profile questions so the browser and the server ask the same ones. */
export function assessmentFormSchema(questionIds: string[]) {
  return z
    .object({
      teamId: z.uuid(),
      assessmentId: z.string().optional(),
      appName: z.string().trim().min(1, 'Enter the app’s name.').max(100, 'Use at most 100 characters.'),
      appKind: z.enum(appKinds, 'Choose the kind of app.'),
      baseUrl: z
        .string()
        .trim()
        .min(1, 'Enter the app’s base URL.')
        .max(2048, 'Use at most 2,048 characters.')
        .superRefine((v, ctx) => {
          const problem = baseUrlProblem(v);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      targetLaunchDate: IsoDateSchema,
      profile: z.record(z.string().regex(/^[a-zA-Z]{1,40}$/), z.enum(['yes', 'no'], 'Answer yes or no.')),
    })
    .superRefine((v, ctx) => {
      for (const id of questionIds) {
        if (!v.profile[id]) ctx.addIssue({ code: 'custom', path: ['profile', id], message: 'Answer yes or no.' });
      }
      for (const id of Object.keys(v.profile)) {
        if (!questionIds.includes(id)) ctx.addIssue({ code: 'custom', path: ['profile', id], message: 'Unknown question.' });
      }
    });
}

export type AssessmentFormInput = z.input<ReturnType<typeof assessmentFormSchema>>;

/** Questions answered by the form itself rather than asked: the kind of app says whether it is a Connect app. */
export const DERIVED_QUESTIONS = ['connectApp'];

export const SettingsTargetSchema = z.object({ assessmentId: z.uuid() });
// The preview's fingerprint travels with the save, so a preview that went out of date is never applied.
export const ConfirmedPreviewSchema = SettingsTargetSchema.extend({ fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'The preview of this change is missing. Save again to see it.') });
export const ArchiveSchema = z.object({ assessmentId: z.uuid(), archived: z.boolean() });
