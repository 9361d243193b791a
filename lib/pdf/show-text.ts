import type { Pdf } from './document';

type Glyph = { id: number; advanceWidth: number; codePoints: number[] };
type Position = { xAdvance: number; xOffset: number; yOffset: number; advanceWidth: number };
type GlyphRun = { glyphs: Glyph[]; positions: Position[] };
/** The parts of pdfkit's EmbeddedFont this module relies on (pdfkit 0.17). */
type EmbeddedFont = {
  id: string;
  /** The parsed (fontkit) font. */
  font: object;
  ascender: number;
  scale: number;
  subset: { includeGlyph(id: number): number };
  widths: number[];
  unicode: number[][];
  layoutCached(word: string): GlyphRun;
  ref(): unknown;
};
type PdfInternals = { _font: EmbeddedFont | { subset?: undefined }; _fontSize: number; page: { height: number; fonts: Record<string, unknown> } };

/** A line shaped once per font file: its glyphs and, per glyph, the kerning pdfkit writes after it (0 for none). */
type ShapedLine = { glyphs: Glyph[]; kerning: number[] };
// By parsed font, shared by every document (shared-fonts.ts); null marks a line with a displaced glyph.
const shaped = new WeakMap<object, Map<string, ShapedLine | null>>();
const MAX_LINES_PER_FONT = 50_000;
// Per font of one document: the subset's glyph numbers are the document's own, and so is a shown string.
const shown = new WeakMap<object, Map<string, string | null>>();
const subsetHex = new WeakMap<object, string[]>();

/** pdfkit's number format: at most six decimals, no exponent. */
function num(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/**
 * Shapes a line word by word. Words end after each space or tab, exactly where pdfkit's layout splits them, so
 * the shaped words are the ones pdfkit's (shared) layout cache already holds.
 */
function shapeLine(font: EmbeddedFont, text: string): ShapedLine | null {
  let cache = shaped.get(font.font);
  if (!cache) shaped.set(font.font, (cache = new Map()));
  const known = cache.get(text);
  if (known !== undefined) return known;
  let line: ShapedLine | null = { glyphs: [], kerning: [] };
  let start = 0;
  words: for (let i = 0; i <= text.length; i++) {
    const ch = text.charCodeAt(i);
    if (i < text.length && ch !== 32 && ch !== 9) continue;
    const end = i < text.length ? i + 1 : i;
    if (end === start) break;
    const run = font.layoutCached(text.slice(start, end));
    start = end;
    for (let g = 0; g < run.glyphs.length; g++) {
      const position = run.positions[g]!;
      if (position.xOffset || position.yOffset) {
        line = null;
        break words;
      }
      line.glyphs.push(run.glyphs[g]!);
      line.kerning.push(position.xAdvance - position.advanceWidth);
    }
  }
  if (cache.size >= MAX_LINES_PER_FONT) cache.clear();
  cache.set(text, line);
  return line;
}

/**
 * The TJ operand for `text` in `font`: glyphs as hex subset ids, with the kerning adjustments pdfkit would write.
 * Null when a glyph is displaced (a mark placed by the shaper), which pdfkit positions with its own text matrix.
 * Adds the glyphs to the subset with their widths and code points, as pdfkit's own encoder does.
 */
function showOperand(font: EmbeddedFont, text: string): string | null {
  let cache = shown.get(font);
  if (!cache) shown.set(font, (cache = new Map()));
  const known = cache.get(text);
  if (known !== undefined) return known;
  const line = shapeLine(font, text);
  let operand: string | null = null;
  if (line) {
    let hexById = subsetHex.get(font);
    if (!hexById) subsetHex.set(font, (hexById = []));
    const parts: string[] = [];
    let hex = '';
    for (let g = 0; g < line.glyphs.length; g++) {
      const glyph = line.glyphs[g]!;
      let glyphHex = hexById[glyph.id];
      if (glyphHex === undefined) {
        const gid = font.subset.includeGlyph(glyph.id);
        if (font.widths[gid] == null) font.widths[gid] = glyph.advanceWidth * font.scale;
        if (font.unicode[gid] == null) font.unicode[gid] = glyph.codePoints;
        glyphHex = hexById[glyph.id] = gid.toString(16).padStart(4, '0');
      }
      hex += glyphHex;
      const kerning = line.kerning[g]!;
      if (kerning !== 0) {
        parts.push(`<${hex}> ${num(-kerning)}`);
        hex = '';
      }
    }
    if (hex) parts.push(`<${hex}> 0`);
    operand = `[${parts.join(' ')}]`;
  }
  cache.set(text, operand);
  return operand;
}

/**
 * Writes one line of text in the current embedded font, size and fill colour with its top-left corner at (x, top),
 * as the operators pdfkit's text() would produce for it, without pdfkit's per-call option handling and per-glyph
 * string building (most of the time of a long report). Returns false, having written nothing, for what only
 * pdfkit handles: a standard PDF font, or a glyph the shaper displaced.
 */
export function showLine(doc: Pdf, text: string, x: number, top: number): boolean {
  const d = doc as unknown as PdfInternals;
  const font = d._font;
  if (!('layoutCached' in font)) return false;
  if (text === '') return true;
  const operand = showOperand(font, text);
  if (operand === null) return false;
  if (d.page.fonts[font.id] == null) d.page.fonts[font.id] = font.ref();
  const size = d._fontSize;
  // pdfkit's page space runs top-down; text is set in a flipped matrix with the baseline an ascender below the top.
  const height = d.page.height;
  const baseline = height - top - (font.ascender / 1000) * size;
  doc.addContent(`q\n1 0 0 -1 0 ${num(height)} cm\nBT\n1 0 0 1 ${num(x)} ${num(baseline)} Tm\n/${font.id} ${num(size)} Tf\n${operand} TJ\nET\nQ`);
  return true;
}
