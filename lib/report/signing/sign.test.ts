import { verify as edVerify, createHash, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { statementBytes } from './envelope';
import { PDF_SIGNATURE_SLOT, PDF_SLOT_CAPACITY, readPdfSlot } from './pdf-slot';
import { signReport } from './sign';
import { META, SAMPLE_CSV, SAMPLE_JSON, newSigningKey, unsignedPdf } from './testing';

const key = newSigningKey();

describe('signReport', () => {
  it('returns CSV and JSON unchanged with an envelope over their bytes', () => {
    for (const [format, bytes] of [['csv', SAMPLE_CSV], ['json', SAMPLE_JSON]] as const) {
      const signed = signReport(bytes, format, META, key);
      expect(signed.bytes).toBe(bytes);
      expect(signed.envelope).toMatchObject({ v: 1, alg: 'Ed25519', keyId: key.keyId, format, ...META, sha256: createHash('sha256').update(bytes).digest('hex') });
      const { signature, ...statement } = signed.envelope;
      expect(edVerify(null, statementBytes(statement), createPublicKey(key.publicKeyPem), Buffer.from(signature, 'base64url'))).toBe(true);
    }
  });

  it('puts the envelope into the PDF slot and hashes the unsigned file', async () => {
    const pdf = await unsignedPdf();
    const signed = signReport(pdf, 'pdf', META, key);
    expect(signed.bytes).toHaveLength(pdf.length);
    expect(signed.envelope.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    const slot = readPdfSlot(signed.bytes);
    expect(slot?.canonical).toEqual(pdf);
    expect(JSON.parse(Buffer.from(slot!.content, 'base64url').toString('utf8'))).toEqual(signed.envelope);
  });

  it('fits the longest app name JSON can make of 200 characters', async () => {
    const pdf = await unsignedPdf();
    for (const appName of ['\u0001'.repeat(200), '\uD800'.repeat(200), '😀'.repeat(100), '"'.repeat(200)]) {
      const { bytes } = signReport(pdf, 'pdf', { ...META, appName }, key);
      const content = readPdfSlot(bytes)!.content;
      expect(content.length).toBeLessThanOrEqual(PDF_SLOT_CAPACITY);
      expect(JSON.parse(Buffer.from(content, 'base64url').toString('utf8')).appName).toBe(appName);
    }
  });

  it('refuses a file whose bytes say another format, so the verifier would not disagree', async () => {
    const pdf = await unsignedPdf();
    expect(() => signReport(pdf, 'csv', META, key)).toThrow(/read it as pdf/);
    expect(() => signReport(SAMPLE_JSON, 'csv', META, key)).toThrow(/read it as json/);
    expect(() => signReport(SAMPLE_CSV, 'pdf', META, key)).toThrow(/read it as csv/);
  });

  it('refuses a PDF without its slot, or one already signed', async () => {
    const noSlot = await unsignedPdf({ info: { PreflightSignature: 'none' } });
    expect(() => signReport(noSlot, 'pdf', META, key)).toThrow(/no signature slot/);
    const twice = await unsignedPdf({ info: { Subject: PDF_SIGNATURE_SLOT } });
    expect(() => signReport(twice, 'pdf', META, key)).toThrow(/2 signature slots/);
    const signed = signReport(await unsignedPdf(), 'pdf', META, key).bytes;
    expect(() => signReport(signed, 'pdf', META, key)).toThrow(/already signed/);
  });

  it('refuses details a verifier would call malformed', () => {
    expect(() => signReport(SAMPLE_CSV, 'csv', { ...META, reportId: 'r-1' }, key)).toThrow(/reportId/);
    expect(() => signReport(SAMPLE_CSV, 'csv', { ...META, appName: 'x'.repeat(201) }, key)).toThrow(/appName/);
    expect(() => signReport(SAMPLE_CSV, 'csv', { ...META, generatedAt: 'yesterday' }, key)).toThrow(/generatedAt/);
  });
});
