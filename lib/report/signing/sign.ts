// Signs an exported report. The statement is parsed with the verifier's own schema first, so nothing is signed
// that a verifier would call malformed.
import { createHash, sign } from 'node:crypto';
import { z } from 'zod';
import { detectReportFormat, reportStatementSchema, statementBytes, type ReportSignatureEnvelope, type SignedReportFormat } from './envelope';
import type { SigningKey } from './keys';
import { fillPdfSlot } from './pdf-slot';

export type ReportSignatureMeta = { reportId: string; appName: string; generatedAt: string };

/** PDFs come back with the signature in their slot; CSV and JSON come back unchanged, to be served with the envelope. */
export function signReport(bytes: Buffer, format: SignedReportFormat, meta: ReportSignatureMeta, key: SigningKey): { bytes: Buffer; envelope: ReportSignatureEnvelope } {
  const detected = detectReportFormat(bytes);
  if (detected !== format) throw new Error(`Cannot sign this file as ${format}: a verifier would read it as ${detected}.`);
  const parsed = reportStatementSchema.safeParse({
    v: 1,
    alg: 'Ed25519',
    keyId: key.keyId,
    format,
    reportId: meta.reportId,
    appName: meta.appName,
    generatedAt: meta.generatedAt,
    // An unsigned PDF is exactly the canonical form the verifier rebuilds (slot back to the placeholder).
    sha256: createHash('sha256').update(bytes).digest('hex'),
  });
  if (!parsed.success) throw new Error(`Cannot sign the report: ${z.prettifyError(parsed.error)}`);
  const statement = parsed.data;
  const envelope: ReportSignatureEnvelope = { ...statement, signature: sign(null, statementBytes(statement), key.privateKey).toString('base64url') };
  if (format !== 'pdf') return { bytes, envelope };
  return { bytes: fillPdfSlot(bytes, Buffer.from(JSON.stringify(envelope), 'utf8').toString('base64url')), envelope };
}
