import { describe, expect, it } from 'vitest';
import { pdfText } from '@/lib/testing/pdf-text';
import { createPdf, finish } from './document';
import { wrapChars } from './mono';
import { pdfSafe } from './text';

describe('pdf helpers', () => {
  it('keeps kerning exactly as pdfkit defines it after the faster lookup is installed', async () => {
    const doc = createPdf({ title: 'kerning' });
    for (const name of ['Helvetica', 'Helvetica-Bold']) {
      doc.font(name);
      const font = (doc as unknown as { _font: { font: { kernPairs: Record<string, number>; getKernPair(l: string, r: string | undefined): number } } })._font.font;
      const pairs = Object.entries(font.kernPairs);
      expect(pairs.length).toBeGreaterThan(100);
      for (const [key, value] of pairs) {
        const [l, r] = key.split('\0') as [string, string];
        expect(font.getKernPair(l, r)).toBe(value);
      }
      expect(font.getKernPair('A', 'zzz')).toBe(0);
      expect(font.getKernPair('A', undefined)).toBe(0);
    }
    expect((await finish(doc)).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('maps text to what the built-in fonts can show', () => {
    expect(pdfSafe('plain ASCII stays')).toBe('plain ASCII stays');
    expect(pdfSafe('Prüfung – “quoted” → done')).toBe('Prüfung – “quoted” -> done');
    expect(pdfSafe('日本 \u0007bell')).toBe('?? bell');
  });

  it('wraps fixed-width cells at spaces, or hard when a word is too long', () => {
    expect(wrapChars('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrapChars('a'.repeat(20), 8)).toEqual(['aaaaaaaa', 'aaaaaaaa', 'aaaa']);
    expect(wrapChars('short', 10)).toEqual(['short']);
  });
});

describe('fixed-width listings', () => {
  it('writes rows that text extraction reads back exactly, escaping PDF string delimiters, and falls back for non-ASCII', async () => {
    const { monoTable } = await import('./mono');
    const doc = createPdf({ title: 'mono' });
    const hash = 'f'.repeat(64);
    monoTable(doc, [{ header: 'Name', chars: 20 }, { header: 'SHA-256', chars: 64 }], [
      ['plain (with parens) \\ slash', hash],
      ['Prüfbericht', '0'.repeat(64)],
    ]);
    const { lines, text } = await pdfText(await finish(doc));
    expect(text).toContain('plain (with parens)');
    expect(text).toContain('\\ slash');
    expect(text).toContain(hash);
    expect(text).toContain('Prüfbericht');
    // Whole rows, padding included: the columns line up and nothing is lost between them.
    expect(lines).toEqual([
      `${'Name'.padEnd(20)} SHA-256`,
      `${'plain (with parens)'.padEnd(20)} ${hash}`,
      '\\ slash',
      `${'Prüfbericht'.padEnd(20)} ${'0'.repeat(64)}`,
    ]);
  });
});
