import { artifact, CONTENT_WIDTH, estimateHeight, INK, PAGE_MARGIN, tag, write, type Pdf, type Style, type StructParent } from './document';

export type Column = { header: string; width: number; align?: 'left' | 'right'; style?: Style };
/** A cell: text, optionally styled, linking to a named destination in the document or to a web address. */
export type Cell = string | { text: string; style?: Style; goTo?: string; link?: string; /** a share drawn as a bar after the text */ bar?: { done: number; of: number; color?: string } };

const PADDING = 3;
// A cell with a bar keeps its figure to the left and the bar in the rest of the cell.
const BAR_GAP = 40;

function cellOf(cell: Cell): Exclude<Cell, string> {
  return typeof cell === 'string' ? { text: cell } : cell;
}

/**
 * A tagged table (Table, TR, TH, TD) whose rows are as tall as their tallest cell. A row that would cross the
 * bottom margin moves to the next page with the header row repeated, so every page of a long table reads alone.
 * Column widths are scaled to fill the content width.
 */
export function table(doc: Pdf, parent: StructParent, columns: Column[], rows: Cell[][], options: { size?: number; summary?: string } = {}): void {
  const size = options.size ?? 8;
  const scale = CONTENT_WIDTH / columns.reduce((a, c) => a + c.width, 0);
  const widths = columns.map((c) => c.width * scale);
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const styleOf = (col: Column, cell: Exclude<Cell, string>, header: boolean): Style => (header ? { face: 'sans-bold', size, color: INK.muted } : { size, ...col.style, ...cell.style });
  const tableEl = tag(doc, parent, 'Table', null, options.summary ? { title: options.summary } : {});

  const measure = (cells: Exclude<Cell, string>[], header: boolean) =>
    Math.max(...cells.map((c, i) => estimateHeight(doc, c.text || ' ', styleOf(columns[i]!, c, header), widths[i]! - 2 * PADDING - (c.bar ? BAR_GAP : 0)))) + 2 * PADDING;

  const drawRow = (raw: Cell[], header: boolean) => {
    const cells = raw.map(cellOf);
    const height = measure(cells, header);
    if (!header && doc.y + height > bottom()) {
      doc.addPage();
      drawRow(columns.map((c) => c.header), true);
    }
    const y = doc.y;
    let x = PAGE_MARGIN;
    // The estimate only decides the page; the row is as tall as its cells turned out.
    let rowBottom = y + 2 * PADDING;
    const rowEl = tag(doc, tableEl, 'TR', null);
    cells.forEach((cell, i) => {
      const col = columns[i]!;
      const inner = widths[i]! - 2 * PADDING;
      const cellX = x;
      tag(doc, rowEl, header ? 'TH' : 'TD', () => {
        write(doc, cell.text, styleOf(col, cell, header), { x: x + PADDING, y: y + PADDING, width: inner - (cell.bar ? BAR_GAP : 0), align: col.align ?? 'left', ...(cell.goTo ? { goTo: cell.goTo } : {}), ...(cell.link ? { link: cell.link } : {}) });
        rowBottom = Math.max(rowBottom, doc.y + PADDING);
      });
      if (cell.bar) {
        const { done, of, color } = cell.bar;
        // The figure is in the cell's text; the bar repeats it for the eye only.
        artifact(doc, () => {
          const left = cellX + PADDING + BAR_GAP;
          const width = inner - BAR_GAP;
          doc.rect(left, y + PADDING + 1.5, width, 6).fill('#e6e6e6');
          if (of > 0 && done > 0) doc.rect(left, y + PADDING + 1.5, (width * Math.min(done, of)) / of, 6).fill(color ?? INK.accent);
          doc.fillColor(INK.text);
        });
      }
      x += widths[i]!;
    });
    rowEl.end();
    artifact(doc, () => {
      doc.moveTo(PAGE_MARGIN, rowBottom).lineTo(PAGE_MARGIN + CONTENT_WIDTH, rowBottom).lineWidth(header ? 0.8 : 0.4).strokeColor(header ? INK.muted : INK.rule).stroke();
    });
    doc.x = PAGE_MARGIN;
    doc.y = rowBottom;
  };

  drawRow(columns.map((c) => c.header), true);
  for (const row of rows) drawRow(row, false);
  tableEl.end();
  doc.x = PAGE_MARGIN;
  doc.moveDown(0.5);
}
