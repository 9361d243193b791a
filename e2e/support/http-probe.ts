// Raw HTTP for probes: the path goes out exactly as written (no URL normalising of "..", "%00" or broken
// percent-escapes), any body and headers, and a hang is an answer too (status 0) rather than a stuck suite.
import { request } from 'node:http';

export type ProbeRequest = { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer };
export type ProbeReply = { status: number; headers: Record<string, string | string[] | undefined>; body: string; ms: number };

export function send(port: number, req: ProbeRequest, timeoutMs = 20_000): Promise<ProbeReply> {
  const started = Date.now();
  return new Promise((resolve) => {
    const r = request({ host: 'localhost', port, method: req.method, path: req.path, headers: { ...(req.body !== undefined ? { 'content-length': String(Buffer.byteLength(req.body)) } : {}), ...req.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: Date.now() - started }));
      res.on('error', () => resolve({ status: 0, headers: {}, body: 'response broke off', ms: Date.now() - started }));
    });
    r.setTimeout(timeoutMs, () => r.destroy(new Error('timeout')));
    r.on('error', (e) => resolve({ status: 0, headers: {}, body: `no answer: ${e.message}`, ms: Date.now() - started }));
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/**
 * Signs of a server-side error in a body meant for a browser: stack frames, the server's own file paths, error
 * class names, SQLite codes. Pages carry script URLs, so this is stricter about what counts than leaksIn.
 */
export function stackTraceIn(body: string, serverRoot: string): string | null {
  if (/\n\s+at [^\n]{1,200}[(:]\d+:\d+\)?/.test(body) || /\bat [\w$.<>[\] ]+ \((?:file:\/\/)?\/[^)\n]+:\d+:\d+\)/.test(body)) return 'stack frame';
  if (body.includes(serverRoot) || /node_modules\//.test(body)) return 'server file path';
  const errorClass = body.match(/\b(?:TypeError|RangeError|ReferenceError|SyntaxError|SqliteError|ZodError|URIError|EvalError|AggregateError)\b|\bError: |SQLITE_[A-Z]+/);
  return errorClass ? `error class ${errorClass[0]}` : null;
}

export type ActionOutcome =
  | { kind: 'result'; ok: true }
  | { kind: 'result'; ok: false; error: string; fieldErrors: Record<string, string> }
  /** Next sent its own error row instead of our result: an error escaped the action. */
  | { kind: 'unhandled'; detail: string };

/**
 * The server action's own result out of Next's RSC answer: row 0 points at the row holding it ("a":"$@1").
 * A row of the form `1:E{"digest":…}` means an error got past runAction.
 */
export function actionOutcome(body: string): ActionOutcome {
  const rows = new Map(body.split('\n').flatMap((line) => {
    const m = line.match(/^([0-9a-f]+):(.*)$/);
    return m ? [[m[1]!, m[2]!] as const] : [];
  }));
  const head = rows.get('0');
  if (!head) return { kind: 'unhandled', detail: `no RSC head row in ${JSON.stringify(body.slice(0, 120))}` };
  let ref: unknown;
  try {
    ref = (JSON.parse(head) as { a?: unknown }).a;
  } catch {
    return { kind: 'unhandled', detail: `unreadable head row ${head.slice(0, 120)}` };
  }
  const id = typeof ref === 'string' && ref.startsWith('$@') ? ref.slice(2) : null;
  const row = id ? rows.get(id) : undefined;
  if (row === undefined) return { kind: 'unhandled', detail: `no result row in ${JSON.stringify(body.slice(0, 120))}` };
  if (row.startsWith('E')) return { kind: 'unhandled', detail: `error row ${row.slice(0, 120)}` };
  try {
    const result = JSON.parse(row) as { ok?: unknown; error?: unknown; fieldErrors?: unknown };
    if (result.ok === true) return { kind: 'result', ok: true };
    if (result.ok === false && typeof result.error === 'string') return { kind: 'result', ok: false, error: result.error, fieldErrors: (result.fieldErrors ?? {}) as Record<string, string> };
  } catch {
    // falls through
  }
  return { kind: 'unhandled', detail: `not an action result: ${row.slice(0, 120)}` };
}
