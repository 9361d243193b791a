import { sign } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { statementBytes, type ReportSignatureEnvelope } from './envelope';
import { PDF_SIGNATURE_SLOT, PDF_SLOT_LENGTH } from './pdf-slot';
import { signReport } from './sign';
import { META, SAMPLE_CSV, SAMPLE_JSON, newSigningKey, publish, unsignedPdf } from './testing';
import { verifyReport, type VerifyOutcome } from './verify';

const key = newSigningKey();
const other = newSigningKey();
const keys = [publish(key)];

let signedPdf: Buffer;
let pdfEnvelope: ReportSignatureEnvelope;
beforeAll(async () => {
  ({ bytes: signedPdf, envelope: pdfEnvelope } = signReport(await unsignedPdf(), 'pdf', META, key));
});

const detached = (format: 'csv' | 'json', bytes: Buffer, signer = key) => JSON.stringify(signReport(bytes, format, META, signer).envelope, null, 2);
const slotStart = (pdf: Buffer) => pdf.indexOf('(PFSIG1:', 0, 'latin1') + 1;

function reasonOf(outcome: VerifyOutcome): string {
  return outcome.genuine ? 'genuine' : outcome.reason;
}

function flip(bytes: Buffer, at: number, mask = 0x01): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at]! ^ mask;
  return copy;
}

/** The PDF with another envelope in its slot, as someone editing the signature would make it. */
function withEnvelope(pdf: Buffer, envelope: unknown): Buffer {
  const copy = Buffer.from(pdf);
  const content = Buffer.from(JSON.stringify(envelope)).toString('base64url');
  copy.write(`PFSIG1:${content}`.padEnd(PDF_SLOT_LENGTH, ' '), slotStart(pdf), 'latin1');
  return copy;
}

/** Re-signs a changed statement with `signer`, keeping whatever keyId the statement claims. */
function resign(envelope: ReportSignatureEnvelope, signer = other): ReportSignatureEnvelope {
  return { ...envelope, signature: sign(null, statementBytes(envelope), signer.privateKey).toString('base64url') };
}

describe('verifyReport: genuine reports', () => {
  it('accepts a signed PDF from its embedded signature alone', () => {
    const outcome = verifyReport(signedPdf, null, keys);
    expect(outcome).toEqual({ genuine: true, statement: { v: 1, alg: 'Ed25519', keyId: key.keyId, format: 'pdf', ...META, sha256: pdfEnvelope.sha256 }, key: keys[0] });
    expect(verifyReport(signedPdf, 'ignored', keys).genuine).toBe(true);
  });

  it('accepts CSV and JSON with their .sig', () => {
    for (const [format, bytes] of [['csv', SAMPLE_CSV], ['json', SAMPLE_JSON]] as const) {
      const outcome = verifyReport(bytes, detached(format, bytes), keys);
      expect(outcome.genuine && outcome.statement.format).toBe(format);
    }
  });

  it('finds the signing key among several published ones', () => {
    expect(verifyReport(signedPdf, null, [publish(other), publish(key)]).genuine).toBe(true);
  });
});

describe('verifyReport: altered files', () => {
  it('refuses a PDF with any one byte changed outside the slot', () => {
    const start = slotStart(signedPdf);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: signedPdf.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, mask) => {
        fc.pre(at < start - 1 || at > start + PDF_SLOT_LENGTH);
        const outcome = verifyReport(flip(signedPdf, at, mask), null, keys);
        // Flipping the leading % makes it a file with no .sig; all else is a changed file.
        expect(reasonOf(outcome)).toBe(at < 5 ? 'no-signature' : 'hash-mismatch');
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a PDF with any one byte of its filled slot changed', () => {
    const start = slotStart(signedPdf);
    fc.assert(
      fc.property(fc.integer({ min: start - 1, max: start + PDF_SLOT_LENGTH }), fc.integer({ min: 1, max: 255 }), (at, mask) => {
        expect(verifyReport(flip(signedPdf, at, mask), null, keys).genuine).toBe(false);
      }),
      { numRuns: 300 },
    );
    // A bit flipped in the signature itself, still well-formed base64url.
    const sig = pdfEnvelope.signature;
    const tampered = withEnvelope(signedPdf, { ...pdfEnvelope, signature: `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}` });
    expect(reasonOf(verifyReport(tampered, null, keys))).toBe('bad-signature');
  });

  it('refuses CSV and JSON with any one byte changed', () => {
    for (const [format, bytes] of [['csv', SAMPLE_CSV], ['json', SAMPLE_JSON]] as const) {
      const sig = detached(format, bytes);
      fc.assert(
        fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, mask) => {
          const outcome = verifyReport(flip(bytes, at, mask), sig, keys);
          // A flip can also turn JSON into something that no longer parses, i.e. a CSV.
          expect(['hash-mismatch', 'format-mismatch']).toContain(reasonOf(outcome));
        }),
        { numRuns: 200 },
      );
      expect(verifyReport(flip(bytes, bytes.indexOf('auth-01')), sig, keys)).toEqual({ genuine: false, reason: 'hash-mismatch', message: 'The file was changed after it was signed (or the .sig belongs to another file).' });
    }
    expect(verifyReport(flip(signedPdf, signedPdf.length - 10), null, keys)).toMatchObject({ reason: 'hash-mismatch', message: 'The file was changed after it was signed.' });
  });

  it('refuses a changed file even when its hash in the signature is updated to match', () => {
    const changed = Buffer.from(SAMPLE_CSV.toString().replace('Sessions expire', 'Sessions expirE'));
    const envelope = { ...JSON.parse(detached('csv', SAMPLE_CSV)), sha256: signReport(changed, 'csv', META, key).envelope.sha256 };
    expect(reasonOf(verifyReport(changed, JSON.stringify(envelope), keys))).toBe('bad-signature');
  });
});

