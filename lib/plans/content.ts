import { z } from 'zod';
import { IsoDateSchema } from '@/lib/checklist/item-schema';
import type { PlanTemplate, ScalarTemplateField, TemplateField, TemplateSection } from './template-schema';

/** A plan's content: section id → field id → value (string, string[] for steps, row objects for lists). */
export type ListRow = Record<string, string>;
export type FieldValue = string | string[] | ListRow[];
export type PlanContent = Record<string, Record<string, FieldValue>>;

const n = (v: number) => v.toLocaleString('en');

/**
 * Numbers travel as strings (what an <input> holds), so an empty field stays empty rather than becoming 0.
 * Limits always apply; "required" only when publishing, because a draft may be half done.
 */
function scalarSchema(field: ScalarTemplateField, publishing: boolean) {
  const need = publishing && field.required;
  const empty = z.literal('');
  switch (field.type) {
    case 'number': {
      const num = z
        .string()
        .trim()
        .max(40)
        .refine((v) => /^-?\d+(\.\d+)?$/.test(v), 'Enter a number.')
        .refine((v) => Number(v) >= field.min, `Enter ${n(field.min)} or more.`)
        .refine((v) => Number(v) <= field.max, `Enter ${n(field.max)} or less.`)
        .refine((v) => !field.integer || Number.isInteger(Number(v)), 'Enter a whole number.');
      return need ? num : z.union([empty, num]);
    }
    case 'date':
      return need ? IsoDateSchema : z.union([empty, IsoDateSchema]);
    case 'email': {
      const email = z.string().trim().max(field.maxLength, `Use at most ${n(field.maxLength)} characters.`).pipe(z.email('Enter an email address like name@example.com.'));
      return need ? email : z.union([empty, email]);
    }
    default: {
      const text = z.string().trim().max(field.maxLength, `Use at most ${n(field.maxLength)} characters.`);
      return need ? text.min(1, `${field.label} is required.`) : text;
    }
  }
}

function fieldSchema(field: TemplateField, publishing: boolean): z.ZodType {
  if (field.type === 'steps') {
    const step = z.string().trim().max(field.maxLength, `Use at most ${n(field.maxLength)} characters per step.`);
    let list = z.array(step).max(field.maxItems, `At most ${n(field.maxItems)} steps.`);
    if (publishing && field.required) list = list.min(Math.max(1, field.minItems), `Add at least ${Math.max(1, field.minItems)} step${field.minItems > 1 ? 's' : ''}.`);
    return list;
  }
  if (field.type === 'list') {
    const row = z.object(Object.fromEntries(field.fields.map((f) => [f.id, scalarSchema(f, publishing).default('')])));
    let list = z.array(row).max(field.maxItems, `At most ${n(field.maxItems)} ${field.itemLabel.toLowerCase()} rows.`);
    if (publishing && field.required) list = list.min(Math.max(1, field.minItems), `Add at least ${Math.max(1, field.minItems)} ${field.itemLabel.toLowerCase()}.`);
    return list;
  }
  return scalarSchema(field, publishing);
}

/** The zod schema for a plan's content under `template`: for drafts (limits only) or for publishing (complete). */
export function planContentSchema(template: PlanTemplate, mode: 'draft' | 'publish') {
  const publishing = mode === 'publish';
  return z.object(
    Object.fromEntries(
      // prefault, not default: a missing section is parsed as {} so its fields get their own defaults.
      template.sections.map((s) => [
        s.id,
        z.object(Object.fromEntries(s.fields.map((f) => [f.id, (f.type === 'steps' || f.type === 'list' ? fieldSchema(f, publishing).default([]) : fieldSchema(f, publishing).default('')) as z.ZodType]))).prefault({}),
      ]),
    ),
  ) as unknown as z.ZodType<PlanContent>;
}

/** A blank plan: every text empty, every list empty. */
export function emptyContent(template: PlanTemplate): PlanContent {
  return Object.fromEntries(template.sections.map((s) => [s.id, Object.fromEntries(s.fields.map((f) => [f.id, f.type === 'steps' || f.type === 'list' ? [] : '']))]));
}

function isFilled(field: TemplateField, value: FieldValue | undefined): boolean {
  if (field.type === 'steps') return Array.isArray(value) && (value as string[]).filter((s) => s.trim()).length >= Math.max(1, field.minItems);
  if (field.type === 'list') {
    const rows = Array.isArray(value) ? (value as ListRow[]) : [];
    const complete = rows.filter((r) => field.fields.every((f) => !f.required || (r[f.id] ?? '').trim() !== ''));
    return rows.length > 0 && complete.length === rows.length && rows.length >= Math.max(1, field.minItems);
  }
  return typeof value === 'string' && value.trim() !== '';
}

export type SectionCompleteness = { sectionId: string; title: string; filled: number; required: number; percent: number; missing: string[] };

/** Per section: how many of its required fields are filled (a list counts when it has rows and each is complete). */
export function completeness(template: PlanTemplate, content: PlanContent): SectionCompleteness[] {
  return template.sections.map((s: TemplateSection) => {
    const required = s.fields.filter((f) => f.required);
    const missing = required.filter((f) => !isFilled(f, content[s.id]?.[f.id])).map((f) => f.label);
    const filled = required.length - missing.length;
    return { sectionId: s.id, title: s.title, filled, required: required.length, percent: required.length ? Math.floor((filled / required.length) * 100) : 100, missing };
  });
}

/**
 * The draft with every value that fails the draft schema taken out, and where each one was. Autosave stores the
 * rest, so one bad field never holds back everything else; the editor keeps the bad value on screen, marked.
 * A value is blanked where it stands (a field, one step, one cell of a row); a list over its limit is cut to it.
 */
export function keepValidContent(template: PlanTemplate, content: PlanContent): { content: PlanContent; invalid: { path: string; message: string }[] } {
  const schema = planContentSchema(template, 'draft');
  const first = schema.safeParse(content);
  if (first.success) return { content: first.data, invalid: [] };
  const copy = structuredClone(content) as Record<string, Record<string, unknown>>;
  const invalid: { path: string; message: string }[] = [];
  for (const issue of first.error.issues) {
    const [sectionId, fieldId, index, cell] = issue.path as [string, string, number | undefined, string | undefined];
    const field = template.sections.find((s) => s.id === sectionId)?.fields.find((f) => f.id === fieldId);
    const section = copy[sectionId];
    const path = issue.path.join('.');
    // One bad value can fail several checks; the first says what to fix.
    if (!field || !section || invalid.some((i) => i.path === path)) continue;
    invalid.push({ path, message: issue.message });
    const value = section[fieldId];
    if (index === undefined) {
      section[fieldId] = Array.isArray(value) && (field.type === 'steps' || field.type === 'list') ? value.slice(0, field.maxItems) : field.type === 'steps' || field.type === 'list' ? [] : '';
    } else if (Array.isArray(value)) {
      if (cell === undefined) value[index] = field.type === 'steps' ? '' : {};
      else if (value[index] && typeof value[index] === 'object') (value[index] as Record<string, string>)[cell] = '';
    }
  }
  const second = schema.safeParse(copy);
  // Anything the blanking could not repair (a malformed shape) is left to the caller as not savable.
  return second.success ? { content: second.data, invalid } : { content, invalid: [...invalid, { path: '', message: 'The draft could not be saved as it is.' }] };
}
