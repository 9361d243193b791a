// Evidence bodies: streamed in, size-limited, type-checked, hashed and encrypted on the way into the evidence
// object store (stores.ts), which commits them whole or not at all. Never buffered whole in memory.
import { createHash, randomBytes } from 'node:crypto';
import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import { AppError } from '@/lib/errors';
import { DecryptStream, EncryptStream, IntegrityError, unwrapDataKey, wrapDataKey } from './envelope';
import { Coalesce } from './coalesce';
import { checkFileType, SNIFF_BYTES } from './file-types';
import type { KeyRing } from './keys';
import { evidenceStore } from './stores';

export class UploadTooLargeError extends AppError {
  constructor(maxBytes: number) {
    super(`The file is larger than the limit of ${Math.round(maxBytes / 1024 / 1024)} MB.`, 413);
  }
}
export class UnsupportedTypeError extends AppError {
  constructor(message: string) {
    super(message, 415);
  }
}

/** Counts, limits and hashes the plaintext, and holds the first bytes back until their type is approved. */
class Inspector extends Transform {
  size = 0;
  private hash = createHash('sha256');
  private head: Buffer[] = [];
  private headLength = 0;
  private checked = false;
  mime = '';
  constructor(private readonly maxBytes: number, private readonly filename: string) {
    super();
  }
  get sha256() {
    return this.hash.digest('hex');
  }
  private async check(): Promise<void> {
    const verdict = await checkFileType(this.filename, Buffer.concat(this.head).subarray(0, SNIFF_BYTES));
    if (!verdict.ok) throw new UnsupportedTypeError(verdict.message);
    this.mime = verdict.mime;
    this.checked = true;
    for (const b of this.head) this.push(b);
    this.head = [];
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return done(new UploadTooLargeError(this.maxBytes));
    this.hash.update(chunk);
    if (this.checked) return done(null, chunk);
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < SNIFF_BYTES) return done();
    this.check().then(() => done(), done);
  }
  override _flush(done: TransformCallback) {
    if (this.checked) return done();
    this.check().then(() => done(), done);
  }
}

export type StoredFile = { storedName: string; size: number; sha256: string; mime: string; keyId: string; wrappedKey: string };

/**
 * Streams `source` into an encrypted object. Resolves once the object is committed under its final name; the caller
 * then records it in the database (and deletes the object if that fails). Leaves nothing behind on error.
 */
export async function storeEncrypted(source: Readable, o: { evidenceId: string; filename: string; maxBytes: number; ring: KeyRing; dataDir: string }): Promise<StoredFile> {
  const storedName = randomBytes(16).toString('hex');
  const dataKey = randomBytes(32);
  const kek = o.ring.keys.get(o.ring.activeId)!;
  const wrapped = wrapDataKey(kek, o.ring.activeId, o.evidenceId, dataKey);
  const inspector = new Inspector(o.maxBytes, o.filename);
  try {
    // The callback form hands back the last stream for the store to drain; a failure anywhere upstream (too large,
    // wrong type) destroys that stream with the original error, which is what put() then rejects with.
    const encrypted = pipeline(source, inspector, new EncryptStream(dataKey, o.evidenceId, { keyId: o.ring.activeId, wrappedKey: wrapped }), new Coalesce(), () => undefined);
    await evidenceStore(o.dataDir).put(storedName, encrypted);
    return { storedName, size: inspector.size, sha256: inspector.sha256, mime: inspector.mime, keyId: o.ring.activeId, wrappedKey: wrapped.toString('base64') };
  } catch (e) {
    source.destroy();
    throw e;
  } finally {
    dataKey.fill(0);
  }
}

/** Checks the plaintext's SHA-256 as it streams out; a mismatch fails the stream before its end is delivered. */
class HashVerifier extends Transform {
  private hash = createHash('sha256');
  constructor(private readonly expected: string) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.hash.update(chunk);
    done(null, chunk);
  }
  override _flush(done: TransformCallback) {
    done(this.hash.digest('hex') === this.expected ? null : new IntegrityError('plaintext SHA-256 does not match the recorded hash'));
  }
}

export type StoredRef = { id: string; storedName: string; keyId: string; wrappedKey: string; sha256: string };

/** The decrypted body as a stream. Errors (IntegrityError) surface on the stream; the caller aborts the response. */
export function openDecrypted(ref: StoredRef, ring: KeyRing, dataDir: string): Readable {
  const kek = ring.keys.get(ref.keyId);
  if (!kek) throw new IntegrityError(`evidence key "${ref.keyId}" is not configured in EVIDENCE_KEYS`);
  const decrypt = new DecryptStream(ref.id, () => unwrapDataKey(kek, ref.keyId, ref.id, Buffer.from(ref.wrappedKey, 'base64')));
  const verify = new HashVerifier(ref.sha256);
  const file = evidenceStore(dataDir).get(ref.storedName);
  const coalesce = new Coalesce();
  const forward = (e: Error) => coalesce.destroy(e);
  file.on('error', forward);
  decrypt.on('error', forward);
  verify.on('error', forward);
  return file.pipe(decrypt).pipe(verify).pipe(coalesce);
}

/**
 * Start-up sweep: what interrupted uploads left goes, and so do committed objects that no row refers to (a crash
 * between commit and insert, or a purge whose delete failed). Returns counts for the console.
 */
export async function sweepEvidence(dataDir: string, isReferenced: (storedName: string) => boolean): Promise<{ tempRemoved: number; orphansRemoved: number }> {
  const store = evidenceStore(dataDir);
  const tempRemoved = await store.sweepIncomplete();
  let orphansRemoved = 0;
  for await (const name of store.list()) {
    if (isReferenced(name)) continue;
    await store.delete(name);
    orphansRemoved += 1;
  }
  return { tempRemoved, orphansRemoved };
}
