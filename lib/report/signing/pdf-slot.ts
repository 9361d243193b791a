// A PDF carries its own signature: the generator reserves a fixed-length string in the Info dictionary and signing
// overwrites it in place. Same length means no byte moves, so the xref table stays right and no re-render is needed.
// The hash is over the file with the slot emptied again, which is how a verifier recomputes it.

const PREFIX = 'PFSIG1:';
const PAD = ' ';

/** Holds the base64url of an envelope whose appName is 200 characters that JSON writes as \u00XX (about 2,100). */
export const PDF_SLOT_LENGTH = 4096;
export const PDF_SLOT_CAPACITY = PDF_SLOT_LENGTH - PREFIX.length;

/**
 * The Info value the PDF generator puts under `PreflightSignature`. Plain ASCII with no ( ) \ or control
 * characters, so pdfkit writes it byte for byte inside `( … )`.
 */
export const PDF_SIGNATURE_SLOT = PREFIX + PAD.repeat(PDF_SLOT_CAPACITY);

export class PdfSlotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfSlotError';
  }
}

// Bytes that stand for themselves in a PDF literal string. Anything else would be escaped by a writer, shifting
// offsets, or read back differently.
function isLiteralByte(b: number): boolean {
  return b >= 0x20 && b <= 0x7e && b !== 0x28 && b !== 0x29 && b !== 0x5c;
}

const OPENING = Buffer.from(`(${PREFIX}`, 'latin1');
const PLACEHOLDER = Buffer.from(PDF_SIGNATURE_SLOT, 'latin1');

/**
 * Offsets of every complete slot, filled or not: `(PFSIG1:` then exactly the slot's length of literal bytes then
 * `)`. A title that merely starts with the prefix has another length or is closed elsewhere, so it is not a slot.
 */
function findSlots(pdf: Buffer): number[] {
  const found: number[] = [];
  for (let at = pdf.indexOf(OPENING); at !== -1; at = pdf.indexOf(OPENING, at + 1)) {
    const start = at + 1;
    const end = start + PDF_SLOT_LENGTH;
    if (end >= pdf.length || pdf[end] !== 0x29) continue;
    let literal = true;
    for (let i = start + PREFIX.length; i < end && literal; i++) literal = isLiteralByte(pdf[i]!);
    if (literal) found.push(start);
  }
  return found;
}

function onlySlot(pdf: Buffer): number | null {
  const slots = findSlots(pdf);
  if (slots.length > 1) throw new PdfSlotError(`The PDF has ${slots.length} signature slots; a signed PDF has exactly one.`);
  return slots[0] ?? null;
}

function isPlaceholder(pdf: Buffer, start: number): boolean {
  return pdf.subarray(start, start + PDF_SLOT_LENGTH).equals(PLACEHOLDER);
}

/** A copy of the unsigned PDF with `content` in its slot, padded so the file keeps its length. */
export function fillPdfSlot(pdf: Buffer, content: string): Buffer {
  if (!content) throw new PdfSlotError('The signature slot cannot be filled with nothing: an empty slot means unsigned.');
  if (content.length > PDF_SLOT_CAPACITY) throw new PdfSlotError(`The signature is ${content.length} characters; the PDF slot holds ${PDF_SLOT_CAPACITY}.`);
  // Spaces are the padding, so a space inside would make the end of the content ambiguous.
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (c === 0x20 || !isLiteralByte(c)) throw new PdfSlotError('The slot takes printable ASCII without spaces, parentheses or backslashes.');
  }
  const start = onlySlot(pdf);
  if (start === null) {
    throw new PdfSlotError('The PDF has no signature slot: generate it unencrypted with PDF_SIGNATURE_SLOT as the PreflightSignature info entry.');
  }
  if (!isPlaceholder(pdf, start)) throw new PdfSlotError('The PDF is already signed.');
  const filled = Buffer.from(pdf);
  filled.write(PREFIX + content.padEnd(PDF_SLOT_CAPACITY, PAD), start, 'latin1');
  return filled;
}

/**
 * The content of a filled slot and the file as it was before filling. Null when there is no slot or it is still
 * empty; throws PdfSlotError when there are several, since which one was signed cannot be told.
 */
export function readPdfSlot(pdf: Buffer): { content: string; canonical: Buffer } | null {
  const start = onlySlot(pdf);
  if (start === null || isPlaceholder(pdf, start)) return null;
  const content = pdf.toString('latin1', start + PREFIX.length, start + PDF_SLOT_LENGTH).replace(/ +$/, '');
  const canonical = Buffer.from(pdf);
  PLACEHOLDER.copy(canonical, start);
  return { content, canonical };
}
