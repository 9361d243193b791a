// A local app for the probe to examine, in two builds: WEAK gets the classic mistakes (TLS 1.0, short HSTS, TRACE
// echo, a script-readable cookie, unsafe-url referrers, cacheable pages), HARDENED gets them all right. Tests and the
// bench point the probe at it; `handler` lets the Connect test app serve its routes from the same origin.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TestCa } from './test-ca';

export type TargetProfile = 'weak' | 'hardened';
export type RecordedRequest = { method: string; url: string; headers: http.IncomingHttpHeaders; secure: boolean };

export type TargetServer = {
  /** `https://127.0.0.1:<port>/` */
  baseUrl: string;
  httpsPort: number;
  /** The plain-http listener that redirects to the HTTPS one. */
  httpPort: number;
  /** Every request seen, both listeners, in order: tests assert what the probe did and did not send. */
  requests: RecordedRequest[];
  close(): Promise<void>;
};

export type TargetOptions = {
  profile: TargetProfile;
  ca: TestCa;
  /** Certificate names; default localhost and 127.0.0.1. */
  names?: string[];
  /** A ready certificate instead of one issued by `ca` (e.g. from another CA, for untrusted-chain tests). */
  cert?: { key: string; cert: string };
  /** Serves a request itself and returns true, or returns false to leave it to the profile's pages. */
  handler?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
};

const PROFILE_HEADERS: Record<TargetProfile, Record<string, string>> = {
  weak: {
    'Strict-Transport-Security': 'max-age=300',
    'Referrer-Policy': 'unsafe-url',
    'Content-Security-Policy': "default-src 'self'",
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'private, max-age=600',
  },
  hardened: {
    'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Content-Security-Policy': "default-src 'self'; frame-ancestors 'self'",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  },
};

const SESSION_COOKIE: Record<TargetProfile, string> = {
  weak: 'session=weak-session-value; Path=/; Secure; SameSite=Lax',
  hardened: 'session=hardened-session-value; Path=/; Secure; HttpOnly; SameSite=Lax',
};

const TLS_OPTIONS: Record<TargetProfile, https.ServerOptions> = {
  weak: { minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' },
  hardened: {
    minVersion: 'TLSv1.2',
    ciphers: 'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256',
    honorCipherOrder: true,
  },
};

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startTargetServer(opts: TargetOptions): Promise<TargetServer> {
  const { profile } = opts;
  const requests: RecordedRequest[] = [];
  const leaf = opts.cert ?? opts.ca.issue(opts.names ?? ['localhost', '127.0.0.1']);

  const app = (req: http.IncomingMessage, res: http.ServerResponse) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, secure: true });
    for (const [name, value] of Object.entries(PROFILE_HEADERS[profile])) res.setHeader(name, value);
    if (req.method === 'TRACE' || req.method === 'TRACK') {
      if (profile === 'hardened') {
        res.writeHead(405, { Allow: 'GET, HEAD, POST', 'Content-Type': 'text/plain' }).end('method not allowed');
        return;
      }
      // The weak build echoes the request, as servers with TRACE left on do (cross-site tracing).
      const echo = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) echo.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      res.writeHead(200, { 'Content-Type': 'message/http' }).end(`${echo.join('\r\n')}\r\n\r\n`);
      return;
    }
    if (opts.handler?.(req, res)) return;
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/account') {
      if (req.headers.cookie !== 'session=good') {
        res.writeHead(401, { 'Content-Type': 'text/plain' }).end('sign in first');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<h1>Your account</h1>');
      return;
    }
    if (path === '/') {
      res.setHeader('Set-Cookie', SESSION_COOKIE[profile]);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<h1>Target app</h1>');
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  };

  const secure = https.createServer({ key: leaf.key, cert: leaf.cert, ...TLS_OPTIONS[profile] }, app);
  const httpsPort = await listen(secure);
  const plain = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, secure: false });
    res.writeHead(301, { Location: `https://127.0.0.1:${httpsPort}${req.url ?? '/'}` }).end();
  });
  const httpPort = await listen(plain);

  return {
    baseUrl: `https://127.0.0.1:${httpsPort}/`,
    httpsPort,
    httpPort,
    requests,
    async close() {
      await Promise.all([closeServer(secure), closeServer(plain)]);
    },
  };
}
