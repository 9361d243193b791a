import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalObjectStore } from './local-store';
import { describeObjectStoreContract } from './object-store.contract';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A store whose folder does not exist yet, as on a fresh DATA_DIR. */
function freshRoot(): string {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'preflight-store-'));
  roots.push(parent);
  return path.join(parent, 'evidence');
}

let contractRoot: string;
describeObjectStoreContract('local folder', () => new LocalObjectStore((contractRoot = freshRoot())), {
  leaveInterruptedUpload: async () => {
    // What a crash between the first write and the rename leaves: a part file in tmp/.
    mkdirSync(path.join(contractRoot, 'tmp'), { recursive: true });
    writeFileSync(path.join(contractRoot, 'tmp', `${randomBytes(16).toString('hex')}.part`), randomBytes(1000));
  },
});

describe('the local folder store', () => {
  it('keeps files private to the server: 0600 files in 0700 folders', async () => {
    const root = freshRoot();
    const store = new LocalObjectStore(root);
    const key = randomBytes(16).toString('hex');
    await store.put(key, Readable.from([Buffer.from('secret-ish')]));
    expect(statSync(root).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(root, 'tmp')).mode & 0o777).toBe(0o700);
    expect(statSync(store.pathOf(key)).mode & 0o777).toBe(0o600);
  });

  it('leaves no temp file when the body fails', async () => {
    const root = freshRoot();
    const store = new LocalObjectStore(root);
    const body = Readable.from(
      (async function* () {
        yield randomBytes(10_000);
        throw new Error('gone');
      })(),
    );
    await expect(store.put(randomBytes(16).toString('hex'), body)).rejects.toThrow('gone');
    expect(readdirSync(path.join(root, 'tmp'))).toEqual([]);
    expect(readdirSync(root)).toEqual(['tmp']);
  });

  it('does not grow the file when rewriting its head', async () => {
    const store = new LocalObjectStore(freshRoot());
    const key = randomBytes(16).toString('hex');
    await store.put(key, Readable.from([randomBytes(40)]));
    await expect(store.rewriteHead(key, randomBytes(41))).rejects.toThrow('shorter');
    expect(statSync(store.pathOf(key)).size).toBe(40);
  });

  it('creates its folder when swept, so a fresh DATA_DIR is ready at start-up', async () => {
    const root = freshRoot();
    expect(await new LocalObjectStore(root).sweepIncomplete()).toBe(0);
    expect(statSync(root).mode & 0o777).toBe(0o700);
  });
});
