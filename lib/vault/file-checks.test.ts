import { describe, expect, it } from 'vitest';
import { checkFileType } from './file-types';
import { contentDisposition, sanitizeFilename } from './filename';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
const PDF = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1');
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(64)]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(0x3a), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(0x40), Buffer.from('PE\0\0')]);

describe('file type allowlist', () => {
  it('accepts real files whose extension matches', async () => {
    expect(await checkFileType('report.pdf', PDF)).toEqual({ ok: true, mime: 'application/pdf' });
    expect(await checkFileType('shot.PNG', PNG)).toEqual({ ok: true, mime: 'image/png' });
    expect(await checkFileType('notes.md', Buffer.from('# Heading\n\nÄrger über Umlaute ✓'))).toEqual({ ok: true, mime: 'text/markdown' });
    expect(await checkFileType('trace.har', Buffer.from('{"log":{}}'))).toEqual({ ok: true, mime: 'application/json' });
  });

  it('refuses an executable renamed .pdf, a PDF named .png, and binary named .txt', async () => {
    expect((await checkFileType('invoice.pdf', ELF)).ok).toBe(false);
    expect((await checkFileType('invoice.pdf', EXE)).ok).toBe(false);
    expect(await checkFileType('shot.png', PDF)).toEqual({ ok: false, message: 'The content of this file (pdf) does not match its .png extension.' });
    expect(await checkFileType('readme.txt', ELF)).toEqual({ ok: false, message: 'This file is not plain text, so it cannot be a .txt file.' });
    expect(await checkFileType('readme.txt', PNG)).toMatchObject({ ok: false });
  });

  it('refuses extensions off the list', async () => {
    expect(await checkFileType('tool.exe', EXE)).toMatchObject({ ok: false, message: expect.stringContaining('".exe" are not accepted') });
    expect(await checkFileType('noextension', PDF)).toMatchObject({ ok: false });
  });
});

describe('filenames', () => {
  it('keeps only the last path segment and drops control and bidi characters', () => {
    expect(sanitizeFilename('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFilename('..\\..\\win.ini')).toBe('win.ini');
    expect(sanitizeFilename('a\u0000b.pdf')).toBe('ab.pdf');
    expect(sanitizeFilename('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(sanitizeFilename('...')).toBe('file');
    expect(sanitizeFilename('.hidden.txt')).toBe('hidden.txt');
  });

  it('shortens to 255 characters and keeps the extension', () => {
    const name = sanitizeFilename(`${'x'.repeat(2000)}.pdf`);
    expect([...name]).toHaveLength(255);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('encodes Content-Disposition with an ASCII fallback', () => {
    expect(contentDisposition('Prüfbericht "final".pdf')).toBe(`attachment; filename="Pr_fbericht _final_.pdf"; filename*=UTF-8''Pr%C3%BCfbericht%20%22final%22.pdf`);
  });
});
