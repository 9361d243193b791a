import { describe, expect, it } from 'vitest';
import { parseProbeEvidence, probeVerdict } from './evidence-view';

describe('probe evidence at a glance', () => {
  it('is verified only when every stored verdict passed', () => {
    expect(probeVerdict('http.methods=pass;tls.protocols=pass')).toBe('verified');
    expect(probeVerdict('http.methods=pass;tls.protocols=fail')).toBe('failed');
    expect(probeVerdict('http.methods=warn;tls.protocols=error')).toBe('errors');
    expect(probeVerdict('http.methods=warn')).toBe('warnings');
    expect(probeVerdict(null)).toBeNull();
    expect(probeVerdict('')).toBeNull();
  });

  it('reads a stored record and refuses anything else', () => {
    const body = JSON.stringify({ version: 1, runId: 'r', target: { baseUrl: 'https://a.example' }, startedAt: 'x', finishedAt: '2026-12-02T10:00:00Z', checks: [{ id: 'http.methods', status: 'pass', items: ['x'], summary: 'ok', proof: ['> TRACE / HTTP/1.1'], durationMs: 3 }] });
    expect(parseProbeEvidence(body)).toMatchObject({ runId: 'r', checks: [{ id: 'http.methods', title: 'TRACE and TRACK refused' }] });
    expect(parseProbeEvidence('{')).toBeNull();
    expect(parseProbeEvidence(JSON.stringify({ version: 1, runId: 'r', target: {}, finishedAt: 'x', checks: [] }))).toBeNull();
    expect(parseProbeEvidence(body.replace('http.methods', 'made.up'))).toBeNull();
    expect(parseProbeEvidence(null)).toBeNull();
  });
});
