// Envelope encryption for evidence files, node:crypto only (ADR 008).
//
// File layout:
//   header  = "PFEV" | version(1) | segmentSize(u32 BE) | noncePrefix(7) | keyIdLength(1) | keyId(32, zero-padded)
//             | wrappedKey(60 = iv 12 + ciphertext 32 + tag 16)
//   body    = segments, each AES-256-GCM(ciphertext ‖ tag 16) of up to segmentSize plaintext bytes
// Segment nonce = noncePrefix(7) ‖ counter(u32 BE) ‖ lastFlag(1): reordering, dropping or appending segments
// and truncating the file all fail authentication. Each segment's AAD binds it to the evidence id.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

export const MAGIC = Buffer.from('PFEV');
export const FORMAT_VERSION = 1;
export const DEFAULT_SEGMENT_SIZE = 64 * 1024;
const TAG = 16;
const PREFIX = 7;
const KEY_ID_FIELD = 32;
const WRAPPED = 12 + 32 + TAG;
export const HEADER_SIZE = 4 + 1 + 4 + PREFIX + 1 + KEY_ID_FIELD + WRAPPED;
/** Bytes of the header that key rotation rewrites: the key id and the wrapped key. */
export const KEY_FIELDS_OFFSET = 4 + 1 + 4 + PREFIX;

export class IntegrityError extends Error {}

function aad(evidenceId: string): Buffer {
  return Buffer.from(`preflight-evidence-v1:${evidenceId}`);
}

export function wrapDataKey(kek: Buffer, keyId: string, evidenceId: string, dataKey: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(`preflight-dek-v1:${keyId}:${evidenceId}`));
  const ct = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([iv, ct, cipher.getAuthTag()]);
}

export function unwrapDataKey(kek: Buffer, keyId: string, evidenceId: string, wrapped: Buffer): Buffer {
  if (wrapped.length !== WRAPPED) throw new IntegrityError('wrapped data key has the wrong length');
  const decipher = createDecipheriv('aes-256-gcm', kek, wrapped.subarray(0, 12));
  decipher.setAAD(Buffer.from(`preflight-dek-v1:${keyId}:${evidenceId}`));
  decipher.setAuthTag(wrapped.subarray(12 + 32));
  try {
    return Buffer.concat([decipher.update(wrapped.subarray(12, 12 + 32)), decipher.final()]);
  } catch {
    throw new IntegrityError('the data key does not unwrap with this key-encryption key');
  }
}

export function encodeKeyFields(keyId: string, wrappedKey: Buffer): Buffer {
  const id = Buffer.alloc(KEY_ID_FIELD);
  const idBytes = Buffer.from(keyId, 'utf8');
  if (idBytes.length > KEY_ID_FIELD) throw new Error('key id too long');
  idBytes.copy(id);
  return Buffer.concat([Buffer.from([idBytes.length]), id, wrappedKey]);
}

export type Header = { segmentSize: number; noncePrefix: Buffer; keyId: string; wrappedKey: Buffer };

export function encodeHeader(h: Header): Buffer {
  const fixed = Buffer.alloc(4 + 1 + 4);
  MAGIC.copy(fixed, 0);
  fixed.writeUInt8(FORMAT_VERSION, 4);
  fixed.writeUInt32BE(h.segmentSize, 5);
  return Buffer.concat([fixed, h.noncePrefix, encodeKeyFields(h.keyId, h.wrappedKey)]);
}

export function decodeHeader(buf: Buffer): Header {
  if (buf.length < HEADER_SIZE || !buf.subarray(0, 4).equals(MAGIC)) throw new IntegrityError('not a Preflight evidence file');
  if (buf.readUInt8(4) !== FORMAT_VERSION) throw new IntegrityError('unknown evidence file version');
  const segmentSize = buf.readUInt32BE(5);
  if (segmentSize < 1024 || segmentSize > 16 * 1024 * 1024) throw new IntegrityError('implausible segment size');
  const noncePrefix = Buffer.from(buf.subarray(9, 9 + PREFIX));
  const idLen = buf.readUInt8(KEY_FIELDS_OFFSET);
  if (idLen < 1 || idLen > KEY_ID_FIELD) throw new IntegrityError('bad key id length');
  const keyId = buf.subarray(KEY_FIELDS_OFFSET + 1, KEY_FIELDS_OFFSET + 1 + idLen).toString('utf8');
  // The padding is not covered by any tag, so it must be exactly zero: no byte of a file may change unnoticed.
  if (buf.subarray(KEY_FIELDS_OFFSET + 1 + idLen, KEY_FIELDS_OFFSET + 1 + KEY_ID_FIELD).some((b) => b !== 0)) throw new IntegrityError('bad key id padding');
  const wrappedKey = Buffer.from(buf.subarray(KEY_FIELDS_OFFSET + 1 + KEY_ID_FIELD, HEADER_SIZE));
  return { segmentSize, noncePrefix, keyId, wrappedKey };
}

