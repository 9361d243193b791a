// Evidence objects as files in one folder (DATA_DIR/evidence), uploads staged in its tmp/ subfolder. A file only
// ever appears under its final name whole: it is written to tmp/, fsynced, renamed (atomic within one file
// system, which is why tmp/ sits inside the folder) and the folder fsynced so the rename survives a power cut.
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertByteRange, assertObjectName, isObjectName, type ByteRange, type EvidenceObjectStore } from './object-store';

export function evidenceDir(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'evidence');
}

// Large reads: decryption works in 64 KiB segments and a download is mostly throughput.
const READ_CHUNK = 1024 * 1024;

export class LocalObjectStore implements EvidenceObjectStore {
  private readonly tmpDir: string;

  constructor(private readonly root: string) {
    this.tmpDir = path.join(root, 'tmp');
  }

  /** The file behind an object; for this store's own use and for tests that inspect or damage the bytes. */
  pathOf(name: string): string {
    assertObjectName(name);
    return path.join(this.root, name);
  }

  async put(name: string, body: Readable): Promise<{ size: number }> {
    const tmp = path.join(this.tmpDir, `${name}.part`);
    let final: string;
    let out: WriteStream;
    try {
      final = this.pathOf(name);
      await mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
      // Waiting for the open before any byte flows: a body that fails at once still leaves a file we know we
      // created (and remove), and `wx` never lets us remove a temp file someone else is writing.
      out = createWriteStream(tmp, { flags: 'wx', mode: 0o600 });
      await once(out, 'open');
    } catch (e) {
      body.destroy();
      throw e;
    }
    let renamed = false;
    try {
      await pipeline(body, out);
      const handle = await open(tmp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, final);
      renamed = true;
      await fsyncDir(this.root);
      return { size: out.bytesWritten };
    } catch (e) {
      body.destroy();
      // A rename whose folder entry may not be durable is not committed either; the caller will not record it.
      await unlink(renamed ? final : tmp).catch(() => undefined);
      throw e;
    }
  }

  get(name: string, range?: ByteRange): Readable {
    const file = this.pathOf(name);
    if (range) assertByteRange(range);
    return createReadStream(file, { highWaterMark: READ_CHUNK, ...(range && { start: range.start, end: range.end }) });
  }

  async head(name: string): Promise<{ size: number } | null> {
    try {
      const s = await stat(this.pathOf(name));
      return s.isFile() ? { size: s.size } : null;
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  async delete(name: string): Promise<void> {
    await rm(this.pathOf(name), { force: true });
  }

  async *list(): AsyncIterable<string> {
    // A snapshot, so that callers may delete while iterating.
    const names = await readdir(this.root).catch((e: unknown) => (isMissing(e) ? [] : Promise.reject(e)));
    for (const name of names) if (isObjectName(name)) yield name;
  }

  async sweepIncomplete(): Promise<number> {
    // Runs at start-up: creating the folder here makes a DATA_DIR the server cannot write fail at start, not at
    // the first upload.
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    let removed = 0;
    for (const name of await readdir(this.tmpDir).catch(() => [] as string[])) {
      await rm(path.join(this.tmpDir, name), { force: true });
      removed += 1;
    }
    return removed;
  }

  async rewriteHead(name: string, head: Buffer): Promise<void> {
    const handle = await open(this.pathOf(name), 'r+');
    try {
      // Writing past the end would grow the file instead of rewriting its head.
      if ((await handle.stat()).size < head.length) throw new Error('the object is shorter than the bytes to rewrite');
      await handle.write(head, 0, head.length, 0);
      await handle.sync();
    } finally {
      await handle.close();
    }
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

function isMissing(e: unknown): boolean {
  return (e as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}
