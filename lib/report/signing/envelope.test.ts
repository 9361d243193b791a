import { describe, expect, it } from 'vitest';
import { detectReportFormat, keyValidAt, publishedKeysSchema, reportSignatureEnvelopeSchema, reportStatementSchema, statementBytes, type ReportStatement } from './envelope';
import { SAMPLE_CSV, SAMPLE_JSON } from './testing';

const statement: ReportStatement = {
  v: 1,
  alg: 'Ed25519',
  keyId: 'ed25519-0123456789abcdef',
  format: 'csv',
  reportId: '0b7e4c1a-6f0e-4d7b-9a53-2f1c8e9d4b21',
  appName: 'Acme "Sync" ✓',
  generatedAt: '2025-03-14T09:26:53.589Z',
  sha256: 'a'.repeat(64),
};
const signature = `${'x'.repeat(85)}w`;

describe('signed report statement', () => {
  it('signs a fixed byte layout: the domain prefix, then the fields in a fixed order', () => {
    expect(statementBytes(statement).toString('utf8')).toBe(
      'preflight-report-signature-v1\n{"v":1,"alg":"Ed25519","keyId":"ed25519-0123456789abcdef","format":"csv","reportId":"0b7e4c1a-6f0e-4d7b-9a53-2f1c8e9d4b21","appName":"Acme \\"Sync\\" ✓","generatedAt":"2025-03-14T09:26:53.589Z","sha256":"' + 'a'.repeat(64) + '"}',
    );
    const reversed = Object.fromEntries(Object.entries(statement).reverse()) as ReportStatement;
    expect(statementBytes(reversed)).toEqual(statementBytes(statement));
    const parsed = reportStatementSchema.parse(JSON.parse(JSON.stringify(reversed)));
    expect(statementBytes(parsed)).toEqual(statementBytes(statement));
  });

  it('keeps the signature out of the signed bytes', () => {
    const envelope = reportSignatureEnvelopeSchema.parse({ ...statement, signature });
    expect(statementBytes(envelope)).toEqual(statementBytes(statement));
  });

  it('accepts a well-formed envelope', () => {
    expect(reportSignatureEnvelopeSchema.safeParse({ ...statement, signature }).success).toBe(true);
    expect(reportSignatureEnvelopeSchema.safeParse({ ...statement, appName: 'x'.repeat(200), signature }).success).toBe(true);
  });

  it.each<[string, Record<string, unknown>]>([
    ['an unknown key', { extra: 1 }],
    ['a second version', { v: 2 }],
    ['another algorithm', { alg: 'RS256' }],
    ['a made-up key id', { keyId: 'rsa-0123456789abcdef' }],
    ['an unknown format', { format: 'docx' }],
    ['a report id that is not a UUID', { reportId: 'report-1' }],
    ['an app name over 200 characters', { appName: 'x'.repeat(201) }],
    ['an app name that is not a string', { appName: 42 }],
    ['a date that is not ISO', { generatedAt: 'March 14, 2025' }],
    ['a date with no time', { generatedAt: '2025-03-14' }],
    ['an uppercase hash', { sha256: 'A'.repeat(64) }],
    ['a short hash', { sha256: 'a'.repeat(63) }],
    ['a signature of 63 bytes', { signature: 'x'.repeat(84) }],
    ['a signature of 65 bytes', { signature: 'x'.repeat(87) }],
    ['a second spelling of a signature', { signature: `${'x'.repeat(85)}x` }],
    ['base64 with + and /', { signature: `${'+/'.repeat(42)}xw` }],
    ['a missing signature', { signature: undefined }],
  ])('refuses %s', (_what, change) => {
    expect(reportSignatureEnvelopeSchema.safeParse({ ...statement, signature, ...change }).success).toBe(false);
  });
});

describe('published keys', () => {
  const key = { keyId: 'ed25519-0123456789abcdef', algorithm: 'Ed25519' as const, publicKeyPem: 'PEM', validFrom: '2025-01-01T00:00:00.000Z', validUntil: '2025-06-30T23:59:59.999Z' };

  it('parses the document and refuses what is not one', () => {
    expect(publishedKeysSchema.safeParse({ keys: [key, { ...key, validUntil: null }] }).success).toBe(true);
    expect(publishedKeysSchema.safeParse({ keys: [{ ...key, algorithm: 'RSA' }] }).success).toBe(false);
    expect(publishedKeysSchema.safeParse({ keys: [key], more: 1 }).success).toBe(false);
    expect(publishedKeysSchema.safeParse({ keys: [{ ...key, validUntil: undefined }] }).success).toBe(false);
    expect(publishedKeysSchema.safeParse([key]).success).toBe(false);
  });

  it('counts a key valid from its start to its end, both included', () => {
    expect(keyValidAt(key, '2025-01-01T00:00:00.000Z')).toBe(true);
    expect(keyValidAt(key, '2025-06-30T23:59:59.999Z')).toBe(true);
    expect(keyValidAt(key, '2024-12-31T23:59:59.999Z')).toBe(false);
    expect(keyValidAt(key, '2025-07-01T00:00:00.000Z')).toBe(false);
    expect(keyValidAt({ ...key, validUntil: null }, '2999-01-01T00:00:00.000Z')).toBe(true);
  });
});

describe('report format from the bytes', () => {
  it('tells PDF, JSON and CSV apart', () => {
    expect(detectReportFormat(Buffer.from('%PDF-1.7\n...'))).toBe('pdf');
    expect(detectReportFormat(SAMPLE_JSON)).toBe('json');
    expect(detectReportFormat(Buffer.concat([Buffer.from('\uFEFF'), SAMPLE_JSON]))).toBe('json');
    expect(detectReportFormat(SAMPLE_CSV)).toBe('csv');
    expect(detectReportFormat(Buffer.from('"just a string"'))).toBe('csv');
    expect(detectReportFormat(Buffer.alloc(0))).toBe('csv');
    expect(detectReportFormat(Buffer.from(' %PDF-1.7'))).toBe('csv');
  });
});
