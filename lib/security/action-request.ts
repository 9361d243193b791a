// Server-action requests Next's own decoding would answer with a 500: a body that is not JSON, one over Next's
// size or argument limits, nesting deep enough to overflow React's reviver, or references to parts a plain-text
// body cannot carry ("$Q1", "$@1", "$F…"). Preflight's pages only ever send plain JSON arguments (React's
// encodeReply returns a string for them), so anything else is refused here with a 4xx a person can read.

export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024; // Next's default serverActions.bodySizeLimit
const MAX_ARGUMENTS = 1000; // Next refuses longer argument lists
const MAX_DEPTH = 64; // the deepest real argument (a plan draft) nests about 7 levels
const MAX_BIGINT_DIGITS = 300; // React refuses longer BigInts

export type ActionRefusal = { status: 400 | 413 | 415; message: string };

const MALFORMED: ActionRefusal = { status: 400, message: 'This request is not in the form the server expects. Reload the page and try again.' };

/**
 * A "$" string React decodes without looking anywhere else: an escaped "$", undefined, NaN, ±Infinity, -0, a date,
 * a BigInt. Every other "$" prefix points at another part of the body, which a plain-text body does not have.
 */
function selfContained(value: string): boolean {
  if (value[0] !== '$') return true;
  if (value === '$undefined' || value === '$NaN' || value === '$Infinity' || value === '$-Infinity' || value === '$-0') return true;
  const kind = value[1];
  if (kind === '$' || kind === 'D') return true;
  return kind === 'n' && /^\d{1,300}$/.test(value.slice(2)) && value.length - 2 <= MAX_BIGINT_DIGITS;
}

export const TOO_LARGE: ActionRefusal = { status: 413, message: 'This request is larger than 1 MB. Shorten what you entered and try again.' };

/** What can be refused from the headers alone, before a byte of the body is read. */
export function actionHeadersRefusal(contentType: string | null, declaredLength: string | null): ActionRefusal | null {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'text/plain') return { status: 415, message: 'This request must come from Preflight’s own pages.' };
  return Number(declaredLength ?? 0) > ACTION_BODY_LIMIT_BYTES ? TOO_LARGE : null;
}

/**
 * The body as text, read no further than the limit: a body sent without a length (chunked) is never buffered whole
 * just to be refused. Null when it is larger than the limit.
 */
export async function readCappedText(body: ReadableStream<Uint8Array> | null, limit = ACTION_BODY_LIMIT_BYTES): Promise<string | null> {
  const bytes = await readCappedBytes(body, limit);
  return bytes === null ? null : new TextDecoder().decode(bytes);
}

/** A request body's bytes, or null as soon as it passes `limit`: a huge body is never held whole. */
export async function readCappedBytes(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array | null> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return all;
}

/** Why a server action's plain-text body must be refused before Next decodes it, or null when it may go on. */
export function actionBodyRefusal(body: string): ActionRefusal | null {
  if (new TextEncoder().encode(body).length > ACTION_BODY_LIMIT_BYTES) return TOO_LARGE;
  let args: unknown;
  try {
    args = JSON.parse(body);
  } catch {
    return MALFORMED;
  }
  if (!Array.isArray(args) || args.length > MAX_ARGUMENTS) return MALFORMED;
  // Iterative, so the check itself cannot overflow on the nesting it is there to refuse.
  const stack: { value: unknown; depth: number }[] = [{ value: args, depth: 0 }];
  while (stack.length) {
    const { value, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (!selfContained(value)) return MALFORMED;
    } else if (value !== null && typeof value === 'object') {
      if (depth >= MAX_DEPTH) return MALFORMED;
      for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push({ value: child, depth: depth + 1 });
    }
  }
  return null;
}
