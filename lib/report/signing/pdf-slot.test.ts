import { getDocumentProxy, extractText } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { PDF_SIGNATURE_SLOT, PDF_SLOT_CAPACITY, PDF_SLOT_LENGTH, PdfSlotError, fillPdfSlot, readPdfSlot } from './pdf-slot';
import { unsignedPdf } from './testing';

/** Every in-use xref entry points at `N 0 obj` for its own N: what "offsets stay valid" means for a reader. */
function xrefPointsAtObjects(pdf: Buffer): boolean {
  const text = pdf.toString('latin1');
  const start = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1]);
  if (!text.startsWith('xref', start)) return false;
  const lines = text.slice(start).split('\n');
  const [first, count] = lines[1]!.split(' ').map(Number) as [number, number];
  for (let i = 0; i < count; i++) {
    const [offset, , kind] = lines[2 + i]!.trim().split(' ');
    if (kind === 'n' && !text.startsWith(`${first + i} 0 obj`, Number(offset))) return false;
  }
  return count > 1;
}

async function customInfo(pdf: Buffer): Promise<Record<string, unknown>> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { info } = (await doc.getMetadata()) as { info: { Custom?: Record<string, unknown> } };
  return info.Custom ?? {};
}

describe('PDF signature slot', () => {
  it('is printable ASCII that needs no escaping in a PDF string, with a fixed prefix', () => {
    expect(PDF_SIGNATURE_SLOT).toHaveLength(PDF_SLOT_LENGTH);
    expect(PDF_SIGNATURE_SLOT).toMatch(/^PFSIG1: +$/);
    expect(PDF_SLOT_CAPACITY).toBe(PDF_SLOT_LENGTH - 'PFSIG1:'.length);
  });

  it('is written verbatim by pdfkit, exactly once', async () => {
    const pdf = await unsignedPdf();
    const text = pdf.toString('latin1');
    expect(text.split(`(${PDF_SIGNATURE_SLOT})`)).toHaveLength(2);
    expect(readPdfSlot(pdf)).toBeNull();
  });

  it('fills in place: same length, same offsets, the rest byte for byte, and readable back', async () => {
    const pdf = await unsignedPdf();
    const content = 'eyJ2IjoxfQ'.repeat(50);
    const filled = fillPdfSlot(pdf, content);
    expect(filled).toHaveLength(pdf.length);
    expect(xrefPointsAtObjects(pdf)).toBe(true);
    expect(xrefPointsAtObjects(filled)).toBe(true);
    const at = pdf.indexOf(PDF_SIGNATURE_SLOT, 0, 'latin1');
    expect(filled.subarray(0, at)).toEqual(pdf.subarray(0, at));
    expect(filled.subarray(at + PDF_SLOT_LENGTH)).toEqual(pdf.subarray(at + PDF_SLOT_LENGTH));
    const read = readPdfSlot(filled);
    expect(read?.content).toBe(content);
    expect(read?.canonical).toEqual(pdf);
    expect(pdf.indexOf(PDF_SIGNATURE_SLOT, 0, 'latin1')).toBe(at); // the input is not modified
  });

  it('leaves a PDF that pdf.js opens, with the text and the filled info entry', async () => {
    const pdf = await unsignedPdf({ text: 'Readiness: 12 of 14 items met.' });
    const content = 'A'.repeat(PDF_SLOT_CAPACITY);
    const filled = fillPdfSlot(pdf, content);
    expect((await customInfo(filled)).PreflightSignature).toBe(`PFSIG1:${content}`);
    const short = fillPdfSlot(pdf, 'abc-_123');
    expect(String((await customInfo(short)).PreflightSignature).trimEnd()).toBe('PFSIG1:abc-_123');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(short)), { mergePages: true });
    expect(text).toContain('Readiness: 12 of 14 items met.');
  });

  it('refuses content that is empty, too long or would need escaping', async () => {
    const pdf = await unsignedPdf();
    expect(() => fillPdfSlot(pdf, '')).toThrow(PdfSlotError);
    expect(() => fillPdfSlot(pdf, 'A'.repeat(PDF_SLOT_CAPACITY + 1))).toThrow(/holds 4089/);
    for (const bad of ['a(b', 'a)b', 'a\\b', 'a b', 'a\nb', 'é', '\u0000']) expect(() => fillPdfSlot(pdf, bad), bad).toThrow(/printable ASCII/);
  });

  it('refuses a PDF with no slot, two slots, or one already filled', async () => {
    const none = await unsignedPdf({ info: { PreflightSignature: 'something else' } });
    expect(() => fillPdfSlot(none, 'abc')).toThrow(/no signature slot/);
    expect(readPdfSlot(none)).toBeNull();
    const two = await unsignedPdf({ info: { Subject: PDF_SIGNATURE_SLOT } });
    expect(() => fillPdfSlot(two, 'abc')).toThrow(/2 signature slots/);
    expect(() => readPdfSlot(two)).toThrow(PdfSlotError);
    const filled = fillPdfSlot(await unsignedPdf(), 'abc');
    expect(() => fillPdfSlot(filled, 'def')).toThrow(/already signed/);
  });

  it('does not take a look-alike for the slot', async () => {
    // A title that starts with the prefix, and one of the right length but not closed where the slot would be.
    const pdf = await unsignedPdf({ info: { Title: 'PFSIG1:abc', Subject: `${PDF_SIGNATURE_SLOT}x` } });
    expect(fillPdfSlot(pdf, 'abc')).toHaveLength(pdf.length);
    expect(readPdfSlot(fillPdfSlot(pdf, 'abc'))?.content).toBe('abc');
  });

  it('finds nothing in a truncated file', async () => {
    const filled = fillPdfSlot(await unsignedPdf(), 'abc');
    const at = filled.indexOf('(PFSIG1:', 0, 'latin1');
    expect(readPdfSlot(filled.subarray(0, at + PDF_SLOT_LENGTH))).toBeNull();
    expect(readPdfSlot(filled.subarray(0, at + PDF_SLOT_LENGTH + 2))?.content).toBe('abc');
  });
});
