import { readFileSync } from 'node:fs';
import path from 'node:path';
import { create } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { pdfProxy } from '@/lib/testing/pdf-render';
import { pdfText } from '@/lib/testing/pdf-text';
import { INTERNATIONAL_NAMES } from '@/lib/testing/report-fixture';
import { createPdf, finish, paragraph, tag, write } from './document';
import { covers } from './fonts/registry';
import { fontRuns, unshowable, visualWordOrder } from './fonts/runs';
import { woffToSfnt } from './fonts/woff';
import { table } from './table';

const EMOJI_WOFF = path.join(process.cwd(), 'node_modules/@fontsource/noto-emoji/files/noto-emoji-emoji-400-normal.woff');

describe('fonts', () => {
  it('turns a WOFF font back into the TrueType font it wraps, glyph for glyph', () => {
    const woff = readFileSync(EMOJI_WOFF);
    const sfnt = woffToSfnt(woff);
    expect(sfnt.readUInt32BE(0)).toBe(0x00010000);
    const fromWoff = create(woff);
    const fromSfnt = create(sfnt);
    for (const cp of [0x1f680, 0x2705, 0x1f0cf]) expect(fromSfnt.hasGlyphForCodePoint(cp)).toBe(fromWoff.hasGlyphForCodePoint(cp));
    expect(fromSfnt.hasGlyphForCodePoint(0x1f680)).toBe(true);
    expect(() => woffToSfnt(Buffer.from('not a font at all, not at all'.repeat(3)))).toThrow(/WOFF/);
  });

  it('picks a face per run: DejaVu for Latin, Greek, Cyrillic, Hebrew and Arabic, Noto for Chinese and emoji', () => {
    expect(fontRuns('plain ASCII', 'sans', covers)).toEqual([{ face: 'sans', text: 'plain ASCII' }]);
    expect(fontRuns('Łukasz Σοφία Дмитрий שלום مرحبا', 'sans', covers)).toEqual([{ face: 'sans', text: 'Łukasz Σοφία Дмитрий שלום مرحبا' }]);
    expect(fontRuns('Owner 王芳 🚀 ok', 'sans-bold', covers)).toEqual([
      { face: 'sans-bold', text: 'Owner ' },
      { face: 'cjk-bold', text: '王芳 ' },
      { face: 'emoji', text: '🚀' },
      { face: 'sans-bold', text: ' ok' },
    ]);
    // A skin-tone modifier and a ZWJ sequence stay with their emoji.
    expect(fontRuns('👍🏽👩‍💻', 'sans', covers)).toEqual([{ face: 'emoji', text: '👍🏽👩‍💻' }]);
    // Control characters go; a character no bundled face has is named instead of drawn as a box.
    expect(fontRuns('a\u0007b क', 'sans', covers)).toEqual([{ face: 'sans', text: `ab ${unshowable(0x915)}` }]);
  });

  it('puts right-to-left words in reading order inside a left-to-right line, punctuation staying outside', () => {
    expect(visualWordOrder('no change')).toBe('no change');
    expect(visualWordOrder('Owner: מרים כהן today')).toBe('Owner: כהן מרים today');
    expect(visualWordOrder('by מרים כהן: the')).toBe('by כהן מרים: the');
    expect(visualWordOrder('محمد علي')).toBe('علي محمد');
    expect(visualWordOrder('מרים כהן, محمد علي')).toBe('علي محمد ,כהן מרים');
  });
});

describe('text in the PDF', () => {
  // First in its file: the letter must not have been shaped in this process before.
  it('keeps a letter readable in a later document after an earlier one embedded it only as part of another glyph', async () => {
    // The first document of a process opens its fonts through pdfkit; later ones share the parsed fonts.
    await finish(createPdf({ title: 'First' }));
    // DejaVu draws "ǩ" from "k" and a caron: writing the subset looks "k" up without its code point.
    const first = createPdf({ title: 'Composite' });
    write(first, 'ǩ', {}, { x: 60, y: 80 });
    await finish(first);
    const second = createPdf({ title: 'Plain' });
    write(second, 'kayak', {}, { x: 60, y: 80 });
    expect((await pdfText(await finish(second))).text).toContain('kayak');
  });

  it('prints every script, right-to-left text and emoji, and reads them back: no "?" and no missing glyph', async () => {
    const doc = createPdf({ title: 'Names' });
    const names = [...INTERNATIONAL_NAMES, 'Дмитрий Иванов', 'Launch 🚀✅'];
    for (const name of names) paragraph(doc, doc, `Owner ${name}.`);
    const pdf = await finish(doc);
    const { text } = await pdfText(pdf);
    for (const name of names) expect(text).toContain(name);
    expect(text).not.toContain('?');
    expect(text).not.toContain('\ufffd');
    expect(text).not.toContain('[U+');
  });

  it('is tagged: language, title shown, marked content, and a structure tree of headings, lists and tables', async () => {
    const doc = createPdf({ title: 'Structure 王芳', lang: 'en' });
    const root = tag(doc, doc, 'Document', null);
    tag(doc, root, 'H1', () => write(doc, 'Heading', { size: 16 }));
    const list = tag(doc, root, 'L', null);
    tag(doc, list, 'LI', () => write(doc, 'first'));
    list.end();
    table(doc, root, [{ header: 'Name', width: 100 }, { header: 'Value', width: 100 }], [['a', 'b'], ['Σοφία', { text: '42 %', bar: { done: 42, of: 100 } }]]);
    root.end();
    const pdf = await finish(doc);
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/MarkInfo \d+ 0 R/);
    expect(raw).toMatch(/\/Marked true/);
    expect(raw).toMatch(/\/Type \/StructTreeRoot/);
    expect(raw).toMatch(/\/Lang \(en\)/);
    expect(raw).toMatch(/\/DisplayDocTitle true/);
    const proxy = await pdfProxy(pdf);
    const { info } = (await proxy.getMetadata()) as unknown as { info: Record<string, unknown> };
    expect(info.Title).toBe('Structure 王芳');
    const tree = await (await proxy.getPage(1)).getStructTree();
    const roles: string[] = [];
    const walk = (node: { role?: string; children?: unknown[] }) => {
      if (node.role) roles.push(node.role);
      for (const child of node.children ?? []) walk(child as typeof node);
    };
    walk(tree as never);
    expect(roles).toEqual(expect.arrayContaining(['Document', 'H1', 'L', 'LI', 'Table', 'TR', 'TH', 'TD']));
    expect(roles.filter((r) => r === 'TR')).toHaveLength(3);
  });

  it('repeats a table header on every page it runs onto', async () => {
    const doc = createPdf({ title: 'Long table' });
    table(doc, doc, [{ header: 'Row', width: 100 }, { header: 'Note', width: 300 }], Array.from({ length: 120 }, (_, i) => [`row ${i}`, `note ${i}`]));
    const { pages } = await pdfText(await finish(doc));
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page[0]).toMatch(/^Row\s+Note$/);
    expect(pages.flat().filter((l) => /^row \d+/.test(l))).toHaveLength(120);
  });
});
