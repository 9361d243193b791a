import PDFDocument from 'pdfkit';
import { covers, type FontFace, type PrimaryFace } from './fonts/registry';
import { fontRuns, visualWordOrder } from './fonts/runs';
import { installBatchedWrites } from './batched-writes';
import { installSharedLayoutCache } from './layout-cache';
import { registerFace } from './shared-fonts';
import { showLine } from './show-text';

export type Pdf = InstanceType<typeof PDFDocument>;
export type StructElement = ReturnType<Pdf['struct']>;
/** Where tagged content goes: the document's root or an element inside it. */
export type StructParent = Pdf | StructElement;

export const PAGE_MARGIN = 56;
export const PAGE_WIDTH = 595.28;
export const CONTENT_WIDTH = PAGE_WIDTH - 2 * PAGE_MARGIN;
// Room above the body for the running header.
const TOP_MARGIN = PAGE_MARGIN + 14;

export const INK = { text: '#1a1a1a', muted: '#555555', faint: '#8a8a8a', rule: '#c8c8c8', accent: '#1f4e8c' } as const;

export type Style = { face?: PrimaryFace; size?: number; color?: string };
export type WriteOptions = PDFKit.Mixins.TextOptions & { x?: number; y?: number };

const registered = new WeakMap<Pdf, Set<FontFace>>();
// Widths in font units (1000 per em) by parsed font: every document shares the parsed fonts (shared-fonts.ts).
const unitWidths = new WeakMap<object, Map<string, number>>();
const MAX_WIDTHS_PER_FONT = 100_000;

/**
 * The current face's width of a string at the current size, remembered across documents: a table cell is measured
 * to place the row, again to decide whether it fits one line, and once more to align it, in every report.
 */
function stringWidth(doc: Pdf, text: string): number {
  const d = doc as unknown as { _font: { font: object; widthOfString(text: string, size: number): number }; _fontSize: number };
  const font = d._font;
  let cache = unitWidths.get(font.font);
  if (!cache) unitWidths.set(font.font, (cache = new Map()));
  let units = cache.get(text);
  if (units === undefined) {
    units = font.widthOfString(text, 1000);
    if (cache.size >= MAX_WIDTHS_PER_FONT) cache.clear();
    cache.set(text, units);
  }
  return (units * d._fontSize) / 1000;
}

function selectFace(doc: Pdf, face: FontFace): void {
  let faces = registered.get(doc);
  if (!faces) registered.set(doc, (faces = new Set()));
  if (!faces.has(face)) {
    // Registered on first use, so a report without a Chinese name never loads the Chinese face.
    registerFace(doc, face);
    faces.add(face);
  }
  doc.font(face);
}

/**
 * A tagged A4 PDF (PDF/UA-style structure: headings, lists, tables, figures with alt text), with the document
 * language and title set and fonts embedded. Pages are buffered so running headers and "page x of y" are written
 * once all pages exist. `info` values land in the Info dictionary verbatim.
 */
export function createPdf(info: { title: string; subject?: string; lang?: string; extraInfo?: Record<string, string> }): Pdf {
  const meta = { Title: info.title, Author: 'Preflight', Producer: 'Preflight', Creator: 'Preflight', ...(info.subject ? { Subject: info.subject } : {}), ...info.extraInfo };
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: TOP_MARGIN, bottom: PAGE_MARGIN, left: PAGE_MARGIN, right: PAGE_MARGIN },
    bufferPages: true,
    info: meta as PDFKit.DocumentInfo,
    tagged: true,
    lang: info.lang ?? 'en',
    displayTitle: true,
    pdfVersion: '1.7',
    // No default Helvetica: every face is embedded, and pdfkit would parse Helvetica's metrics for each document.
    font: null as unknown as string,
  });
  installBatchedWrites(doc);
  installSharedLayoutCache(doc, () => selectFace(doc, 'sans'));
  selectFace(doc, 'sans');
  return doc;
}

/**
 * Writes text in the report's faces (each call sets its own colour, so none is reset after), switching to the Chinese or emoji face wherever DejaVu has no glyph, and
 * putting right-to-left words in reading order. Plain text goes through one pdfkit call.
 */
