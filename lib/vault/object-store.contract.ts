// What every EvidenceObjectStore promises, as a suite each implementation runs against a real backend (the local
// store against a temporary folder; an S3 store later against a bucket). Not a test file itself: it has no backend.
import { randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EvidenceObjectStore } from './object-store';

export type ContractOptions = {
  /** Leaves behind what a crash in the middle of an upload would (a temp file, an unfinished multipart upload). */
  leaveInterruptedUpload: (store: EvidenceObjectStore) => Promise<void>;
};

const newName = () => randomBytes(16).toString('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function names(store: EvidenceObjectStore): Promise<string[]> {
  const all: string[] = [];
  for await (const name of store.list()) all.push(name);
  return all.sort();
}

/** A body that delivers some bytes and then fails, as an upload does when the client goes away. */
function failingBody(error: Error): Readable {
  return Readable.from(
    (async function* () {
      yield randomBytes(100_000);
      yield randomBytes(100_000);
      throw error;
    })(),
  );
}

/** Refused whether the store throws, rejects, or fails the stream it returns. */
async function refused(attempt: () => unknown): Promise<void> {
  await expect(
    (async () => {
      const result = await attempt();
      if (result instanceof Readable) await readAll(result);
    })(),
  ).rejects.toThrow();
}

export function describeObjectStoreContract(name: string, makeStore: () => EvidenceObjectStore | Promise<EvidenceObjectStore>, options: ContractOptions): void {
  describe(`${name}: the evidence object store contract`, () => {
    let store: EvidenceObjectStore;
    beforeEach(async () => {
      store = await makeStore();
    });

    it('gives back exactly the bytes it was given, across many chunks', async () => {
      const chunks = [randomBytes(1), randomBytes(700_000), randomBytes(65_536), randomBytes(2_500_000)];
      const key = newName();
      expect(await store.put(key, Readable.from(chunks))).toEqual({ size: 3_265_537 });
      expect((await readAll(store.get(key))).equals(Buffer.concat(chunks))).toBe(true);
    });

    it('stores an empty object', async () => {
      const key = newName();
      expect(await store.put(key, Readable.from([]))).toEqual({ size: 0 });
      expect(await store.head(key)).toEqual({ size: 0 });
      expect((await readAll(store.get(key))).length).toBe(0);
    });

    it('reads inclusive byte ranges', async () => {
      const body = randomBytes(300_000);
      const key = newName();
      await store.put(key, Readable.from([body]));
      expect((await readAll(store.get(key, { start: 0, end: 108 }))).equals(body.subarray(0, 109))).toBe(true);
      expect((await readAll(store.get(key, { start: 200_000, end: 200_000 }))).equals(body.subarray(200_000, 200_001))).toBe(true);
      expect((await readAll(store.get(key, { start: 250_000, end: 299_999 }))).equals(body.subarray(250_000))).toBe(true);
    });

    it('refuses backwards, negative and fractional ranges', async () => {
      const key = newName();
      await store.put(key, Readable.from([randomBytes(100)]));
      for (const range of [{ start: 10, end: 9 }, { start: -1, end: 5 }, { start: 0.5, end: 5 }, { start: 0, end: Number.NaN }]) await refused(() => store.get(key, range));
    });

    it('reports the size of committed objects and null for absent ones', async () => {
      const key = newName();
      expect(await store.head(key)).toBeNull();
      await store.put(key, Readable.from([randomBytes(1234)]));
      expect(await store.head(key)).toEqual({ size: 1234 });
    });

    it('deletes idempotently, and a deleted object cannot be read', async () => {
      const key = newName();
      await store.put(key, Readable.from([randomBytes(10)]));
      await store.delete(key);
      await store.delete(key);
      await store.delete(newName());
      expect(await store.head(key)).toBeNull();
      await expect(readAll(store.get(key))).rejects.toThrow();
    });

    it('leaves no object and no interrupted upload when the body fails, and rejects with the body’s error', async () => {
      const key = newName();
      const cause = new Error('client went away');
      await expect(store.put(key, failingBody(cause))).rejects.toBe(cause);
      expect(await store.head(key)).toBeNull();
      expect(await names(store)).toEqual([]);
      expect(await store.sweepIncomplete()).toBe(0);
    });

    it('refuses names that are not 32 lowercase hex characters', async () => {
      const bad = ['', 'tmp', '.', '..', '../' + 'a'.repeat(29), 'A'.repeat(32), 'a'.repeat(31), 'a'.repeat(33), `${'a'.repeat(32)}.part`, `${'a'.repeat(31)}/`, `tmp/${'a'.repeat(28)}`, `${'a'.repeat(31)}\0`];
      for (const key of bad) {
        await refused(() => store.put(key, Readable.from([Buffer.from('x')])));
        await refused(() => store.get(key));
        await refused(() => store.head(key));
        await refused(() => store.delete(key));
        await refused(() => store.rewriteHead(key, Buffer.from('x')));
      }
      expect(await names(store)).toEqual([]);
      expect(await store.sweepIncomplete()).toBe(0);
    });

    it('lists committed objects only, not uploads still under way', async () => {
      const done = [newName(), newName()];
      for (const key of done) await store.put(key, Readable.from([randomBytes(100)]));
      const slowBody = new PassThrough();
      const slowKey = newName();
      const slow = store.put(slowKey, slowBody);
      slowBody.write(randomBytes(200_000));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await names(store)).toEqual([...done].sort());
      slowBody.end(randomBytes(10));
      await slow;
      expect(await names(store)).toEqual([...done, slowKey].sort());
    });

    it('allows deleting while listing', async () => {
      for (let i = 0; i < 5; i += 1) await store.put(newName(), Readable.from([randomBytes(10)]));
      for await (const key of store.list()) await store.delete(key);
      expect(await names(store)).toEqual([]);
    });

    it('sweeps interrupted uploads and keeps committed objects', async () => {
      const kept = newName();
      await store.put(kept, Readable.from([Buffer.from('kept')]));
      await options.leaveInterruptedUpload(store);
      await options.leaveInterruptedUpload(store);
      expect(await store.sweepIncomplete()).toBe(2);
      expect(await store.sweepIncomplete()).toBe(0);
      expect(await names(store)).toEqual([kept]);
      expect((await readAll(store.get(kept))).toString()).toBe('kept');
    });

    it('rewrites the head of an object and keeps the rest', async () => {
      const body = randomBytes(200_000);
      const key = newName();
      await store.put(key, Readable.from([body]));
      const head = randomBytes(109);
      await store.rewriteHead(key, head);
      const after = await readAll(store.get(key));
      expect(after.length).toBe(body.length);
      expect(after.subarray(0, 109).equals(head)).toBe(true);
      expect(after.subarray(109).equals(body.subarray(109))).toBe(true);
    });

    it('refuses to rewrite a head longer than the object, or of an absent object', async () => {
      const body = randomBytes(50);
      const key = newName();
      await store.put(key, Readable.from([body]));
      await expect(store.rewriteHead(key, randomBytes(51))).rejects.toThrow();
      expect((await readAll(store.get(key))).equals(body)).toBe(true);
      await expect(store.rewriteHead(newName(), randomBytes(10))).rejects.toThrow();
      expect(await names(store)).toEqual([key]);
    });
  });
}
