import { Transform, type TransformCallback } from 'node:stream';

/**
 * Gathers small chunks into larger ones (default 1 MiB) so the file system and web-stream hops downstream pay
 * their per-chunk cost a few hundred times per file instead of tens of thousands.
 */
export class Coalesce extends Transform {
  private parts: Buffer[] = [];
  private size = 0;
  constructor(private readonly target = 1024 * 1024) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size >= this.target) this.release();
    done();
  }
  override _flush(done: TransformCallback) {
    if (this.size) this.release();
    done();
  }
  private release() {
    this.push(this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.size));
    this.parts = [];
    this.size = 0;
  }
}
