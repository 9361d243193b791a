import { addPageFurniture, createPdf, finish, heading, INK, PAGE_MARGIN, CONTENT_WIDTH, paragraph, tag, write } from '@/lib/pdf/document';
import type { PlanContent } from './content';
import { fieldLines, type PlanMeta } from './render';
import type { PlanTemplate } from './template-schema';

/** The published version as a PDF: every section and field, page numbers and the version hash on each page. */
export async function planToPdf(template: PlanTemplate, content: PlanContent, meta: PlanMeta): Promise<Buffer> {
  const doc = createPdf({ title: `${meta.title} v${meta.number}`, subject: template.title });
  const root = tag(doc, doc, 'Document', null);
  paragraph(doc, root, template.title.toUpperCase(), { face: 'sans-bold', size: 9, color: INK.accent });
  tag(doc, root, 'H1', () => write(doc, meta.title, { face: 'sans-bold', size: 20 }, { x: PAGE_MARGIN, width: CONTENT_WIDTH }));
  paragraph(doc, root, `Team ${meta.teamName} · version ${meta.number}, published ${meta.publishedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC${meta.publishedBy ? ` by ${meta.publishedBy}` : ''}`, { size: 10, color: INK.muted });
  paragraph(doc, root, `SHA-256 ${meta.sha256}`, { face: 'mono', size: 7, color: INK.muted });
  for (const section of template.sections) {
    const sect = tag(doc, root, 'Sect', null, { title: section.title });
    doc.outline.addItem(section.title);
    heading(doc, sect, section.title, 1);
    for (const field of section.fields) {
      doc.moveDown(0.3);
      tag(doc, sect, 'H2', () => write(doc, field.label, { face: 'sans-bold', size: 10 }, { x: PAGE_MARGIN, width: CONTENT_WIDTH }));
      const lines = fieldLines(field, content[section.id]?.[field.id]);
      if (lines.length === 0) paragraph(doc, sect, 'Not filled in.', { color: INK.faint });
      else if (field.type === 'list') {
        const list = tag(doc, sect, 'L', null);
        for (const line of lines) tag(doc, list, 'LI', () => write(doc, `•  ${line}`, { size: 9.5 }, { x: PAGE_MARGIN + 6, width: CONTENT_WIDTH - 6 }));
        list.end();
      } else for (const line of lines) paragraph(doc, sect, line);
    }
    sect.end();
  }
  root.end();
  addPageFurniture(doc, { header: { left: `${meta.title} v${meta.number}`, right: template.title }, footer: `${meta.title} v${meta.number} · SHA-256 ${meta.sha256.slice(0, 16)}…` });
  return finish(doc);
}
