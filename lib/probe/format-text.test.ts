import { describe, expect, it } from 'vitest';
import { formatCheckText, formatProbeText } from './format-text';
import { checkIds, type CheckResult, type ProbeResult } from './types';

const check = (over: Partial<CheckResult> = {}): CheckResult => ({
  id: 'hsts.max-age',
  status: 'fail',
  items: ['server-hsts-one-year'],
  summary: 'HSTS max-age is 300 seconds.',
  proof: ['> GET / HTTP/1.1', '< strict-transport-security: max-age=300'],
  durationMs: 4,
  ...over,
});

describe('formatCheckText', () => {
  it('shows status, id, title, summary and the proof indented', () => {
    expect(formatCheckText(check())).toBe(
      ['FAIL  hsts.max-age — HSTS max-age of at least one year', '      HSTS max-age is 300 seconds.', '        > GET / HTTP/1.1', '        < strict-transport-security: max-age=300'].join('\n'),
    );
    expect(formatCheckText(check({ status: 'error', proof: [] }))).toMatch(/^ERROR hsts\.max-age/);
  });
});

describe('formatProbeText', () => {
  it('heads the checks with the target and ends with the tally', () => {
    const result: ProbeResult = {
      version: 1,
      target: { baseUrl: 'https://app.example/', hosts: ['app.example:443'], descriptor: 'url: https://app.example/atlassian-connect.json', manifest: null, authenticatedUrl: null },
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:02.500Z',
      checks: checkIds.map((id, i) => check({ id, status: i === 0 ? 'fail' : i < 3 ? 'warn' : 'pass', proof: [] })),
      stats: { requests: 42, bytesRead: 1000 },
    };
    const text = formatProbeText(result);
    expect(text.split('\n').slice(0, 4)).toEqual([
      'Probe of https://app.example/',
      '  hosts: app.example:443',
      '  descriptor: url: https://app.example/atlassian-connect.json',
      '  2026-01-01T00:00:00.000Z – 2026-01-01T00:00:02.500Z (2.5 s, 42 requests, 1000 bytes read)',
    ]);
    expect(text).toMatch(/^PASS  forge\.scopes/m);
    expect(text.split('\n').at(-1)).toBe('15 pass, 1 fail, 2 warn');
  });
});
