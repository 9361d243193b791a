// A small HTTP server in front of Next: Next cannot refuse TRACE (its proxy answers 500 with a stack trace in
// the log), and the client address must come from the socket, not from headers the client controls.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import next from 'next';
import { log } from './lib/log';

export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const allowed = new Set(ALLOWED_METHODS);
const CLIENT_IP_HEADER = 'x-preflight-client-ip';

const baselineHeaders: Record<string, string> = {
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cache-Control': 'no-store',
  // The old XSS auditor is gone from browsers, and where it survives it can be abused to blank parts of a page.
  'X-XSS-Protection': '0',
};

// A request body that sends nothing for this long is dropped: a slow-body client cannot hold a socket forever,
// while a big upload that keeps sending is never cut off.
export const BODY_IDLE_TIMEOUT_MS = 30_000;

function clientIp(req: IncomingMessage, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)?.split(',').pop()?.trim();
    if (last) return last;
  }
  const addr = req.socket.remoteAddress ?? null;
  return addr?.startsWith('::ffff:') ? addr.slice(7) : addr;
}

function rawResponse(status: string): string {
  const headers = Object.entries({ ...baselineHeaders, Allow: ALLOWED_METHODS.join(', '), 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
  const body = `${status.slice(4)}\n`;
  return `HTTP/1.1 ${status}\r\n${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

function refuseMethod(res: ServerResponse): void {
  res.writeHead(405, { ...baselineHeaders, Allow: ALLOWED_METHODS.join(', '), 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('Method Not Allowed\n');
}

/**
 * A path with a broken percent-escape ("%E0%A4%A", "%zz"): Next decodes dynamic segments with decodeURIComponent,
 * which throws, and answers 500. No link of ours makes such a path, so it is the client's mistake: 400.
 */
export function undecodablePath(url: string | undefined): boolean {
  try {
    decodeURIComponent((url ?? '/').split('?')[0]!);
    return false;
  } catch {
    return true;
  }
}

function refusePath(res: ServerResponse): void {
  res.writeHead(400, { ...baselineHeaders, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('This address is not valid: it contains a broken %-escape.\n');
}

export async function startServer(options: { port: number; host?: string; trustProxy: boolean }) {
  const app = next({ dev: false, dir: process.cwd() });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => {
    if (!allowed.has(req.method ?? '')) return refuseMethod(res);
    if (undecodablePath(req.url)) return refusePath(res);
    res.setHeader('X-XSS-Protection', '0');
    delete req.headers[CLIENT_IP_HEADER];
    const ip = clientIp(req, options.trustProxy);
    if (ip) req.headers[CLIENT_IP_HEADER] = ip;
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // Path only: query strings can carry one-time tokens.
      const path = (req.url ?? '/').split('?')[0];
      log.debug({ method: req.method, path, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'request');
    });
    handle(req, res).catch((err: unknown) => {
      log.error({ err: err instanceof Error ? err.message : String(err) }, 'request handler failed');
      if (!res.headersSent) {
        res.writeHead(500, { ...baselineHeaders, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Internal error\n');
      }
    });
  });
  // Methods Node's parser does not know (TRACK, …) never reach the handler; answer them 405 as well.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const status = err.code === 'HPE_INVALID_METHOD' ? '405 Method Not Allowed' : err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(rawResponse(status));
  });
  // CONNECT is parsed but handed to a 'connect' listener instead of the request handler.
  server.on('connect', (_req, socket) => socket.end(rawResponse('405 Method Not Allowed')));
  // Slow-loris protection without cutting off big uploads that keep sending: headers within 20 s, then no more
  // than BODY_IDLE_TIMEOUT_MS of silence on the socket (Node destroys it; idle keep-alive sockets close sooner).
  server.headersTimeout = 20_000;
  server.requestTimeout = 0;
  server.setTimeout(BODY_IDLE_TIMEOUT_MS);
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  // Webhook deliveries go out from this process, beside the requests that queue them (db/webhook-delivery.ts).
  const stopWebhooks = (await import('./db/webhook-delivery')).startWebhookWorker();
  const shutdown = () => {
    stopWebhooks();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  return server;
}
