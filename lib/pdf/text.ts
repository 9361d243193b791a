/**
 * The PDF's built-in Helvetica covers Windows-1252 only. Typographic characters map to their nearest
 * equivalent; anything else becomes "?" rather than garbage glyphs, and control characters go.
 */
const REPLACEMENTS: Record<string, string> = { '\u2192': '->', '\u2190': '<-', '\u2713': 'v', '\u2715': 'x', '\u26a0': '!', '\u2212': '-', '\u00a0': ' ', '\u2009': ' ', '\u202f': ' ' };
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

const PLAIN = /^[\x20-\x7e\n\t]*$/;

export function pdfSafe(text: string): string {
  // Almost all report text is plain ASCII: skip the per-character walk (and its garbage) for it.
  if (PLAIN.test(text)) return text;
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    if (ch === '\n' || ch === '\t') out += ch;
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    else if (code <= 0xff || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else out += REPLACEMENTS[ch] ?? '?';
  }
  return out;
}
