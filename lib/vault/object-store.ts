// Where evidence bytes live, as opaque objects. The store never sees plaintext or keys: everything it is given is
// already an encrypted envelope (envelope.ts), so a store only has to be durable and honest about what it holds,
// not secret. The local folder is the one implementation today; an S3 store is meant to pass the same contract
// (object-store.contract.ts). ADR 023.
import type { Readable } from 'node:stream';

/** Inclusive byte offsets, as in an HTTP Range header and fs.createReadStream. */
export type ByteRange = { start: number; end: number };

export interface EvidenceObjectStore {
  /**
   * Writes `body` under `name`. Resolves only once the object is committed (durable and visible under its final
   * name); rejects with the body's own error if the body fails, and then leaves nothing under `name` and nothing
   * for `sweepIncomplete` to find. Callers pick fresh random names, so overwriting is not part of the contract.
   */
  put(name: string, body: Readable): Promise<{ size: number }>;
  /** The object's bytes. A missing object or a failed read surfaces as an error on the stream, not as a throw. */
  get(name: string, range?: ByteRange): Readable;
  head(name: string): Promise<{ size: number } | null>;
  /** Idempotent: deleting a missing object succeeds. */
  delete(name: string): Promise<void>;
  /** Committed objects only, never interrupted uploads. Deleting while iterating is allowed. */
  list(): AsyncIterable<string>;
  /** Removes what interrupted uploads left behind; returns how many were removed. Only safe while nothing uploads. */
  sweepIncomplete(): Promise<number>;
  /**
   * Replaces the object's first `head.length` bytes and keeps the rest, for key rotation, which re-wraps the data
   * key in the envelope header without touching the body. The object must already be at least that long. Local
   * stores write in place and fsync; stores with immutable objects (S3) have to copy the object.
   */
  rewriteHead(name: string, head: Buffer): Promise<void>;
}

/** 128 random bits as hex: nothing a path or a key could be smuggled through. */
const OBJECT_NAME = /^[a-f0-9]{32}$/;

export function isObjectName(name: string): boolean {
  return OBJECT_NAME.test(name);
}

export function assertObjectName(name: string): void {
  if (!isObjectName(name)) throw new Error('bad stored name');
}

export function assertByteRange(range: ByteRange): void {
  const { start, end } = range;
  if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && end >= start)) throw new RangeError('bad byte range');
}

/** The first `length` bytes of an object, whole; fewer if the object is shorter. */
export async function readHead(store: EvidenceObjectStore, name: string, length: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of store.get(name, { start: 0, end: length - 1 })) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
