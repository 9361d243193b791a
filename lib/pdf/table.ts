import { PAGE_MARGIN, type Pdf } from './document';
import { pdfSafe } from './text';

export type Column = { header: string; width: number; align?: 'left' | 'right'; /** e.g. Courier for hashes, so 64 hex digits fit one line */ font?: string; fontSize?: number };

/**
 * A simple wrapping table: each row is as tall as its tallest cell, and a row that would cross the bottom
 * margin moves to a new page with the header repeated.
 */
export function table(doc: Pdf, columns: Column[], rows: string[][], options: { fontSize?: number } = {}): void {
  const size = options.fontSize ?? 8;
  const padding = 3;
  const left = PAGE_MARGIN;
  const bottom = () => doc.page.height - PAGE_MARGIN;
  const fontFor = (col: Column, bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : (col.font ?? 'Helvetica')).fontSize(bold ? size : (col.fontSize ?? size));
  };
  const heightOf = (cells: string[], bold: boolean) =>
    Math.max(
      ...cells.map((c, i) => {
        fontFor(columns[i]!, bold);
        return doc.heightOfString(pdfSafe(c || ' '), { width: columns[i]!.width - 2 * padding });
      }),
    ) +
    2 * padding;
  const drawRow = (cells: string[], bold: boolean) => {
    const h = heightOf(cells, bold);
    if (doc.y + h > bottom()) {
      doc.addPage();
      if (!bold) drawRow(columns.map((c) => c.header), true);
    }
    const y = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      const col = columns[i]!;
      fontFor(col, bold);
      doc.text(pdfSafe(cell || ''), x + padding, y + padding, { width: col.width - 2 * padding, align: col.align ?? 'left' });
      x += col.width;
    });
    const total = columns.reduce((a, c) => a + c.width, 0);
    doc.moveTo(left, y + h).lineTo(left + total, y + h).lineWidth(0.5).strokeColor('#bbbbbb').stroke();
    doc.x = left;
    doc.y = y + h;
  };
  drawRow(columns.map((c) => c.header), true);
  for (const row of rows) drawRow(row, false);
  doc.x = left;
  doc.moveDown(0.5);
}