export function write(doc: Pdf, text: string, style: Style = {}, options: WriteOptions = {}): void {
  const { x, y, ...textOptions } = options;
  const runs = fontRuns(visualWordOrder(text), style.face ?? 'sans', covers);
  doc.fontSize(style.size ?? 10).fillColor(style.color ?? INK.text);
  const left = x ?? doc.x;
  // Like pdfkit, text given no width wraps at the right margin unless told not to break lines.
  const width = textOptions.width ?? (textOptions.lineBreak === false ? undefined : Math.max(0, doc.page.width - left - doc.page.margins.right));
  const single = runs.length === 1 && !textOptions.continued ? runs[0]! : undefined;
  if (single && width && textOptions.align !== 'justify' && (textOptions.lineBreak !== false || fitsOneLine(doc, single, width))) {
    // pdfkit's line wrapper is most of the cost of a long report. Text in one face is wrapped here from word
    // widths instead, and each line written with one text operation.
    selectFace(doc, single.face);
    let top = y ?? doc.y;
    for (const line of wrapLines(doc, single.text, width)) {
      writeLine(doc, line, left, top, { ...textOptions, width });
      top = doc.y;
    }
    return;
  }
  if (single && width === undefined && !single.text.includes('\n') && onlyFastOptions(textOptions)) {
    // One line at a point (a chip's word): pdfkit would leave the cursor after it on the same line.
    selectFace(doc, single.face);
    const top = y ?? doc.y;
    const textWidth = stringWidth(doc, single.text);
    if (showAt(doc, single.text, left, top, textWidth, textOptions)) {
      doc.x = left + textWidth;
      doc.y = top;
      return;
    }
  }
  runs.forEach((run, i) => {
    selectFace(doc, run.face);
    const last = i === runs.length - 1;
    const opts = { ...textOptions, continued: last ? (textOptions.continued ?? false) : true };
    if (i === 0 && x !== undefined) doc.text(run.text, x, y, opts);
    else doc.text(run.text, opts);
  });
}

/** Whether a run is one line within `width`, where pdfkit's truncation (lineBreak: false, ellipsis) does nothing. */
function fitsOneLine(doc: Pdf, run: { face: FontFace; text: string }, width: number): boolean {
  if (run.text.includes('\n')) return false;
  selectFace(doc, run.face);
  return stringWidth(doc, run.text) <= width;
}

/**
 * Greedy word wrap, as pdfkit's wrapper does it: pdfkit measures a line as its words each with their trailing
 * space, so summing those widths is exact. A word wider than the line (a URL, a hash) is broken where it must.
 */
export function wrapLines(doc: Pdf, text: string, width: number): string[] {
  const lines: string[] = [];
  const space = stringWidth(doc, ' ');
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    for (const word of paragraph.split(' ')) {
      const wordWidth = stringWidth(doc, word);
      if (line && lineWidth + space + wordWidth <= width) {
        line += ` ${word}`;
        lineWidth += space + wordWidth;
        continue;
      }
      if (line) lines.push(line);
      if (wordWidth <= width) {
        line = word;
        lineWidth = wordWidth;
        continue;
      }
      // Summed per character (kerning aside, which a hash or a URL barely has), so no prefix is shaped.
      let piece = '';
      let pieceWidth = 0;
      for (const ch of word) {
        const charWidth = stringWidth(doc, ch);
        if (piece && pieceWidth + charWidth > width) {
          lines.push(piece);
          piece = '';
          pieceWidth = 0;
        }
        piece += ch;
        pieceWidth += charWidth;
      }
      line = piece;
      lineWidth = stringWidth(doc, piece);
    }
    lines.push(line);
  }
  return lines;
}

/** One line that fits its width, at (left, top), leaving the cursor at the start of the next line. */
function writeLine(doc: Pdf, line: string, left: number, top: number, options: PDFKit.Mixins.TextOptions): void {
  const { width, align, ...rest } = options;
  const textWidth = stringWidth(doc, line);
  const slack = width! - textWidth;
  // textWidth and wordCount are what the wrapper would have set; links and goTo size their boxes from them.
  const x = left + (align === 'right' ? slack : align === 'center' ? slack / 2 : 0);
  if (line && !(onlyFastOptions(rest) && showAt(doc, line, x, top, textWidth, rest))) {
    doc.text(line, x, top, { ...rest, lineBreak: false, textWidth, wordCount: 1 } as PDFKit.Mixins.TextOptions);
  }
  doc.x = left;
  doc.y = top + doc.currentLineHeight(true) + (rest.lineGap ?? 0);
}

// ellipsis and height only truncate, and a line that fits needs neither.
const FAST_OPTIONS = new Set(['link', 'goTo', 'lineGap', 'lineBreak', 'ellipsis', 'height']);

/** Whether a line with these options can be written by showLine: links and internal links are added here. */
function onlyFastOptions(options: PDFKit.Mixins.TextOptions): boolean {
  return Object.keys(options).every((key) => FAST_OPTIONS.has(key));
}

/** A line through showLine, with the link annotation pdfkit would add over it. False if showLine declined. */
function showAt(doc: Pdf, line: string, x: number, top: number, textWidth: number, options: PDFKit.Mixins.TextOptions): boolean {
  if (!showLine(doc, line, x, top)) return false;
  if (options.link != null) doc.link(x, top, textWidth, doc.currentLineHeight(), options.link);
  if (options.goTo != null) doc.goTo(x, top, textWidth, doc.currentLineHeight(), options.goTo);
  return true;
}

/** The width `text` takes in one line, across the faces `write` would use. */
export function widthOf(doc: Pdf, text: string, style: Style = {}): number {
  doc.fontSize(style.size ?? 10);
  let width = 0;
  for (const run of fontRuns(visualWordOrder(text), style.face ?? 'sans', covers)) {
    selectFace(doc, run.face);
    width += stringWidth(doc, run.text);
  }
  return width;
}

