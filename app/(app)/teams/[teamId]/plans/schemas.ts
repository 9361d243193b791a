import { z } from 'zod';
import { IsoDateSchema } from '@/lib/checklist/item-schema';

export const PLAN_TITLE_MAX = 200;
const title = z.string().trim().min(1, 'Give the plan a title.').max(PLAN_TITLE_MAX, `Use at most ${PLAN_TITLE_MAX} characters.`);
const optionalDate = z.union([z.literal(''), IsoDateSchema]);

export const CreatePlanSchema = z.object({ teamId: z.uuid(), templateId: z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{0,59}$/, 'Choose a template from the list.'), title });

/** The draft's frame; the content itself is checked against its template in the data layer. */
export const SaveDraftSchema = z.object({
  planId: z.uuid(),
  version: z.number().int().min(1),
  title,
  nextReviewDate: optionalDate,
  lastExercisedDate: optionalDate,
  content: z.record(z.string(), z.unknown()),
});

export const PublishPlanSchema = z.object({ planId: z.uuid(), version: z.number().int().min(1) });
