import { PAGE_MARGIN, type Pdf } from './document';
import { pdfSafe } from './text';

export type Column = { header: string; width: number; align?: 'left' | 'right'; /** e.g. Courier for hashes, so 64 hex digits fit one line */ font?: string; fontSize?: number };

/**
 * A simple wrapping table: each row is as tall as its tallest cell, and a row that would cross the bottom
 * margin moves to a new page with the header repeated. Cells that fit on one line skip pdfkit's line wrapper,
 * which is where almost all the time of a long table goes.
 */
export function table(doc: Pdf, columns: Column[], rows: string[][], options: { fontSize?: number } = {}): void {
  const size = options.fontSize ?? 8;
  const padding = 3;
  const left = PAGE_MARGIN;
  const total = columns.reduce((a, c) => a + c.width, 0);
  const bottom = () => doc.page.height - PAGE_MARGIN;
  const fontFor = (col: Column, bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : (col.font ?? 'Helvetica')).fontSize(bold ? size : (col.fontSize ?? size));
  };
  type Cell = { text: string; single: boolean; height: number };
  const layout = (cells: string[], bold: boolean): Cell[] =>
    cells.map((raw, i) => {
      const col = columns[i]!;
      fontFor(col, bold);
      const text = pdfSafe(raw || '');
      const inner = col.width - 2 * padding;
      const single = !text.includes('\n') && doc.widthOfString(text) <= inner;
      return { text, single, height: single ? doc.currentLineHeight(true) : doc.heightOfString(text || ' ', { width: inner }) };
    });
  const drawRow = (raw: string[], bold: boolean) => {
    let cells = layout(raw, bold);
    let h = Math.max(...cells.map((c) => c.height)) + 2 * padding;
    if (doc.y + h > bottom()) {
      doc.addPage();
      if (!bold) drawRow(columns.map((c) => c.header), true);
      cells = layout(raw, bold);
      h = Math.max(...cells.map((c) => c.height)) + 2 * padding;
    }
    const y = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      const col = columns[i]!;
      fontFor(col, bold);
      const inner = col.width - 2 * padding;
      if (cell.single) {
        const dx = col.align === 'right' ? inner - doc.widthOfString(cell.text) : 0;
        doc.text(cell.text, x + padding + dx, y + padding, { lineBreak: false });
      } else {
        doc.text(cell.text, x + padding, y + padding, { width: inner, align: col.align ?? 'left' });
      }
      x += col.width;
    });
    doc.moveTo(left, y + h).lineTo(left + total, y + h).lineWidth(0.5).strokeColor('#bbbbbb').stroke();
    doc.x = left;
    doc.y = y + h;
  };
  drawRow(columns.map((c) => c.header), true);
  for (const row of rows) drawRow(row, false);
  doc.x = left;
  doc.moveDown(0.5);
}
