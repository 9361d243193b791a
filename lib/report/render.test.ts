import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { extractTextItems } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { auditMarkedContent } from '@/lib/testing/pdf-marked-content';
import { inkShare, pdfProxy, renderPdfPage } from '@/lib/testing/pdf-render';
import { pdfText } from '@/lib/testing/pdf-text';
import { INTERNATIONAL_NAMES, sampleReport } from '@/lib/testing/report-fixture';
import type { ReportData } from './model';
import { renderReport } from './render';
import { reportVerdict } from './verdict';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const squash = (s: string) => s.replace(/\s+/g, '');

describe('report exports carry their report id', () => {
  it('makes two exports of the same content two different files in every format, each naming its own id', async () => {
    const a = '11111111-1111-4111-8111-111111111111';
    const b = '22222222-2222-4222-8222-222222222222';
    for (const format of ['pdf', 'csv', 'json'] as const) {
      const first = await renderReport(sampleReport({ reportId: a }), format);
      const second = await renderReport(sampleReport({ reportId: b }), format);
      expect(sha(first), format).not.toBe(sha(second));
    }
    const csv = parse(await renderReport(sampleReport({ reportId: a }), 'csv'), { columns: true }) as Record<string, string>[];
    expect(new Set(csv.map((r) => r.report_id))).toEqual(new Set([a]));
    const json = JSON.parse((await renderReport(sampleReport({ reportId: b }), 'json')).toString('utf8')) as ReportData;
    expect(json.reportId).toBe(b);
    expect(json.auditHead).toEqual({ entries: 42, hash: 'ab'.repeat(32) });
  });
});

