import { readFileSync } from 'node:fs';
import path from 'node:path';
import { create, type Font } from 'fontkit';
import { woffToSfnt } from './woff';

/** The faces a Preflight PDF uses: DejaVu for Latin, Greek, Cyrillic, Hebrew and Arabic; Noto for Chinese and emoji. */
export type FontFace = 'sans' | 'sans-bold' | 'mono' | 'cjk' | 'cjk-bold' | 'emoji';
export type PrimaryFace = Extract<FontFace, 'sans' | 'sans-bold' | 'mono'>;

const SOURCES: Record<FontFace, string> = {
  sans: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  'sans-bold': 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
  mono: 'dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf',
  cjk: '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff',
  'cjk-bold': '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-700-normal.woff',
  emoji: '@fontsource/noto-emoji/files/noto-emoji-emoji-400-normal.woff',
};

export const FONT_FACES = Object.keys(SOURCES) as FontFace[];

const loaded = new Map<FontFace, { bytes: Buffer; font: Font; coverage: Map<number, boolean> }>();

function fontFile(face: FontFace): string {
  // Resolved from the working directory rather than through the bundler: the server, the CLIs and the tests all
  // run from the project folder, and Next must not try to inline megabytes of font data.
  return path.join(process.cwd(), 'node_modules', SOURCES[face]);
}

function load(face: FontFace) {
  let entry = loaded.get(face);
  if (!entry) {
    const raw = readFileSync(fontFile(face));
    const bytes = raw.subarray(0, 4).toString('latin1') === 'wOFF' ? woffToSfnt(raw) : raw;
    entry = { bytes, font: keepCodePoints(create(bytes)), coverage: new Map() };
    loaded.set(face, entry);
  }
  return entry;
}

type GlyphLookup = { getGlyph(id: number, codePoints?: number[]): { codePoints: number[] } | null };

/**
 * fontkit keeps one glyph object per id with the code points of its first lookup. Parsed once for every document,
 * a glyph first met as a part of another (an "o" inside "ó", while a subset is written) would stay without code
 * points, and later documents would map it to no text (a search or a screen reader would lose the letter). A
 * lookup that knows the code points fills them in.
 */
function keepCodePoints<F extends object>(font: F): F {
  const lookup = font as unknown as GlyphLookup;
  const getGlyph = lookup.getGlyph.bind(lookup);
  lookup.getGlyph = (id, codePoints = []) => {
    const glyph = getGlyph(id, codePoints);
    if (glyph && codePoints.length > 0 && glyph.codePoints.length === 0) glyph.codePoints = codePoints;
    return glyph;
  };
  return font;
}

/**
 * The font file for pdfkit. The same Buffer every time: fontkit parses a plain font lazily, so a document
 * that never shows a Chinese name pays nothing for the Chinese face.
 */
export function fontBytes(face: FontFace): Buffer {
  return load(face).bytes;
}

/** The font parsed once per process, shared by every document (see shared-fonts.ts). */
export function parsedFont(face: FontFace): Font {
  return load(face).font;
}

export function covers(face: FontFace, codePoint: number): boolean {
  const { font, coverage } = load(face);
  let known = coverage.get(codePoint);
  if (known === undefined) {
    known = font.hasGlyphForCodePoint(codePoint);
    coverage.set(codePoint, known);
  }
  return known;
}
