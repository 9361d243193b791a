import type { Pdf } from './document';

type Reference = { _pendingText?: string[]; write(chunk: unknown): void; finalize(): void };

let installed = false;

/**
 * pdfkit turns every operator it adds to a page (each colour, rectangle, marked-content tag and text line) into a
 * Buffer of its own, then joins them when the page's stream is written: tens of thousands of small Buffers for a
 * long report. This keeps a stream's text as strings and turns them into one Buffer when something else is written
 * to it or when it is finished, with the same bytes: pdfkit writes each string in latin1 with a newline.
 */
export function installBatchedWrites(doc: Pdf): void {
  if (installed) return;
  const content = (doc as unknown as { page?: { content?: Reference } }).page?.content;
  if (!content || typeof content.write !== 'function' || typeof content.finalize !== 'function') return;
  const proto = Object.getPrototypeOf(content) as Reference;
  const write = proto.write;
  const finalize = proto.finalize;
  const flush = (ref: Reference) => {
    const pending = ref._pendingText;
    if (!pending?.length) return;
    ref._pendingText = [];
    write.call(ref, Buffer.from(`${pending.join('\n')}\n`, 'latin1'));
  };
  proto.write = function batchedWrite(this: Reference, chunk: unknown): void {
    if (chunk instanceof Uint8Array) {
      flush(this);
      write.call(this, chunk);
      return;
    }
    (this._pendingText ??= []).push(`${chunk}`);
  };
  proto.finalize = function finalizeBatched(this: Reference): void {
    flush(this);
    finalize.call(this);
  };
  installed = true;
}
