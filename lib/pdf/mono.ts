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

type PdfInternals = { _font: { id: string; ascender: number; ref(): unknown }; _fontSize: number; page: { height: number; fonts: Record<string, unknown> }; addContent(content: string): unknown };

const ASCII = /^[\x20-\x7e]*$/;
const num = (n: number) => (Math.round(n * 100) / 100).toString();

/**
 * One line of plain-ASCII Courier written as a single text-showing operation, the operators pdfkit itself emits
 * minus its per-glyph positioning (Courier has fixed advances and no kerning pairs, so nothing is lost). Anything
 * else goes through pdfkit's own text().
 */
function monoLine(doc: Pdf, text: string, x: number, y: number): void {
  if (!ASCII.test(text)) {
    doc.text(text, x, y, { lineBreak: false });
    return;
  }
  const d = doc as unknown as PdfInternals;
  d.page.fonts[d._font.id] ??= d._font.ref();
  const baseline = d.page.height - y - (d._font.ascender / 1000) * d._fontSize;
  const literal = text.replace(/[\\()]/g, (c) => `\\${c}`);
  d.addContent(`q 1 0 0 -1 0 ${num(d.page.height)} cm BT 1 0 0 1 ${num(x)} ${num(baseline)} Tm /${d._font.id} ${num(d._fontSize)} Tf (${literal}) Tj ET Q`);
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
    lines.forEach((line, i) => monoLine(doc, line, PAGE_MARGIN, y + i * lineHeight));
    doc.x = PAGE_MARGIN;
    doc.y = y + lines.length * lineHeight;
  };
  emit(render(columns.map((c) => c.header)), true);
  for (const row of rows) emit(render(row), false);
  doc.font('Helvetica').moveDown(0.4);
}

export const MONO_CHARS_PER_LINE = Math.floor((595.28 - 2 * PAGE_MARGIN) / CHAR_WIDTH);