describe('verifyReport: signatures and keys', () => {
  it('refuses a report signed by a key that was not published', () => {
    const outcome = verifyReport(SAMPLE_CSV, detached('csv', SAMPLE_CSV, other), keys);
    expect(outcome).toEqual({ genuine: false, reason: 'unknown-key', message: `Signed with a key this instance never published (${other.keyId}).` });
    expect(reasonOf(verifyReport(signedPdf, null, []))).toBe('unknown-key');
  });

  it('refuses a signature by another key that claims the published key id', () => {
    expect(reasonOf(verifyReport(withEnvelope(signedPdf, resign(pdfEnvelope)), null, keys))).toBe('bad-signature');
  });

  it('refuses a published entry that lends its id to another key', () => {
    const lent = { ...publish(other), keyId: key.keyId };
    expect(reasonOf(verifyReport(signedPdf, null, [lent]))).toBe('unknown-key');
    expect(reasonOf(verifyReport(signedPdf, null, [{ ...publish(key), publicKeyPem: 'not a key' }]))).toBe('unknown-key');
  });

  it.each([
    ['reportId', '5f3b2c8e-1a4d-4e6f-8b7c-9d0e1f2a3b4c'],
    ['appName', 'Someone Else'],
    ['generatedAt', '2025-03-15T09:26:53.589Z'],
    ['keyId', other.keyId],
  ])('refuses an envelope whose %s was changed', (field, value) => {
    const envelope = { ...pdfEnvelope, [field]: value };
    expect(verifyReport(withEnvelope(signedPdf, envelope), null, [publish(key), publish(other)]).genuine).toBe(false);
    const csvEnvelope = { ...JSON.parse(detached('csv', SAMPLE_CSV)), [field]: value };
    const outcome = verifyReport(SAMPLE_CSV, JSON.stringify(csvEnvelope), [publish(key), publish(other)]);
    expect(reasonOf(outcome)).toBe('bad-signature');
  });

  it('refuses a key outside its validity window, and accepts it on its first and last instant', () => {
    const at = META.generatedAt;
    expect(reasonOf(verifyReport(signedPdf, null, [publish(key, '2025-03-14T09:26:53.590Z')]))).toBe('key-not-valid');
    const expired = verifyReport(signedPdf, null, [publish(key, '2024-01-01T00:00:00.000Z', '2025-03-14T09:26:53.588Z')]);
    expect(expired).toEqual({
      genuine: false,
      reason: 'key-not-valid',
      message: `Signed on ${at} with key ${key.keyId}, which was valid only from 2024-01-01T00:00:00.000Z to 2025-03-14T09:26:53.588Z.`,
    });
    expect(verifyReport(signedPdf, null, [publish(key, at, at)]).genuine).toBe(true);
  });

  it('refuses a signature for another kind of file', () => {
    const csvSig = detached('csv', SAMPLE_CSV);
    expect(verifyReport(SAMPLE_JSON, csvSig, keys)).toMatchObject({ reason: 'format-mismatch', message: 'The signature is for a CSV report, but this file is a JSON file.' });
    expect(reasonOf(verifyReport(SAMPLE_CSV, JSON.stringify(pdfEnvelope), keys))).toBe('format-mismatch');
    expect(reasonOf(verifyReport(withEnvelope(signedPdf, JSON.parse(csvSig)), null, keys))).toBe('format-mismatch');
  });
});

