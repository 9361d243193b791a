// Test fixtures for report signing: real pdfkit output and keys published the way the instance publishes them.
import PDFDocument from 'pdfkit';
import type { PublishedKey } from './envelope';
import { generateSigningKeySecret, loadSigningKey, type SigningKey } from './keys';
import { PDF_SIGNATURE_SLOT } from './pdf-slot';

export function newSigningKey(): SigningKey {
  return loadSigningKey(generateSigningKeySecret());
}

export function publish(key: SigningKey, validFrom = '2020-01-01T00:00:00.000Z', validUntil: string | null = null): PublishedKey {
  return { keyId: key.keyId, algorithm: 'Ed25519', publicKeyPem: key.publicKeyPem, validFrom, validUntil };
}

export const META = { reportId: '0b7e4c1a-6f0e-4d7b-9a53-2f1c8e9d4b21', appName: 'Acme Jira Sync', generatedAt: '2025-03-14T09:26:53.589Z' };

/** An unsigned report PDF as the generator makes it: compressed pages and the slot as an Info entry. */
export function unsignedPdf(opts: { text?: string; info?: Record<string, string> } = {}): Promise<Buffer> {
  const doc = new PDFDocument({ info: { Title: 'Security readiness report', PreflightSignature: PDF_SIGNATURE_SLOT, ...opts.info } as never });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.text(opts.text ?? 'Readiness: 12 of 14 items met.');
  doc.end();
  return done;
}

export const SAMPLE_CSV = Buffer.from('report_id,item_id,title\n0b7e4c1a-6f0e-4d7b-9a53-2f1c8e9d4b21,auth-01,"Sessions expire"\n', 'utf8');
export const SAMPLE_JSON = Buffer.from(`${JSON.stringify({ reportId: META.reportId, items: [{ id: 'auth-01', status: 'met' }] }, null, 2)}\n`, 'utf8');
