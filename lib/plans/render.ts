import type { FieldValue, ListRow, PlanContent } from './content';
import type { PlanTemplate, TemplateField } from './template-schema';

/** One field's value as plain lines, the shared shape for the Markdown and PDF exports and the compare view. */
export function fieldLines(field: TemplateField, value: FieldValue | undefined): string[] {
  if (field.type === 'steps') return ((value as string[] | undefined) ?? []).filter((s) => s.trim()).map((s, i) => `${i + 1}. ${s}`);
  if (field.type === 'list') {
    return ((value as ListRow[] | undefined) ?? []).map((row) =>
      field.fields
        .map((f) => [f.label, row[f.id] ?? ''] as const)
        .filter(([, v]) => v.trim() !== '')
        .map(([l, v]) => `${l}: ${v}`)
        .join(' · '),
    );
  }
  const text = typeof value === 'string' ? value : '';
  return text.trim() ? text.split('\n') : [];
}

export type PlanMeta = { title: string; templateTitle: string; number: number; publishedAt: Date; publishedBy: string | null; sha256: string; teamName: string };

const MD_SPECIAL = /([\\`*_{}[\]<>()#+!|~])/g;
const md = (text: string) => text.replace(MD_SPECIAL, '\\$1');

/** The version as Markdown; user text is escaped so it cannot turn into links, HTML or headings. */
export function planToMarkdown(template: PlanTemplate, content: PlanContent, meta: PlanMeta): string {
  const out: string[] = [
    `# ${md(meta.title)}`,
    '',
    `${md(meta.templateTitle)} · team ${md(meta.teamName)} · version ${meta.number}, published ${meta.publishedAt.toISOString().slice(0, 10)}${meta.publishedBy ? ` by ${md(meta.publishedBy)}` : ''}`,
    '',
    `SHA-256 of this version: \`${meta.sha256}\``,
  ];
  for (const section of template.sections) {
    out.push('', `## ${md(section.title)}`);
    for (const field of section.fields) {
      const lines = fieldLines(field, content[section.id]?.[field.id]);
      out.push('', `**${md(field.label)}**`, '');
      if (lines.length === 0) out.push('_Not filled in._');
      else if (field.type === 'list') out.push(...lines.map((l) => `- ${md(l)}`));
      else if (field.type === 'steps') out.push(...lines.map((l) => md(l).replace(/^(\d+)\\\./, '$1.')));
      else out.push(lines.map(md).join('  \n'));
    }
  }
  return `${out.join('\n')}\n`;
}