describe('verifyReport: stripped and hostile signatures', () => {
  it('refuses a PDF whose slot was emptied again, or removed', () => {
    const stripped = Buffer.from(signedPdf);
    stripped.write(PDF_SIGNATURE_SLOT, slotStart(signedPdf), 'latin1');
    expect(verifyReport(stripped, null, keys)).toEqual({ genuine: false, reason: 'no-signature', message: 'This file carries no Preflight signature.' });
    const removed = Buffer.from(signedPdf);
    removed.write('X', slotStart(signedPdf), 'latin1');
    expect(reasonOf(verifyReport(removed, null, keys))).toBe('no-signature');
  });

  it('refuses CSV and JSON without their .sig', () => {
    for (const sig of [null, '', '  \n']) expect(reasonOf(verifyReport(SAMPLE_CSV, sig, keys))).toBe('no-signature');
    expect(verifyReport(SAMPLE_JSON, null, keys)).toMatchObject({ message: expect.stringMatching(/no Preflight signature.*\.sig file/) });
  });

  it('refuses a PDF with two filled slots', () => {
    const at = slotStart(signedPdf);
    const slot = signedPdf.subarray(at - 1, at + PDF_SLOT_LENGTH + 1);
    const doubled = Buffer.concat([signedPdf, Buffer.from('\n'), slot]);
    expect(verifyReport(doubled, null, keys)).toMatchObject({ reason: 'malformed-signature', message: expect.stringMatching(/2 signature slots/) });
  });

  it('answers malformed-signature for any JSON as a .sig', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(reasonOf(verifyReport(SAMPLE_CSV, JSON.stringify(value), keys))).toBe('malformed-signature');
      }),
      { numRuns: 300 },
    );
  });

  it('answers malformed-signature for envelopes with a field of the wrong type or an extra one', () => {
    const envelope = JSON.parse(detached('csv', SAMPLE_CSV)) as Record<string, unknown>;
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(envelope), '__proto__', 'extra'), fc.jsonValue(), (field, value) => {
        fc.pre(JSON.stringify(value) !== JSON.stringify(envelope[field]));
        const text = `{${JSON.stringify(field)}:${JSON.stringify(value) ?? 'null'},${JSON.stringify(envelope).slice(1)}`;
        const outcome = verifyReport(SAMPLE_CSV, text, keys);
        // The same field twice: JSON.parse keeps the last, the original; only a new key changes anything.
        const known = Object.hasOwn(envelope, field);
        if (known) expect(outcome.genuine).toBe(true);
        else expect(reasonOf(outcome)).toBe('malformed-signature');
        const replaced = verifyReport(SAMPLE_CSV, JSON.stringify({ ...envelope, [field]: value }), keys);
        expect(replaced.genuine).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('answers malformed-signature for random text as a .sig and huge JSON', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1 }), (text) => {
        fc.pre(text.trim() !== '');
        expect(reasonOf(verifyReport(SAMPLE_CSV, text, keys))).toBe('malformed-signature');
      }),
      { numRuns: 300 },
    );
    const envelope = JSON.parse(detached('csv', SAMPLE_CSV));
    expect(reasonOf(verifyReport(SAMPLE_CSV, JSON.stringify({ ...envelope, appName: 'x'.repeat(5_000_000) }), keys))).toBe('malformed-signature');
    expect(reasonOf(verifyReport(SAMPLE_CSV, `${'['.repeat(60_000)}${']'.repeat(60_000)}`, keys))).toBe('malformed-signature');
    expect(reasonOf(verifyReport(SAMPLE_CSV, `${'['.repeat(30_000)}${']'.repeat(30_000)}`, keys))).toBe('malformed-signature');
  });

  it('never throws on random files, random slot contents or truncated PDFs', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.option(fc.string()), (bytes, sig) => {
        expect(verifyReport(Buffer.from(bytes), sig, keys).genuine).toBe(false);
        expect(verifyReport(Buffer.concat([Buffer.from('%PDF-1.3\n'), bytes]), sig, keys)).toMatchObject({ genuine: false, reason: 'no-signature' });
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,4089}$/), fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64url').slice(0, 4089))), (content) => {
        fc.pre(content.length > 0);
        const copy = Buffer.from(signedPdf);
        copy.write(`PFSIG1:${content}`.padEnd(PDF_SLOT_LENGTH, ' '), slotStart(signedPdf), 'latin1');
        expect(reasonOf(verifyReport(copy, null, keys))).toBe('malformed-signature');
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: signedPdf.length - 1 }), (length) => {
        expect(['no-signature', 'hash-mismatch']).toContain(reasonOf(verifyReport(signedPdf.subarray(0, length), null, keys)));
      }),
      { numRuns: 200 },
    );
  });
});
