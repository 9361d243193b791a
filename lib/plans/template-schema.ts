import { z } from 'zod';

const id = z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{0,59}$/, 'Use letters, digits and dashes, starting with a letter.');
const common = {
  id,
  label: z.string().min(1).max(200),
  help: z.string().max(1000).optional(),
  example: z.string().max(1000).optional(),
  required: z.boolean().default(false),
};

const TextField = z.object({ ...common, type: z.enum(['text', 'textarea', 'email', 'phone']), maxLength: z.number().int().min(1).max(100_000) }).strict();
const NumberField = z
  .object({ ...common, type: z.literal('number'), min: z.number(), max: z.number(), integer: z.boolean().default(false) })
  .strict()
  .refine((f) => f.min <= f.max, { message: 'min must not exceed max', path: ['min'] });
const DateField = z.object({ ...common, type: z.literal('date') }).strict();
const ScalarField = z.union([TextField, NumberField, DateField]);

const StepsField = z
  .object({ ...common, type: z.literal('steps'), minItems: z.number().int().min(0).default(0), maxItems: z.number().int().min(1).max(1000), maxLength: z.number().int().min(1).max(10_000) })
  .strict()
  .refine((f) => f.minItems <= f.maxItems, { message: 'minItems must not exceed maxItems', path: ['minItems'] });
const ListField = z
  .object({
    ...common,
    type: z.literal('list'),
    itemLabel: z.string().min(1).max(60),
    minItems: z.number().int().min(0).default(0),
    maxItems: z.number().int().min(1).max(1000),
    fields: z.array(ScalarField).min(1).max(20),
  })
  .strict()
  .refine((f) => f.minItems <= f.maxItems, { message: 'minItems must not exceed maxItems', path: ['minItems'] })
  .refine((f) => new Set(f.fields.map((x) => x.id)).size === f.fields.length, { message: 'field ids must be unique within a list', path: ['fields'] });

export const TemplateFieldSchema = z.union([TextField, NumberField, DateField, StepsField, ListField]);

export const TemplateSchema = z
  .object({
    id,
    version: z.number().int().min(1),
    title: z.string().min(1).max(200),
    summary: z.string().min(1).max(2000),
    suggestedFor: z.array(z.string()).default([]),
    sections: z
      .array(
        z
          .object({ id, title: z.string().min(1).max(200), help: z.string().max(1000).optional(), fields: z.array(TemplateFieldSchema).min(1).max(50) })
          .strict()
          .refine((s) => new Set(s.fields.map((f) => f.id)).size === s.fields.length, { message: 'field ids must be unique within a section', path: ['fields'] }),
      )
      .min(1)
      .max(30)
      .refine((sections) => new Set(sections.map((s) => s.id)).size === sections.length, { message: 'section ids must be unique' }),
  })
  .strict();

export type PlanTemplate = z.infer<typeof TemplateSchema>;
export type TemplateSection = PlanTemplate['sections'][number];
export type TemplateField = z.infer<typeof TemplateFieldSchema>;
export type ScalarTemplateField = z.infer<typeof ScalarField>;
