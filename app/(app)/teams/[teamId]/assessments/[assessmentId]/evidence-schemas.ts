import { z } from 'zod';
import { IsoDateSchema } from '@/lib/checklist/item-schema';

const EvidenceTarget = z.object({ assessmentId: z.uuid(), catalogItemId: z.string().regex(/^[a-z0-9-]{3,60}$/) });
const OptionalDate = z.union([z.literal(''), IsoDateSchema]);

export const LinkEvidenceSchema = EvidenceTarget.extend({
  title: z.string().trim().min(1, 'Give the link a title.').max(200, 'Use at most 200 characters.'),
  url: z
    .string()
    .trim()
    .max(2048, 'Use at most 2,048 characters.')
    .refine((v) => {
      try {
        const u = new URL(v);
        return u.protocol === 'https:' || u.protocol === 'http:';
      } catch {
        return false;
      }
    }, 'Enter an http or https address.'),
  validUntil: OptionalDate,
});

export const TextEvidenceSchema = EvidenceTarget.extend({
  title: z.string().trim().min(1, 'Give the note a title.').max(200, 'Use at most 200 characters.'),
  body: z.string().trim().min(1, 'Write the note.').max(20_000, 'A note holds at most 20,000 characters.'),
  validUntil: OptionalDate,
});

export const AttachPlanSchema = EvidenceTarget.extend({ planId: z.uuid('Choose a published plan.') });
export type LinkEvidenceInput = z.input<typeof LinkEvidenceSchema>;
export type TextEvidenceInput = z.input<typeof TextEvidenceSchema>;
export type AttachPlanInput = z.input<typeof AttachPlanSchema>;
export const EvidenceIdSchema = z.object({ evidenceId: z.uuid() });
export const AssessmentTargetSchema = z.object({ assessmentId: z.uuid() });
