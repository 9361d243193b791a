import { artifact, INK, tag, widthOf, write, type Pdf, type StructParent } from './document';

export type Tone = { fill: string; text: string };

/**
 * A rounded label in colour with its word inside, so it still reads in a grey print. Returns the x after it.
 * The word is real text (a screen reader and a text search find it); the shape is an artifact.
 */
export function chip(doc: Pdf, parent: StructParent, label: string, tone: Tone, x: number, y: number, size = 7.5): number {
  const width = widthOf(doc, label, { face: 'sans-bold', size }) + 8;
  const height = size + 5;
  artifact(doc, () => {
    doc.roundedRect(x, y, width, height, 3).fill(tone.fill);
  });
  tag(doc, parent, 'Span', () => write(doc, label, { face: 'sans-bold', size, color: tone.text }, { x: x + 4, y: y + 2.5, lineBreak: false }));
  return x + width + 4;
}

/**
 * A horizontal bar for a share, drawn as a figure whose alternate text states the figure in words, so the
 * bar is not the only way to learn it.
 */
export function bar(doc: Pdf, parent: StructParent, share: { done: number; of: number }, box: { x: number; y: number; width: number; height: number }, options: { label: string; color?: string }): void {
  const fraction = share.of === 0 ? 0 : Math.min(1, share.done / share.of);
  const percent = Math.round(fraction * 100);
  tag(
    doc,
    parent,
    'Figure',
    () => {
      doc.rect(box.x, box.y, box.width, box.height).fill('#e6e6e6');
      if (fraction > 0) doc.rect(box.x, box.y, box.width * fraction, box.height).fill(options.color ?? INK.accent);
      doc.fillColor(INK.text);
    },
    { alt: `${options.label}: ${percent} % (${share.done} of ${share.of})` },
  );
}

// DejaVu Sans has both ballot boxes, so a criterion's state is a real glyph a reader (and a search) sees.
export const CHECKED = '\u2611';
export const UNCHECKED = '\u2610';
