import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { pdfText } from '@/lib/testing/pdf-text';
import type { ReportData } from './model';
import { renderReport } from './render';

function report(reportId: string): ReportData {
  return {
    reportId,
    generatedAt: '2026-12-01T10:00:00.000Z',
    assessment: { id: 'a1', appName: 'Poker', appKind: 'forge', baseUrl: 'https://poker.example.com', targetLaunchDate: '2027-03-31', catalogVersion: '1.0.0' },
    team: 'Payments',
    launchApproval: null,
    readiness: { percent: 0, applicable: 1, done: 0, signed: 0, byCategory: [{ slug: 'sdlc', title: 'SDLC', applicable: 1, done: 0, percent: 0, signed: 0 }] },
    items: [
      {
        catalogItemId: 'sdlc-code-review-before-merge',
        title: 'Code review before merge',
        category: 'sdlc',
        severity: 'high',
        applicable: true,
        notApplicableReason: null,
        status: 'in_progress',
        owner: null,
        dueDate: null,
        justification: '',
        gapResponse: null,
        gapText: '',
        gapDueDate: null,
        criteria: [{ text: 'Branch protection on main', met: false }],
        evidence: [],
        signOff: { state: 'unsigned' },
      },
    ],
    plans: [],
    manifest: [],
    probe: {
      runId: 'run-1',
      finishedAt: '2026-12-01T09:00:00.000Z',
      sha256: 'cd'.repeat(32),
      passed: 1,
      failed: 1,
      checks: [
        { id: 'http.methods', title: 'TRACE and TRACK refused', status: 'fail', items: ['server-unused-http-methods-disabled'], summary: 'TRACE answered 200.', proof: ['> TRACE / HTTP/1.1', '< HTTP/1.1 200 OK'] },
        { id: 'hsts.max-age', title: 'HSTS max-age of at least one year', status: 'pass', items: ['server-hsts-one-year'], summary: 'max-age=31536000.', proof: Array.from({ length: 40 }, (_, i) => `line ${i}`) },
      ],
    },
    auditHead: { entries: 42, hash: 'ab'.repeat(32) },
  };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('report exports carry their report id', () => {
  it('makes two exports of the same content two different files in every format, each naming its own id', async () => {
    const a = '11111111-1111-4111-8111-111111111111';
    const b = '22222222-2222-4222-8222-222222222222';
    for (const format of ['pdf', 'csv', 'json'] as const) {
      const first = await renderReport(report(a), format);
      const second = await renderReport(report(b), format);
      expect(sha(first), format).not.toBe(sha(second));
    }
    const csv = parse(await renderReport(report(a), 'csv'), { columns: true }) as Record<string, string>[];
    expect(csv.map((r) => r.report_id)).toEqual([a]);
    const json = JSON.parse((await renderReport(report(b), 'json')).toString('utf8')) as ReportData;
    expect(json.reportId).toBe(b);
    expect(json.auditHead).toEqual({ entries: 42, hash: 'ab'.repeat(32) });
  });

  it('lists the probe checks with their status, items and proof, cutting long proofs', async () => {
    const text = (await pdfText(await renderReport(report('44444444-4444-4444-8444-444444444444'), 'pdf'))).pages.flat().join(' ');
    expect(text).toContain('Probe results');
    expect(text).toMatch(/FAIL\s+http\.methods/);
    expect(text).toContain('TRACE answered 200.');
    expect(text).toContain('< HTTP/1.1 200 OK');
    expect(text).toContain('line 29');
    expect(text).not.toContain('line 30');
    expect(text).toContain('10 more lines');
  });

  it('prints the report id and the audit-log head on the PDF cover', async () => {
    const cover = (await pdfText(await renderReport(report('33333333-3333-4333-8333-333333333333'), 'pdf'))).pages[0]!.join(' ');
    expect(cover).toContain('Report 33333333-3333-4333-8333-333333333333.');
    expect(cover.replace(/\s+/g, '')).toContain(`entry#42,hash${'ab'.repeat(32)}`);
  });
});
