import type { Font } from 'fontkit';
import type { Pdf } from './document';
import { fontBytes, parsedFont, type FontFace } from './fonts/registry';

type EmbeddedFontClass = new (doc: Pdf, font: Font, id: string) => object;
type FontInternals = { _font: object; _fontCount: number; _fontFamilies: Record<string, object> };

let embeddedFontClass: EmbeddedFontClass | undefined;

/**
 * Registers `face` with the document. pdfkit parses the font file again for every document (its tables are
 * decoded anew each time); the parsed font only describes the file, while what a document adds (its subset, widths
 * and code points) lives in pdfkit's EmbeddedFont. So each document gets its own EmbeddedFont around the one parsed
 * font of the process. pdfkit does not export that class; the first face it opens shows it.
 */
export function registerFace(doc: Pdf, face: FontFace): void {
  doc.registerFont(face, fontBytes(face));
  const d = doc as unknown as FontInternals;
  if (embeddedFontClass) {
    d._fontFamilies[face] = new embeddedFontClass(doc, parsedFont(face), `F${++d._fontCount}`);
    return;
  }
  const previous = d._font;
  doc.font(face);
  const opened = d._font;
  if (opened !== previous && 'subset' in opened && 'layoutCached' in opened) embeddedFontClass = opened.constructor as EmbeddedFontClass;
}
