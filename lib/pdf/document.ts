import PDFDocument from 'pdfkit';
import { installFastKerning } from './fast-kerning';
import { pdfSafe } from './text';

export type Pdf = InstanceType<typeof PDFDocument>;

export const PAGE_MARGIN = 56;

/** A4 document with buffered pages, so the footer (page x of y, document id) is written once all pages exist. */
export function createPdf(info: { title: string; subject?: string }): Pdf {
  // pdfkit hashes every info value into the file id, so an undefined entry would throw.
  const meta = { Title: pdfSafe(info.title), Producer: 'Preflight', Creator: 'Preflight', ...(info.subject ? { Subject: pdfSafe(info.subject) } : {}) };
  const doc = new PDFDocument({ size: 'A4', margin: PAGE_MARGIN, bufferPages: true, info: meta });
  doc.font('Helvetica');
  installFastKerning(doc);
  return doc;
}

/** Writes "label · page x of y" at the foot of every page. */
export function addFooters(doc: Pdf, label: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.height - PAGE_MARGIN / 2 - 8;
    // Writing below the bottom margin would start a new page; lift the margin for the footer.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8).fillColor('#555555').text(pdfSafe(`${label} · page ${i + 1} of ${range.count}`), PAGE_MARGIN, bottom, { width: doc.page.width - 2 * PAGE_MARGIN, align: 'center', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.fillColor('#000000');
}

export function heading(doc: Pdf, text: string, size = 14): void {
  if (doc.y > doc.page.height - PAGE_MARGIN - 60) doc.addPage();
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(size).fillColor('#000000').text(pdfSafe(text)).moveDown(0.2).font('Helvetica').fontSize(10);
}

export function labelled(doc: Pdf, label: string, value: string): void {
  doc.font('Helvetica-Bold').fontSize(10).text(pdfSafe(`${label}: `), { continued: true }).font('Helvetica').text(pdfSafe(value || '—'));
}

export function paragraph(doc: Pdf, text: string, options: { size?: number; color?: string; font?: 'Helvetica' | 'Courier' } = {}): void {
  doc.font(options.font ?? 'Helvetica').fontSize(options.size ?? 10).fillColor(options.color ?? '#000000').text(pdfSafe(text));
  doc.fillColor('#000000');
}

/** Collects the document into one Buffer. */
export function finish(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
