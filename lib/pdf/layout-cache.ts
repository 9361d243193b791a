import type { Pdf } from './document';
import { RTL_CHAR } from './fonts/runs';

// Right-to-left letters with their marks, and the rest: fontkit reverses a whole run it judges right to left.
const DIRECTION_SEGMENTS = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{M}]+|[^\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]+/gu;

type GlyphRun = { glyphs: unknown[]; positions: unknown[]; advanceWidth: number };
type EmbeddedFont = { font: { stream?: { buffer?: object } }; layoutRun(text: string): GlyphRun; layoutCached(text: string): GlyphRun };

const MAX_WORDS_PER_FONT = 50_000;
const shared = new WeakMap<object, Map<string, GlyphRun>>();
let installed = false;

/**
 * pdfkit shapes every word with fontkit and caches the result per document, so each report shapes the same
 * words again: most of the time of a long report. The shaped words depend only on the font file, so this keeps
 * one cache per font file (the same Buffer each time, see fonts/registry.ts) across documents. pdfkit only reads
 * the cached runs (glyph ids, advances, code points); the subset of glyphs stays per document.
 */
export function installSharedLayoutCache(doc: Pdf, selectEmbeddedFont: () => void): void {
  if (installed) return;
  selectEmbeddedFont();
  const embedded = (doc as unknown as { _font?: EmbeddedFont })._font;
  if (!embedded || typeof embedded.layoutRun !== 'function' || typeof embedded.layoutCached !== 'function') return;
  const proto = Object.getPrototypeOf(embedded) as EmbeddedFont;
  proto.layoutCached = function layoutCached(this: EmbeddedFont, text: string): GlyphRun {
    const key = this.font.stream?.buffer;
    if (!key) return this.layoutRun(text);
    let cache = shared.get(key);
    if (!cache) shared.set(key, (cache = new Map()));
    let run = cache.get(text);
    if (!run) {
      run = RTL_CHAR.test(text) ? layoutByDirection(this, text) : this.layoutRun(text);
      if (cache.size >= MAX_WORDS_PER_FONT) cache.clear();
      cache.set(text, run);
    }
    return run;
  };
  installed = true;
}

/**
 * pdfkit hands fontkit each word with its trailing space ("כהן "), and fontkit reverses the whole run, space and
 * punctuation included, so the space would land on the word's left. Shaping the right-to-left letters apart from
 * what follows keeps the space and a trailing colon where they belong; Arabic letters stay together, so they
 * still join.
 */
function layoutByDirection(font: EmbeddedFont, text: string): GlyphRun {
  const parts = (text.match(DIRECTION_SEGMENTS) ?? [text]).map((segment) => font.layoutRun(segment));
  return { glyphs: parts.flatMap((p) => p.glyphs), positions: parts.flatMap((p) => p.positions), advanceWidth: parts.reduce((sum, p) => sum + p.advanceWidth, 0) };
}
