import { PAGE_MARGIN, type Pdf } from './document';
import { pdfSafe } from './text';

export type MonoColumn = { header: string; chars: number };

const FONT_SIZE = 6.5;
const CHAR_WIDTH = FONT_SIZE * 0.6; // Courier's advance is 600/1000 em for every glyph

/** Fits `text` into lines of `width` characters, breaking at spaces where it can. */
export function wrapChars(text: string, width: number): string[] {
  const lines: string[] = [];
  let rest = text.replace(/\s+/g, ' ').trim();
  while (rest.length > width) {
    const cut = rest.lastIndexOf(' ', width);
    const at = cut > width / 2 ? cut : width;
    lines.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  lines.push(rest);
  return lines;
}

/**
 * A fixed-width listing: each row is one line of Courier (more lines only where a cell wraps), so a long
 * manifest costs one text operation per row instead of one per cell, and 64-digit hashes line up.
 */
export function monoTable(doc: Pdf, columns: MonoColumn[], rows: string[][]): void {
  const lineHeight = FONT_SIZE * 1.25;
  const render = (cells: string[]): string[] => {
    const wrapped = cells.map((c, i) => wrapChars(pdfSafe(c || '—'), columns[i]!.chars));
    const height = Math.max(...wrapped.map((w) => w.length));
    return Array.from({ length: height }, (_, line) => wrapped.map((w, i) => (w[line] ?? '').padEnd(columns[i]!.chars)).join(' ').trimEnd());
  };
  const emit = (lines: string[], bold: boolean) => {
    if (doc.y + lines.length * lineHeight > doc.page.height - PAGE_MARGIN) {
      doc.addPage();
      if (!bold) emit(render(columns.map((c) => c.header)), true);
    }
    doc.font(bold ? 'Courier-Bold' : 'Courier').fontSize(FONT_SIZE);
    // Without line breaking pdfkit leaves y where it was, so the rows advance it themselves.
    const y = doc.y;
    lines.forEach((line, i) => doc.text(line, PAGE_MARGIN, y + i * lineHeight, { lineBreak: false }));
    doc.x = PAGE_MARGIN;
    doc.y = y + lines.length * lineHeight;
  };
  emit(render(columns.map((c) => c.header)), true);
  for (const row of rows) emit(render(row), false);
  doc.font('Helvetica').moveDown(0.4);
}

export const MONO_CHARS_PER_LINE = Math.floor((595.28 - 2 * PAGE_MARGIN) / CHAR_WIDTH);
