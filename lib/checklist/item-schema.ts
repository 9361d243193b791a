import { z } from 'zod';
import { gapResponses, itemStatuses } from '@/lib/domain/enums';

export const NOTES_MAX = 20_000;
export const TEXT_MAX = 5_000;

/** A calendar date the way <input type="date"> sends it, within years a plan can sensibly name. */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date like 2027-03-31.')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
  }, 'This date does not exist.')
  .refine((v) => v >= '2000-01-01' && v <= '2100-12-31', 'Choose a date between the years 2000 and 2100.');

const optionalDate = z.union([z.literal(''), IsoDateSchema]);

/** The item form: react-hook-form resolves it in the browser; the server action parses it again. */
export const ItemUpdateSchema = z
  .object({
    assessmentId: z.uuid(),
    catalogItemId: z.string().regex(/^[a-z0-9-]{3,60}$/),
    version: z.number().int().min(1),
    status: z.enum(itemStatuses, 'Choose a status.'),
    justification: z.string().trim().max(TEXT_MAX, `Use at most ${TEXT_MAX.toLocaleString('en')} characters.`),
    gapResponse: z.union([z.literal(''), z.enum(gapResponses)]),
    gapText: z.string().trim().max(TEXT_MAX, `Use at most ${TEXT_MAX.toLocaleString('en')} characters.`),
    gapDueDate: optionalDate,
    riskAcceptedById: z.union([z.literal(''), z.uuid('Choose a person from the list.')]).default(''),
    ownerId: z.union([z.literal(''), z.uuid('Choose a person from the list.')]),
    dueDate: optionalDate,
    notes: z.string().max(NOTES_MAX, `Notes can hold at most ${NOTES_MAX.toLocaleString('en')} characters.`),
    criteriaMet: z.array(z.string().regex(/^ac\d+$/)).max(10),
  })
  .superRefine((v, ctx) => {
    if (v.status === 'not_applicable' && v.justification.length < 10) {
      ctx.addIssue({ code: 'custom', path: ['justification'], message: 'Explain why this item does not apply (at least 10 characters).' });
    }
    if (v.status === 'partially_met' || v.status === 'not_met') {
      if (!v.gapResponse) ctx.addIssue({ code: 'custom', path: ['gapResponse'], message: 'Choose a plan to close the gap or a risk acceptance.' });
      if (v.gapText.length < 10) {
        ctx.addIssue({
          code: 'custom',
          path: ['gapText'],
          message: v.gapResponse === 'risk_acceptance' ? 'Say which risk is accepted and why (at least 10 characters).' : 'Say what is missing and how it will be closed (at least 10 characters).',
        });
      }
      if (v.gapResponse === 'plan' && !v.gapDueDate) ctx.addIssue({ code: 'custom', path: ['gapDueDate'], message: 'Say by when the gap will be closed.' });
      if (v.gapResponse === 'risk_acceptance') {
        if (!v.riskAcceptedById) ctx.addIssue({ code: 'custom', path: ['riskAcceptedById'], message: 'Choose who accepts the risk.' });
        if (!v.gapDueDate) ctx.addIssue({ code: 'custom', path: ['gapDueDate'], message: 'Say until when the risk is accepted.' });
      }
    }
  });

export type ItemUpdateInput = z.input<typeof ItemUpdateSchema>;
export type ItemUpdate = z.output<typeof ItemUpdateSchema>;
