import { addFooters, createPdf, finish, heading, paragraph } from '@/lib/pdf/document';
import { pdfSafe } from '@/lib/pdf/text';
import type { PlanContent } from './content';
import { fieldLines, type PlanMeta } from './render';
import type { PlanTemplate } from './template-schema';

/** The published version as a PDF: every section and field, page numbers and the version hash on each page. */
export async function planToPdf(template: PlanTemplate, content: PlanContent, meta: PlanMeta): Promise<Buffer> {
  const doc = createPdf({ title: `${meta.title} v${meta.number}`, subject: template.title });
  doc.font('Helvetica-Bold').fontSize(20).text(pdfSafe(meta.title));
  paragraph(doc, `${template.title} · team ${meta.teamName}`, { size: 11, color: '#333333' });
  paragraph(doc, `Version ${meta.number}, published ${meta.publishedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC${meta.publishedBy ? ` by ${meta.publishedBy}` : ''}`, { size: 10, color: '#333333' });
  paragraph(doc, `SHA-256 ${meta.sha256}`, { size: 8, color: '#555555' });
  for (const section of template.sections) {
    heading(doc, section.title);
    for (const field of section.fields) {
      doc.moveDown(0.3).font('Helvetica-Bold').fontSize(10).text(pdfSafe(field.label));
      const lines = fieldLines(field, content[section.id]?.[field.id]);
      if (lines.length === 0) paragraph(doc, 'Not filled in.', { color: '#777777' });
      else for (const line of lines) paragraph(doc, field.type === 'list' ? `• ${line}` : line);
    }
  }
  addFooters(doc, `${meta.title} v${meta.number} · ${meta.sha256.slice(0, 16)}`);
  return finish(doc);
}
