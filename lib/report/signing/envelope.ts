// What a report signature says, the bytes that are actually signed, and the document that publishes the keys.
// Both sides parse with these schemas, so the signer cannot produce a statement the verifier would refuse.
import { z } from 'zod';

export const REPORT_FORMATS = ['pdf', 'csv', 'json'] as const;
export type SignedReportFormat = (typeof REPORT_FORMATS)[number];

/** Separates these signatures from anything else the same key might ever sign. */
export const SIGNATURE_DOMAIN = 'preflight-report-signature-v1\n';

const isoDatetime = z.iso.datetime().max(40);
const keyId = z.string().regex(/^ed25519-[0-9a-f]{16}$/, 'keyId must be ed25519- and 16 lowercase hex characters');

export const reportStatementSchema = z.strictObject({
  v: z.literal(1),
  alg: z.literal('Ed25519'),
  keyId,
  format: z.enum(REPORT_FORMATS),
  reportId: z.uuid(),
  appName: z.string().max(200),
  generatedAt: isoDatetime,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex characters'),
});
export type ReportStatement = z.infer<typeof reportStatementSchema>;

// 64 bytes are 86 base64url characters whose last one carries 2 bits; only A, Q, g and w leave the rest zero, so
// each signature has exactly one accepted spelling.
export const reportSignatureEnvelopeSchema = reportStatementSchema.extend({
  signature: z.string().regex(/^[A-Za-z0-9_-]{85}[AQgw]$/, 'signature must be base64url of 64 bytes'),
});
export type ReportSignatureEnvelope = z.infer<typeof reportSignatureEnvelopeSchema>;

/** The signed bytes. Keys are written in this order whatever order the input had, so parsing cannot change them. */
export function statementBytes(s: ReportStatement): Buffer {
  const fixed = {
    v: s.v,
    alg: s.alg,
    keyId: s.keyId,
    format: s.format,
    reportId: s.reportId,
    appName: s.appName,
    generatedAt: s.generatedAt,
    sha256: s.sha256,
  };
  return Buffer.from(SIGNATURE_DOMAIN + JSON.stringify(fixed), 'utf8');
}

export const publishedKeySchema = z.strictObject({
  keyId,
  algorithm: z.literal('Ed25519'),
  publicKeyPem: z.string().max(1000),
  validFrom: isoDatetime,
  validUntil: isoDatetime.nullable(),
});
export type PublishedKey = z.infer<typeof publishedKeySchema>;

export const publishedKeysSchema = z.strictObject({ keys: z.array(publishedKeySchema).max(100) });
export type PublishedKeys = z.infer<typeof publishedKeysSchema>;

/** Inclusive at both ends: a report generated at the instant of a rotation is covered by either key. */
export function keyValidAt(key: PublishedKey, generatedAt: string): boolean {
  const at = Date.parse(generatedAt);
  return Date.parse(key.validFrom) <= at && (key.validUntil === null || at <= Date.parse(key.validUntil));
}

/**
 * What kind of report a file is, decided from its bytes alone so signer and verifier always agree. A PDF carries
 * its signature inside; the other two need the detached one.
 */
export function detectReportFormat(bytes: Buffer): SignedReportFormat {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    if (typeof parsed === 'object' && parsed !== null) return 'json';
  } catch {
    // Not JSON: a CSV export.
  }
  return 'csv';
}
