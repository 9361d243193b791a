// Offline verification of an exported report against published keys. Everything it reads may be hostile, so every
// failure is an answer, not an exception, and every message is a sentence for the person holding the file.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import {
  detectReportFormat,
  keyValidAt,
  publishedKeySchema,
  reportSignatureEnvelopeSchema,
  statementBytes,
  type PublishedKey,
  type ReportStatement,
  type SignedReportFormat,
} from './envelope';
import { keyIdOf } from './keys';
import { PdfSlotError, readPdfSlot } from './pdf-slot';

export type VerifyFailureReason = 'no-signature' | 'malformed-signature' | 'unknown-key' | 'key-not-valid' | 'hash-mismatch' | 'bad-signature' | 'format-mismatch';

export type VerifyOutcome = { genuine: true; statement: ReportStatement; key: PublishedKey } | { genuine: false; reason: VerifyFailureReason; message: string };

/** A real envelope is under 2 KB; anything far larger is refused before parsing. */
export const MAX_DETACHED_SIGNATURE_CHARS = 64 * 1024;

const FORMAT_NAMES: Record<SignedReportFormat, string> = { pdf: 'PDF', csv: 'CSV', json: 'JSON' };
const MALFORMED = 'The signature is damaged or is not a Preflight report signature.';

function fail(reason: VerifyFailureReason, message: string): VerifyOutcome {
  return { genuine: false, reason, message };
}

export function verifyReport(bytes: Buffer, detachedSig: string | null, keys: PublishedKey[]): VerifyOutcome {
  try {
    return check(bytes, detachedSig, keys);
  } catch {
    // Each step below handles the input it expects to go wrong; this only keeps an unforeseen one from becoming a
    // crash in a verifier. It can only ever answer "not genuine".
    return fail('malformed-signature', MALFORMED);
  }
}

function check(bytes: Buffer, detachedSig: string | null, keys: PublishedKey[]): VerifyOutcome {
  const kind = detectReportFormat(bytes);
  const located = kind === 'pdf' ? fromPdf(bytes) : fromDetached(bytes, detachedSig);
  if ('genuine' in located) return located;

  const parsed = reportSignatureEnvelopeSchema.safeParse(located.json);
  if (!parsed.success) return fail('malformed-signature', MALFORMED);
  const { signature, ...statement } = parsed.data;

  if (statement.format !== kind) {
    return fail('format-mismatch', `The signature is for a ${FORMAT_NAMES[statement.format]} report, but this file is a ${FORMAT_NAMES[kind]} file.`);
  }
  if (createHash('sha256').update(located.hashed).digest('hex') !== statement.sha256) {
    const other = kind === 'pdf' ? '' : ' (or the .sig belongs to another file)';
    return fail('hash-mismatch', `The file was changed after it was signed${other}.`);
  }
  const match = findKey(keys, statement.keyId);
  if (!match) return fail('unknown-key', `Signed with a key this instance never published (${statement.keyId}).`);
  if (!verify(null, statementBytes(statement), match.publicKey, Buffer.from(signature, 'base64url'))) {
    return fail('bad-signature', 'The signature does not match: the signed details (report id, app, date) were altered, or it was not made with this key.');
  }
  // Checked last: the date is only worth comparing once the signature shows the instance wrote it.
  if (!keyValidAt(match.key, statement.generatedAt)) {
    const until = match.key.validUntil ?? 'no end date';
    return fail('key-not-valid', `Signed on ${statement.generatedAt} with key ${statement.keyId}, which was valid only from ${match.key.validFrom} to ${until}.`);
  }
  return { genuine: true, statement, key: match.key };
}

type Located = { json: unknown; hashed: Buffer };

function fromPdf(pdf: Buffer): Located | VerifyOutcome {
  let slot;
  try {
    slot = readPdfSlot(pdf);
  } catch (e) {
    if (e instanceof PdfSlotError) return fail('malformed-signature', `${e.message} It cannot be told which one was signed.`);
    throw e;
  }
  if (!slot) return fail('no-signature', 'This file carries no Preflight signature.');
  if (!/^[A-Za-z0-9_-]+$/.test(slot.content)) return fail('malformed-signature', MALFORMED);
  const json = parseJson(Buffer.from(slot.content, 'base64url').toString('utf8'));
  return json === undefined ? fail('malformed-signature', MALFORMED) : { json, hashed: slot.canonical };
}

function fromDetached(bytes: Buffer, detachedSig: string | null): Located | VerifyOutcome {
  if (detachedSig === null || !detachedSig.trim()) {
    return fail('no-signature', 'This file carries no Preflight signature: a CSV or JSON report is checked with the .sig file downloaded beside it.');
  }
  if (detachedSig.length > MAX_DETACHED_SIGNATURE_CHARS) return fail('malformed-signature', MALFORMED);
  const json = parseJson(detachedSig);
  return json === undefined ? fail('malformed-signature', MALFORMED) : { json, hashed: bytes };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A published entry counts only if its PEM is an Ed25519 key whose own id is the one it is listed under, so a
 * keys document cannot lend one key's id to another.
 */
function findKey(keys: PublishedKey[], keyId: string): { key: PublishedKey; publicKey: KeyObject } | null {
  for (const candidate of keys) {
    const parsed = publishedKeySchema.safeParse(candidate);
    if (!parsed.success || parsed.data.keyId !== keyId) continue;
    let publicKey: KeyObject;
    try {
      publicKey = createPublicKey({ key: parsed.data.publicKeyPem, format: 'pem' });
    } catch {
      continue;
    }
    if (publicKey.type === 'public' && publicKey.asymmetricKeyType === 'ed25519' && keyIdOf(publicKey) === keyId) return { key: parsed.data, publicKey };
  }
  return null;
}