function nonce(prefix: Buffer, counter: number, last: boolean): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(counter, PREFIX);
  n.writeUInt8(last ? 1 : 0, 11);
  return n;
}

/** Collects chunks without repeated concatenation; hands out exact-size pieces. */
class ChunkQueue {
  private chunks: Buffer[] = [];
  length = 0;
  push(b: Buffer) {
    if (b.length) {
      this.chunks.push(b);
      this.length += b.length;
    }
  }
  take(n: number): Buffer {
    const first = this.chunks[0];
    if (first && first.length >= n) {
      // Common case: reads arrive in chunks larger than a segment, so a view avoids a copy.
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.length -= n;
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const head = this.chunks[0]!;
      const used = Math.min(head.length, n - filled);
      head.copy(out, filled, 0, used);
      filled += used;
      if (used === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(used);
    }
    this.length -= n;
    return out;
  }
}

/** Encrypts a plaintext stream into header + segments. */
export class EncryptStream extends Transform {
  private queue = new ChunkQueue();
  private counter = 0;
  private readonly prefix = randomBytes(PREFIX);
  constructor(
    private readonly dataKey: Buffer,
    private readonly evidenceId: string,
    header: { keyId: string; wrappedKey: Buffer },
    private readonly segmentSize = DEFAULT_SEGMENT_SIZE,
  ) {
    super();
    this.push(encodeHeader({ segmentSize, noncePrefix: this.prefix, keyId: header.keyId, wrappedKey: header.wrappedKey }));
  }

  private seal(plain: Buffer, last: boolean) {
    if (this.counter === 0xffffffff) throw new Error('file too large for one data key');
    const cipher = createCipheriv('aes-256-gcm', this.dataKey, nonce(this.prefix, this.counter++, last));
    cipher.setAAD(aad(this.evidenceId));
    this.push(cipher.update(plain));
    cipher.final();
    this.push(cipher.getAuthTag());
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.queue.push(chunk);
    // Keep at least one byte back: only the flush knows which segment is the last.
    while (this.queue.length > this.segmentSize) this.seal(this.queue.take(this.segmentSize), false);
    done();
  }

  override _flush(done: TransformCallback) {
    this.seal(this.queue.take(this.queue.length), true);
    done();
  }
}

/**
 * Decrypts header + segments. Every segment is authenticated before its plaintext is released; a bad tag, a
 * missing last segment or bytes after it fail the stream with IntegrityError.
 */
export class DecryptStream extends Transform {
  private queue = new ChunkQueue();
  private header: Header | null = null;
  private dataKey: Buffer | null = null;
  private counter = 0;
  private finished = false;
  constructor(private readonly evidenceId: string, private readonly resolveDataKey: (header: Header) => Buffer) {
    super();
  }

  private open(seg: Buffer, last: boolean): Buffer {
    if (seg.length < TAG) throw new IntegrityError('segment shorter than its tag');
    const decipher = createDecipheriv('aes-256-gcm', this.dataKey!, nonce(this.header!.noncePrefix, this.counter++, last));
    decipher.setAAD(aad(this.evidenceId));
    decipher.setAuthTag(seg.subarray(seg.length - TAG));
    try {
      // Held back until final() has checked the tag: only authenticated plaintext is ever released.
      const plain = decipher.update(seg.subarray(0, seg.length - TAG));
      decipher.final();
      return plain;
    } catch {
      throw new IntegrityError(`segment ${this.counter - 1} failed authentication`);
    }
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    try {
      if (this.finished) throw new IntegrityError('data after the last segment');
      this.queue.push(chunk);
      if (!this.header) {
        if (this.queue.length < HEADER_SIZE) return done();
        this.header = decodeHeader(this.queue.take(HEADER_SIZE));
        this.dataKey = this.resolveDataKey(this.header);
      }
      const full = this.header.segmentSize + TAG;
      // A full segment is only known not to be the last once a byte beyond it has arrived.
      while (this.queue.length > full) this.push(this.open(this.queue.take(full), false));
      done();
    } catch (e) {
      done(e as Error);
    }
  }

  override _flush(done: TransformCallback) {
    try {
      if (!this.header) throw new IntegrityError('file shorter than its header');
      const rest = this.queue.take(this.queue.length);
      this.push(this.open(rest, true));
      this.finished = true;
      done();
    } catch (e) {
      done(e as Error);
    }
  }
}
