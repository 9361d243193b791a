// Evidence bodies on disk: streamed in, size-limited, type-checked, hashed and encrypted on the way, written to a
// temporary file that is fsynced and renamed into place. Never buffered whole in memory.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@/lib/errors';
import { DecryptStream, EncryptStream, IntegrityError, unwrapDataKey, wrapDataKey } from './envelope';
import { Coalesce } from './coalesce';
import { checkFileType, SNIFF_BYTES } from './file-types';
import type { KeyRing } from './keys';

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

export function evidenceDir(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'evidence');
}
function tmpDir(dataDir: string): string {
  return path.join(evidenceDir(dataDir), 'tmp');
}
export function storedPath(dataDir: string, storedName: string): string {
  if (!/^[a-f0-9]{32}$/.test(storedName)) throw new Error('bad stored name');
  return path.join(evidenceDir(dataDir), storedName);
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

export type StoredFile = { storedName: string; size: number; sha256: string; mime: string; keyId: string; wrappedKey: string; path: string };

/**
 * Streams `source` into an encrypted file. Resolves once the file is durable under its final name; the caller
 * then records it in the database (and deletes the file if that fails). Leaves nothing behind on error.
 */
export async function storeEncrypted(source: Readable, o: { evidenceId: string; filename: string; maxBytes: number; ring: KeyRing; dataDir: string }): Promise<StoredFile> {
  await mkdir(tmpDir(o.dataDir), { recursive: true, mode: 0o700 });
  const storedName = randomBytes(16).toString('hex');
  const tmp = path.join(tmpDir(o.dataDir), `${storedName}.part`);
  const dataKey = randomBytes(32);
  const kek = o.ring.keys.get(o.ring.activeId)!;
  const wrapped = wrapDataKey(kek, o.ring.activeId, o.evidenceId, dataKey);
  const inspector = new Inspector(o.maxBytes, o.filename);
  try {
    await pipeline(source, inspector, new EncryptStream(dataKey, o.evidenceId, { keyId: o.ring.activeId, wrappedKey: wrapped }), new Coalesce(), createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
    const handle = await open(tmp, 'r+');
    await handle.sync();
    await handle.close();
    const final = storedPath(o.dataDir, storedName);
    await rename(tmp, final);
    await fsyncDir(evidenceDir(o.dataDir));
    return { storedName, size: inspector.size, sha256: inspector.sha256, mime: inspector.mime, keyId: o.ring.activeId, wrappedKey: wrapped.toString('base64'), path: final };
  } catch (e) {
    source.destroy();
    await unlink(tmp).catch(() => undefined);
    throw e;
  } finally {
    dataKey.fill(0);
  }
}

async function fsyncDir(dir: string) {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
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
  const file = createReadStream(storedPath(dataDir, ref.storedName), { highWaterMark: 1024 * 1024 });
  const coalesce = new Coalesce();
  const forward = (e: Error) => coalesce.destroy(e);
  file.on('error', forward);
  decrypt.on('error', forward);
  verify.on('error', forward);
  return file.pipe(decrypt).pipe(verify).pipe(coalesce);
}

/**
 * Start-up sweep: temporary files from interrupted uploads go, and so do finished files that no row refers to
 * (a crash between rename and insert). Returns counts for the console.
 */
export async function sweepEvidence(dataDir: string, isReferenced: (storedName: string) => boolean): Promise<{ tempRemoved: number; orphansRemoved: number }> {
  const dir = evidenceDir(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let tempRemoved = 0;
  for (const name of await readdir(tmpDir(dataDir)).catch(() => [] as string[])) {
    await rm(path.join(tmpDir(dataDir), name), { force: true });
    tempRemoved += 1;
  }
  let orphansRemoved = 0;
  for (const name of await readdir(dir)) {
    if (!/^[a-f0-9]{32}$/.test(name) || isReferenced(name)) continue;
    await rm(path.join(dir, name), { force: true });
    orphansRemoved += 1;
  }
  return { tempRemoved, orphansRemoved };
}
