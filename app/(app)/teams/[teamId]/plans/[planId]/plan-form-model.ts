import type { ListRow, PlanContent } from '@/lib/plans/content';
import type { PlanTemplate } from '@/lib/plans/template-schema';

/**
 * react-hook-form's field arrays need objects, so steps live in the form as { value } rows and become plain
 * strings again on the way out.
 */
export type FormStep = { value: string };
export type FormContent = Record<string, Record<string, string | FormStep[] | ListRow[]>>;
export type PlanFormValues = { title: string; nextReviewDate: string; lastExercisedDate: string; content: FormContent };

export function toFormContent(template: PlanTemplate, content: PlanContent): FormContent {
  return Object.fromEntries(
    template.sections.map((s) => [
      s.id,
      Object.fromEntries(
        s.fields.map((f) => {
          const v = content[s.id]?.[f.id];
          if (f.type === 'steps') return [f.id, ((v as string[] | undefined) ?? []).map((value) => ({ value }))];
          if (f.type === 'list') return [f.id, ((v as ListRow[] | undefined) ?? []).map((row) => Object.fromEntries(f.fields.map((x) => [x.id, row[x.id] ?? ''])))];
          return [f.id, typeof v === 'string' ? v : ''];
        }),
      ),
    ]),
  );
}

export function fromFormContent(template: PlanTemplate, content: FormContent): PlanContent {
  return Object.fromEntries(
    template.sections.map((s) => [
      s.id,
      Object.fromEntries(
        s.fields.map((f) => {
          const v = content[s.id]?.[f.id];
          if (f.type === 'steps') return [f.id, ((v as FormStep[] | undefined) ?? []).map((step) => step.value)];
          if (f.type === 'list') return [f.id, ((v as ListRow[] | undefined) ?? []).map((row) => ({ ...row }))];
          return [f.id, typeof v === 'string' ? v : ''];
        }),
      ),
    ]),
  );
}

/** A content error path ("content.restore.steps.3") as the form field that shows it. */
export function formPathOf(template: PlanTemplate, path: string): string {
  const [, sectionId, fieldId, index] = path.split('.');
  const field = template.sections.find((s) => s.id === sectionId)?.fields.find((f) => f.id === fieldId);
  if (field?.type === 'steps' && index !== undefined) return `content.${sectionId}.${fieldId}.${index}.value`;
  return path;
}
