import type { FontFace, PrimaryFace } from './registry';

export type TextRun = { face: FontFace; text: string };
export type Coverage = (face: FontFace, codePoint: number) => boolean;

// Latin-1 plus general punctuation: DejaVu has all of it, so most report text needs no per-character walk.
const PRIMARY_ONLY = /^[\n\t\x20-\x7e\u00a0-\u024f\u2010-\u2027\u2030-\u205e]*$/;
export const RTL_CHAR = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const LTR_LETTER = /[\p{L}]/u;
// Characters that belong to the one before them: combining marks, variation selectors, zero-width joiners,
// emoji modifiers and tag characters. Splitting them off would break a glyph apart.
const CLUSTER_CONTINUATION = /[\p{M}\u200d\ufe0e\ufe0f\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]/u;
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}|\p{Extended_Pictographic}/u;

function fallbacksFor(primary: PrimaryFace): FontFace[] {
  const bold = primary === 'sans-bold';
  return [primary, ...(primary === 'mono' ? (['sans'] as const) : []), bold ? 'cjk-bold' : 'cjk', 'emoji'];
}

/** A code point no bundled face has, written so the reader still learns what was there instead of a box. */
export function unshowable(codePoint: number): string {
  return `[U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}]`;
}

/**
 * Splits text into runs, each in the first face that has every character of it. Emoji prefer the emoji face even
 * where DejaVu has a text-style look-alike, so "✅" prints as the emoji a person typed.
 */
export function fontRuns(text: string, primary: PrimaryFace, coverage: Coverage): TextRun[] {
  if (PRIMARY_ONLY.test(text)) return [{ face: primary, text }];
  const faces = fallbacksFor(primary);
  const runs: TextRun[] = [];
  let current = null as TextRun | null;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    let face: FontFace | undefined;
    let shown = ch;
    if (current && CLUSTER_CONTINUATION.test(ch)) face = current.face;
    // A space in the emoji face is far wider than DejaVu's; spaces stay in the text face.
    else if (ch === '\n' || ch === '\t' || ch === ' ') face = current?.face === 'cjk' || current?.face === 'cjk-bold' ? current.face : primary;
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) continue;
    else {
      const order = EMOJI_PRESENTATION.test(ch) && coverage('emoji', cp) ? (['emoji', ...faces] as FontFace[]) : faces;
      face = order.find((f) => coverage(f, cp));
      if (!face) {
        face = primary;
        shown = unshowable(cp);
      }
    }
    if (current && current.face === face) current.text += shown;
    else runs.push((current = { face, text: shown }));
  }
  return runs;
}

/**
 * pdfkit lays text out left to right, and fontkit reverses the glyphs of each right-to-left word itself. What is
 * left is the order of the words: a stretch of Hebrew or Arabic words inside a left-to-right line reads right to
 * left, so its words are reversed here. Numbers and punctuation between those words stay with the stretch.
 * It is the left-to-right paragraph case of the Unicode bidi algorithm, which is what a report's names and
 * titles need; a whole paragraph in Arabic still flows left to right across lines.
 */
export function visualWordOrder(text: string): string {
  if (!RTL_CHAR.test(text)) return text;
  const tokens = text.split(/(\s+)/);
  const isRtl = (t: string) => RTL_CHAR.test(t) && ![...t].some((c) => LTR_LETTER.test(c) && !RTL_CHAR.test(c));
  const out: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    if (!isRtl(tokens[i]!)) {
      out.push(tokens[i++]!);
      continue;
    }
    // The stretch runs while RTL words are separated only by whitespace.
    let end = i;
    while (end + 2 < tokens.length && /^\s+$/.test(tokens[end + 1]!) && isRtl(tokens[end + 2]!)) end += 2;
    // Punctuation at the stretch's edges belongs to the surrounding left-to-right text ("כהן:" keeps its colon
    // on the right).
    const stretch = tokens.slice(i, end + 1);
    const lead = /^[^\p{L}\p{N}]*/u.exec(stretch[0]!)![0];
    const trail = /[^\p{L}\p{N}]*$/u.exec(stretch[stretch.length - 1]!)![0];
    stretch[0] = stretch[0]!.slice(lead.length);
    stretch[stretch.length - 1] = stretch[stretch.length - 1]!.slice(0, stretch[stretch.length - 1]!.length - trail.length);
    // Punctuation between two right-to-left words reads right to left too: "כהן," puts its comma on the left.
    for (let k = 0; k < stretch.length; k += 2) {
      const [, core, after] = /^(.*?)([^\p{L}\p{N}]*)$/u.exec(stretch[k]!)!;
      stretch[k] = (after ?? '') + (core ?? '');
    }
    out.push(lead, ...stretch.reverse(), trail);
    i = end + 1;
  }
  return out.join('');
}
