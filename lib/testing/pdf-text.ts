import { readFile } from 'node:fs/promises';
import { extractTextItems } from 'unpdf';

type Item = { str: string; x: number; y: number; width: number; fontSize: number };

export type PdfText = {
  /** Each page's lines, top to bottom. */
  pages: string[][];
  /** Every line of every page, in order. */
  lines: string[];
  /** All lines joined with newlines. */
  text: string;
};

/**
 * A PDF's text as lines laid out as on the page, read with pdf.js (through unpdf) so that tests need no system
 * package. pdf.js splits a text operator at spaces and keeps a run of spaces as one item, which would lose the
 * padding of fixed-width rows, so lines are rebuilt from positions: items on one baseline, left to right, with
 * each gap turned back into as many spaces as characters fit in it.
 */
export async function pdfText(pdf: Uint8Array | string): Promise<PdfText> {
  const bytes = typeof pdf === 'string' ? await readFile(pdf) : pdf;
  // pdf.js may take over (detach) the buffer it is given; the caller keeps theirs.
  const { items } = await extractTextItems(new Uint8Array(bytes));
  const pages = items.map(pageLines);
  const lines = pages.flat();
  return { pages, lines, text: lines.join('\n') };
}

function pageLines(items: Item[]): string[] {
  const rows: { y: number; size: number; items: Item[] }[] = [];
  for (const item of items) {
    if (item.str.trim() === '') continue;
    const row = rows.find((r) => Math.abs(r.y - item.y) < Math.min(r.size, item.fontSize) / 2);
    if (row) row.items.push(item);
    else rows.push({ y: item.y, size: item.fontSize, items: [item] });
  }
  // PDF y grows upwards.
  return rows.sort((a, b) => b.y - a.y).map((r) => rowText(r.items));
}

function rowText(items: Item[]): string {
  const sorted = [...items].sort((a, b) => a.x - b.x);
  // One character's advance: exact for Courier (so fixed-width columns come back aligned), an estimate otherwise.
  const advances = sorted.map((i) => i.width / i.str.length).sort((a, b) => a - b);
  const charWidth = advances[Math.floor(advances.length / 2)]!;
  let line = '';
  let end = 0;
  for (const item of sorted) {
    if (line) {
      const gap = item.x - end;
      let spaces = Math.max(0, Math.round(gap / charWidth));
      // A proportional space can be under half an average character; a real gap is still a word break.
      if (spaces === 0 && gap > item.fontSize * 0.1) spaces = 1;
      line += ' '.repeat(spaces);
    }
    line += item.str;
    end = item.x + item.width;
  }
  return line;
}