/** How tall `text` wraps to in `width`. Mixed-face text is estimated from its one-line width, a little generously. */
export function heightOf(doc: Pdf, text: string, style: Style, width: number): number {
  const runs = fontRuns(visualWordOrder(text), style.face ?? 'sans', covers);
  doc.fontSize(style.size ?? 10);
  if (runs.length === 1) {
    selectFace(doc, runs[0]!.face);
    if (!text.includes('\n') && stringWidth(doc, text) <= width) return doc.currentLineHeight(true);
    return doc.heightOfString(text || ' ', { width });
  }
  selectFace(doc, style.face ?? 'sans');
  const lineHeight = doc.currentLineHeight(true);
  const lines = text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil((widthOf(doc, line, style) * 1.1) / width)), 0);
  return lines * lineHeight;
}

/**
 * An upper bound of how tall `text` wraps to in `width`, from one-line widths only (no line wrapper): enough to
 * decide whether a table row still fits on the page. Wrapping at word boundaries loses at most part of a line per
 * line, so each wrapped paragraph gets one line of slack.
 */
export function estimateHeight(doc: Pdf, text: string, style: Style, width: number): number {
  selectFace(doc, style.face ?? 'sans');
  doc.fontSize(style.size ?? 10);
  const lineHeight = doc.currentLineHeight(true);
  let lines = 0;
  for (const part of text.split('\n')) {
    const w = widthOf(doc, part, style);
    lines += w <= width ? 1 : Math.ceil(w / width) + 1;
  }
  return lines * lineHeight;
}

/** Adds a structure element under `parent` and runs `draw` as its content (pdfkit runs it once attached). */
export function tag(doc: Pdf, parent: StructParent, type: string, draw: (() => void) | null, options: PDFKit.Mixins.StructureElementOptions = {}): StructElement {
  const element = doc.struct(type, options);
  if (parent === doc) doc.addStructure(element);
  else (parent as StructElement).add(element);
  if (draw) {
    element.add(draw);
    element.end();
  }
  return element;
}

/** Page furniture (headers, footers, decoration) is an artifact: screen readers skip it. */
export function artifact(doc: Pdf, draw: () => void, type: 'Pagination' | 'Layout' = 'Layout'): void {
  doc.markContent('Artifact', { type });
  draw();
  doc.endMarkedContent();
}

export function ensureSpace(doc: Pdf, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

export function heading(doc: Pdf, parent: StructParent, text: string, level: 1 | 2 | 3, options: { destination?: string } = {}): void {
  const size = level === 1 ? 16 : level === 2 ? 12 : 10;
  ensureSpace(doc, size * 4);
  doc.moveDown(level === 1 ? 0.8 : 0.5);
  if (options.destination) doc.addNamedDestination(options.destination, 'XYZ', PAGE_MARGIN, doc.page.height - doc.y + 4, 0);
  tag(doc, parent, `H${level}`, () => write(doc, text, { face: 'sans-bold', size, color: level === 1 ? INK.accent : INK.text }, { x: PAGE_MARGIN, width: CONTENT_WIDTH }));
  doc.moveDown(0.25);
}

export function paragraph(doc: Pdf, parent: StructParent, text: string, style: Style = {}, options: WriteOptions = {}): void {
  tag(doc, parent, 'P', () => write(doc, text, { size: 9.5, ...style }, { x: PAGE_MARGIN, width: CONTENT_WIDTH, ...options }));
}

/**
 * A running header on every page but the first, and "label · page x of y" at the foot of every page, both marked
 * as artifacts. Called once all pages exist.
 */
export function addPageFurniture(doc: Pdf, furniture: { header?: { left: string; right: string; rightColor?: string }; footer: string }): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing outside the margins would start a new page; lift them while the furniture is drawn.
    const margins = { ...doc.page.margins };
    doc.page.margins.bottom = 0;
    doc.page.margins.top = 0;
    const width = CONTENT_WIDTH;
    artifact(
      doc,
      () => {
        if (furniture.header && i > range.start) {
          const y = PAGE_MARGIN - 22;
          write(doc, furniture.header.left, { size: 8, color: INK.muted }, { x: PAGE_MARGIN, y, width: width * 0.7, lineBreak: false, ellipsis: true, height: 10 });
          const rightWidth = widthOf(doc, furniture.header.right, { face: 'sans-bold', size: 8 });
          write(doc, furniture.header.right, { face: 'sans-bold', size: 8, color: furniture.header.rightColor ?? INK.muted }, { x: PAGE_MARGIN + width - rightWidth, y, lineBreak: false });
          doc.moveTo(PAGE_MARGIN, y + 12).lineTo(PAGE_MARGIN + width, y + 12).lineWidth(0.5).strokeColor(INK.rule).stroke();
        }
        write(doc, `${furniture.footer} · page ${i + 1} of ${range.count}`, { size: 7.5, color: INK.muted }, { x: PAGE_MARGIN, y: doc.page.height - PAGE_MARGIN / 2 - 8, width, align: 'center', lineBreak: false });
      },
      'Pagination',
    );
    doc.page.margins.bottom = margins.bottom;
    doc.page.margins.top = margins.top;
  }
  doc.fillColor(INK.text);
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