describe('the PDF a reader gets', () => {
  const report = sampleReport({ items: 30, evidence: 24 });
  const rendered = renderReport(report, 'pdf');

  it('states the verdict on the cover, with the report id and the audit-log head', async () => {
    const { pages } = await pdfText(await rendered);
    const cover = pages[0]!.join(' ');
    expect(reportVerdict(report).headline).toMatch(/^Not ready: \d+ items unsigned, \d+ items not met, \d+ pieces of evidence expired$/);
    expect(cover.replace(/\s+/g, ' ')).toContain(reportVerdict(report).headline);
    expect(cover).toContain(`Report ${report.reportId}.`);
    expect(squash(cover)).toContain(`entry#42,hash${'ab'.repeat(32)}`);
    expect(cover).toContain('a Connect app at https://poker.example.com');
    expect(cover).toMatch(/Probe: latest run 2026-12-01 09:00 UTC, 1 passed, 1 failed/);
    for (const c of report.readiness.byCategory) expect(cover).toContain(c.title);
    // Every later page carries the app and the verdict in its header, and "page x of y" at its foot.
    pages.slice(1).forEach((page, i) => {
      expect(page[0]).toMatch(/Poker Planning.*security readiness report\s+Not ready$/);
      expect(page[page.length - 1]).toBe(`Report ${report.reportId} · page ${i + 2} of ${pages.length}`);
    });
  });

  it('holds every applicable item, every evidence hash, link URLs, note text and names in every script, with no "?"', async () => {
    const { text } = await pdfText(await rendered);
    const flat = squash(text);
    for (const item of report.items.filter((i) => i.applicable)) expect(flat).toContain(squash(item.title));
    for (const e of report.manifest) {
      expect(flat, e.name).toContain(e.sha256!);
      expect(flat).toContain(e.sha256!.slice(0, 12));
      if (e.url) expect(flat).toContain(e.url);
      if (e.text) expect(flat).toContain(squash(e.text));
    }
    for (const name of INTERNATIONAL_NAMES) expect(text).toContain(name);
    expect(text).toContain('☑');
    expect(text).toContain('☐');
    expect(text).toContain('Plan to close the gap by 2027-01-15');
    expect(text).toContain('Profile: The app stores no personal data.');
    expect(text).not.toContain('?');
    expect(text).not.toContain('\ufffd');
  });

  it('has an outline per category and item, links to each item from the summary, and live links to evidence URLs', async () => {
    const proxy = await pdfProxy(await rendered);
    const outline = (await proxy.getOutline()) as { title: string; items: { title: string }[] }[];
    const titles = outline.map((o) => o.title);
    for (const c of report.readiness.byCategory) expect(titles).toContain(c.title);
    expect(titles).toEqual(expect.arrayContaining(['Not applicable', 'Plans', 'Probe results', 'Evidence manifest']));
    const itemTitles = outline.flatMap((o) => o.items.map((i) => i.title));
    for (const item of report.items.filter((i) => i.applicable)) expect(itemTitles).toContain(item.title);
    const destinations = await proxy.getDestinations();
    for (const item of report.items.filter((i) => i.applicable)) expect(destinations[`item-${item.catalogItemId}`], item.catalogItemId).toBeTruthy();
    const annotations = (await Promise.all(Array.from({ length: proxy.numPages }, async (_, i) => (await proxy.getPage(i + 1)).getAnnotations()))).flat() as { url?: string; dest?: unknown }[];
    const internal = new Set(annotations.map((a) => a.dest).filter((d) => typeof d === 'string'));
    for (const item of report.items.filter((i) => i.applicable)) expect(internal.has(`item-${item.catalogItemId}`), item.catalogItemId).toBe(true);
    const urls = new Set(annotations.map((a) => a.url).filter(Boolean));
    for (const e of report.manifest.filter((m) => m.url)) expect(urls.has(e.url!)).toBe(true);
  });

  it('lists the probe checks with their status, the items they verify and their proof, cutting long proofs', async () => {
    const { text } = await pdfText(await rendered);
    expect(text).toMatch(/FAIL\s+TRACE and TRACK refused \(http\.methods\)/);
    expect(text).toContain('TRACE answered 200.');
    expect(text).toContain(`Verifies: ${report.items[4]!.title}`);
    expect(text).toContain('< HTTP/1.1 200 OK');
    expect(text).toContain('line 29');
    expect(text).not.toContain('line 30');
    expect(text).toContain('10 more lines');
  });

  it('sets no line of text over another on any page', async () => {
    const { items } = await extractTextItems(new Uint8Array(await rendered));
    const overlaps: string[] = [];
    items.forEach((page, p) => {
      const boxes = page.filter((i) => i.str.trim() !== '').map((i) => ({ str: i.str, left: i.x, right: i.x + i.width, bottom: i.y, top: i.y + i.fontSize * 0.75 }));
      for (let a = 0; a < boxes.length; a++) {
        for (let b = a + 1; b < boxes.length; b++) {
          const [m, n] = [boxes[a]!, boxes[b]!];
          // A point of slack each way: neighbouring words touch, and a descender may reach the next line's cap.
          const across = Math.min(m.right, n.right) - Math.max(m.left, n.left);
          const down = Math.min(m.top, n.top) - Math.max(m.bottom, n.bottom);
          if (across > 1 && down > 1) overlaps.push(`page ${p + 1}: "${m.str}" / "${n.str}"`);
        }
      }
    });
    expect(overlaps).toEqual([]);
  });

  it('renders the cover, an item page and the probe section as pages with ink on them', async () => {
    const pdf = await rendered;
    const proxy = await pdfProxy(pdf);
    const { pages } = await pdfText(pdf);
    const probePage = pages.findIndex((p) => p.some((l) => l === 'Probe results')) + 1;
    const dir = path.join(process.cwd(), 'test-results', 'report-pages');
    mkdirSync(dir, { recursive: true });
    for (const [name, page] of [['cover', 1], ['items', 3], ['probe', probePage]] as const) {
      expect(page).toBeGreaterThan(0);
      expect(page).toBeLessThanOrEqual(proxy.numPages);
      const png = await renderPdfPage(pdf, page);
      writeFileSync(path.join(dir, `${name}.png`), png);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      const ink = await inkShare(png);
      // A page of text and bars is a few percent ink; a blank or a black page is not.
      expect(ink, name).toBeGreaterThan(0.01);
      expect(ink, name).toBeLessThan(0.5);
    }
  });

  it('is a tagged PDF: every piece of text is tagged or an artifact, titled, in English, with alt text on the bars', async () => {
    const pdf = await rendered;
    const audit = auditMarkedContent(pdf);
    expect(audit.streams).toBeGreaterThan(5);
    expect(audit.textObjects).toBeGreaterThan(500);
    expect(audit).toMatchObject({ untaggedText: 0, unbalanced: 0 });
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/Lang \(en\)/);
    expect(raw).toMatch(/\/DisplayDocTitle true/);
    const proxy = await pdfProxy(pdf);
    const roles: { role: string; alt?: string }[] = [];
    const walk = (node: { role?: string; alt?: string; children?: unknown[] }) => {
      if (node.role) roles.push({ role: node.role, alt: node.alt });
      for (const child of node.children ?? []) walk(child as typeof node);
    };
    walk((await (await proxy.getPage(1)).getStructTree()) as never);
    expect(roles.map((r) => r.role)).toEqual(expect.arrayContaining(['Document', 'Sect', 'H1', 'H2', 'P', 'Figure', 'Table', 'TR', 'TH', 'TD']));
    expect(roles.filter((r) => r.role === 'Figure').map((r) => r.alt)).toEqual([expect.stringMatching(/^Readiness \(met or not applicable\): \d+ % \(\d+ of \d+\)$/), expect.stringMatching(/^Met: /), expect.stringMatching(/^Signed off: /)]);
  });

  it('says "Approved for launch by … on …" once approved', async () => {
    const approved = sampleReport({ approved: true });
    const cover = (await pdfText(await renderReport(approved, 'pdf'))).pages[0]!.join(' ');
    expect(cover).toContain(`Approved for launch by ${INTERNATIONAL_NAMES[3]} on 2026-12-01`);
  });
});

describe('the CSV', () => {
  it('names categories, keeps a stale sign-off reviewer, and carries link URLs, note text and the closed-by date', async () => {
    const report = sampleReport({ items: 12, evidence: 12 });
    const stale = report.items.find((i) => i.status === 'in_progress')!;
    stale.signOff = { state: 'stale', reviewer: 'Σοφία', at: '2026-11-01T10:00:00.000Z', digest: 'ef'.repeat(32) };
    const rows = parse(await renderReport(report, 'csv'), { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.item_id === stale.catalogItemId)).toMatchObject({ sign_off: 'stale', reviewer: 'Σοφία', signed_at: '2026-11-01T10:00:00.000Z' });
    expect(rows.map((r) => r.category)).toContain(report.readiness.byCategory[0]!.title);
    const gap = report.items.find((i) => i.status === 'not_met')!;
    expect(rows.find((r) => r.item_id === gap.catalogItemId)?.plan_closed_by).toBe('2027-01-15');
    const links = rows.flatMap((r) => r.evidence_links!.split(' ').filter(Boolean));
    expect(links.sort()).toEqual(report.manifest.flatMap((e) => (e.url ? [e.url] : [])).sort());
    const notes = rows.map((r) => r.evidence_notes).join('\n');
    for (const e of report.manifest.filter((m) => m.text)) expect(notes).toContain(e.text);
  });
});
