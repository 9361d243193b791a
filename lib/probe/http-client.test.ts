import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProbeClient, proofOf, redactSetCookie, type ProbeClientOptions } from './http-client';
import { createTestCa } from './testing/test-ca';
import { defaultLimits, EgressRefusedError, ProbeLimitError, type ProbeLimits } from './types';

type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders };
type Local = { port: number; origin: string; seen: Seen[]; server: http.Server };

let inFlight = 0;
let bigStreamsCut = 0;
let maxInFlight = 0;

function route(port: () => number, other: () => number) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = req.url ?? '/';
    if (path === '/big') {
      // Far more than any cap a test sets; the client must stop reading, not wait for the end.
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      res.on('close', () => {
        if (!res.writableFinished) bigStreamsCut++;
      });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = () => {
        while (sent < 64 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
        if (sent < 64 * 1024 * 1024) res.once('drain', pump);
        else res.end();
      };
      pump();
      return;
    }
    if (path === '/set-cookie-then-redirect') {
      res.writeHead(302, { 'Set-Cookie': 'sid=secret-sid-value; Path=/; Secure; HttpOnly', Location: '/landing' }).end();
      return;
    }
    if (path === '/to-metadata') return void res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data/' }).end();
    if (path === '/to-undeclared') return void res.writeHead(302, { Location: `http://undeclared.example:${port()}/` }).end();
    if (path === '/to-other-origin') return void res.writeHead(307, { Location: `http://localhost:${other()}/landing` }).end();
    if (path === '/loop') return void res.writeHead(302, { Location: '/loop' }).end();
    if (path === '/hang') return; // never answers
    if (path === '/slow') {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        res.end('ok');
      }, 60);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Set-Cookie': ['a=secret-a; Path=/', 'b=secret-b'] }).end(`hello ${req.method}`);
  };
}

async function startLocal(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<Local> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { port, origin: `http://127.0.0.1:${port}`, seen, server };
}

let a: Local;
let b: Local;
const ca = createTestCa();
let tlsServer: https.Server;
let tlsPort: number;

beforeAll(async () => {
  a = await startLocal(route(() => a.port, () => b.port));
  b = await startLocal(route(() => b.port, () => a.port));
  const leaf = ca.issue(['localhost', '127.0.0.1']);
  tlsServer = https.createServer({ key: leaf.key, cert: leaf.cert }, (_req, res) => res.end('secure hello'));
  await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
  tlsPort = (tlsServer.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const s of [a.server, b.server, tlsServer]) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const open = { allowPrivate: true, allowHosts: [] };
function client(over: Partial<Omit<ProbeClientOptions, 'limits'>> & { limits?: Partial<ProbeLimits> } = {}) {
  return createProbeClient({ policy: open, allowedHosts: ['127.0.0.1', 'localhost'], ...over, limits: { ...defaultLimits, ...over.limits } });
}

describe('egress through the client', () => {
  it('refuses a redirect to the metadata address even with allowPrivate and the host declared', async () => {
    const c = client({ allowedHosts: ['127.0.0.1', '169.254.169.254'] });
    const err = await c.request({ method: 'GET', url: `${a.origin}/to-metadata`, followRedirects: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EgressRefusedError);
    expect((err as Error).message).toMatch(/169\.254\.169\.254.*cloud metadata/);
    // The proof shows the redirect that pointed there.
    expect(proofOf(err).join('\n')).toMatch(/location: http:\/\/169\.254\.169\.254/);
    expect(c.stats().requests).toBe(1);
  });

  it('refuses a redirect to a host the run did not declare', async () => {
    const c = client({ allowedHosts: ['127.0.0.1'], lookup: async () => [{ address: '127.0.0.1', family: 4 }] });
    const before = a.seen.length;
    await expect(c.request({ method: 'GET', url: `${a.origin}/to-undeclared`, followRedirects: true })).rejects.toThrow(/undeclared\.example: it is not one of the hosts/);
    expect(a.seen.length - before).toBe(1);
  });

  it('does not follow redirects unless asked', async () => {
    const r = await client().request({ method: 'GET', url: `${a.origin}/to-metadata` });
    expect(r.status).toBe(302);
  });

  it('refuses localhost (a name resolving to 127.0.0.1) without allowPrivate', async () => {
    const c = client({ policy: { allowPrivate: false, allowHosts: [] } });
    const before = a.seen.length;
    await expect(c.request({ method: 'GET', url: `http://localhost:${a.port}/` })).rejects.toThrow(/loopback/);
    await expect(c.request({ method: 'GET', url: `${a.origin}/` })).rejects.toThrow(EgressRefusedError);
    expect(a.seen.length).toBe(before);
    // PROBE_ALLOW_HOSTS naming it opens it.
    const named = client({ policy: { allowPrivate: false, allowHosts: ['localhost'] } });
    expect((await named.request({ method: 'GET', url: `http://localhost:${a.port}/` })).status).toBe(200);
  });

  it('connects to the pinned address even when a second lookup would answer differently', async () => {
    let calls = 0;
    const rebinding = async () => (calls++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '169.254.169.254', family: 4 }]);
    const c = client({ allowedHosts: ['app.test'], lookup: rebinding });
    const first = await c.request({ method: 'GET', url: `http://app.test:${a.port}/` });
    const second = await c.request({ method: 'GET', url: `http://app.test:${a.port}/again` });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.remoteAddress).toBe('127.0.0.1');
    expect(calls).toBe(1);
    expect(a.seen.at(-1)!.headers.host).toBe(`app.test:${a.port}`);
    expect(first.proof[0]).toBe(`* http://app.test:${a.port} → 127.0.0.1:${a.port} (pinned)`);
  });

  it('refuses hosts that are not declared, and allows them once allowHost is called', async () => {
    const c = client({ allowedHosts: ['127.0.0.1'] });
    await expect(c.request({ method: 'GET', url: `http://localhost:${a.port}/` })).rejects.toThrow(/not one of the hosts/);
    c.allowHost('LOCALHOST');
    expect((await c.request({ method: 'GET', url: `http://localhost:${a.port}/` })).status).toBe(200);
  });

  it('refuses non-http schemes and credentials in URLs', async () => {
    await expect(client().request({ method: 'GET', url: 'file:///etc/passwd' })).rejects.toThrow(/only https: and http:/);
    await expect(client().request({ method: 'GET', url: `http://u:p@127.0.0.1:${a.port}/` })).rejects.toThrow(/user name or password/);
  });
});

describe('budgets', () => {
  it('reads at most maxBodyBytes and marks the body truncated', async () => {
    const c = client({ limits: { maxBodyBytes: 1000 } });
    const started = Date.now();
    const r = await c.request({ method: 'GET', url: `${a.origin}/big` });
    expect(r.truncated).toBe(true);
    expect(r.body.length).toBe(1000);
    expect(r.proof.at(-1)).toBe('* body truncated at 1000 bytes');
    expect(c.stats().bytesRead).toBeLessThan(1024 * 1024);
    expect(Date.now() - started).toBeLessThan(2000);
    // The client hung up instead of draining the rest.
    await expect.poll(() => bigStreamsCut, { timeout: 2000 }).toBe(1);
  });

  it('enforces the request cap, counting every redirect hop', async () => {
    const c = client({ limits: { maxRequests: 3 } });
    await c.request({ method: 'GET', url: `${a.origin}/` });
    await c.request({ method: 'GET', url: `${a.origin}/set-cookie-then-redirect`, followRedirects: true });
    expect(c.stats().requests).toBe(3);
    await expect(c.request({ method: 'GET', url: `${a.origin}/` })).rejects.toThrow(ProbeLimitError);
    await expect(c.request({ method: 'GET', url: `${a.origin}/` })).rejects.toThrow(/budget of 3 requests/);
  });

  it('stops after maxRedirects', async () => {
    const c = client({ limits: { maxRedirects: 2 } });
    await expect(c.request({ method: 'GET', url: `${a.origin}/loop`, followRedirects: true })).rejects.toThrow(/more than 2 redirects/);
    expect(c.stats().requests).toBe(3);
  });

  it('times out a request that gets no answer', async () => {
    const c = client({ limits: { requestTimeoutMs: 200 } });
    const started = Date.now();
    await expect(c.request({ method: 'GET', url: `${a.origin}/hang` })).rejects.toThrow(/no answer within 200 ms/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('ends requests in flight and refuses new ones once the run is aborted', async () => {
    const controller = new AbortController();
    const c = client({ signal: controller.signal });
    const pending = c.request({ method: 'GET', url: `${a.origin}/hang` });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow(/time limit/);
    await expect(c.request({ method: 'GET', url: `${a.origin}/` })).rejects.toThrow(ProbeLimitError);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    maxInFlight = 0;
    const c = client({ limits: { concurrency: 2 } });
    await Promise.all(Array.from({ length: 6 }, () => c.request({ method: 'GET', url: `${a.origin}/slow` })));
    expect(maxInFlight).toBe(2);
  });
});

describe('credentials and cookies', () => {
  const secret = 'Bearer top-secret-token';

  it('sends the auth header only when asked and only to its origin, redacted in the proof', async () => {
    const c = client({ authHeader: { url: `${a.origin}/account`, name: 'Authorization', value: secret } });
    const signedIn = await c.request({ method: 'GET', url: `${a.origin}/account`, authenticate: true });
    expect(a.seen.at(-1)!.headers.authorization).toBe(secret);
    expect(signedIn.proof).toContain('> Authorization: [redacted]');
    expect(signedIn.proof.join('\n')).not.toContain('top-secret');

    await c.request({ method: 'GET', url: `${a.origin}/account` });
    expect(a.seen.at(-1)!.headers.authorization).toBeUndefined();

    await expect(c.request({ method: 'GET', url: `http://localhost:${b.port}/`, authenticate: true })).rejects.toThrow(/sent only to http:\/\/127\.0\.0\.1/);
    expect(b.seen.some((s) => s.headers.authorization)).toBe(false);
  });

  it('drops the auth header when a redirect leaves its origin', async () => {
    const c = client({ authHeader: { url: `${a.origin}/`, name: 'Cookie', value: 'session=good' } });
    const before = b.seen.length;
    const r = await c.request({ method: 'GET', url: `${a.origin}/to-other-origin`, authenticate: true, followRedirects: true, headers: { Authorization: 'JWT caller-token' } });
    expect(r.status).toBe(200);
    expect(a.seen.at(-1)!.headers.cookie).toBe('session=good');
    const landed = b.seen.slice(before);
    expect(landed).toHaveLength(1);
    expect(landed[0]!.headers.cookie).toBeUndefined();
    expect(landed[0]!.headers.authorization).toBeUndefined();
    expect(r.proof).toContain('> Cookie: [redacted]');
  });

  it('never sends a cookie it was given, and refuses cookies from the caller', async () => {
    const c = client();
    const r = await c.request({ method: 'GET', url: `${a.origin}/set-cookie-then-redirect`, followRedirects: true });
    expect(r.url).toBe(`${a.origin}/landing`);
    expect(r.everySetCookie.some((s) => s.startsWith('sid='))).toBe(true);
    const landing = a.seen.at(-1)!;
    expect(landing.url).toBe('/landing');
    expect(landing.headers.cookie).toBeUndefined();
    await c.request({ method: 'GET', url: `${a.origin}/` });
    expect(a.seen.at(-1)!.headers.cookie).toBeUndefined();
    await expect(c.request({ method: 'GET', url: `${a.origin}/`, headers: { Cookie: 'x=1' } })).rejects.toThrow(/sends no cookies/);
  });

  it('redacts every Set-Cookie value in the proof and keeps the attributes', async () => {
    const r = await client().request({ method: 'GET', url: `${a.origin}/` });
    expect(r.setCookies).toEqual(['a=secret-a; Path=/', 'b=secret-b']);
    expect(r.proof).toContain('< set-cookie: a=[redacted]; Path=/');
    expect(r.proof).toContain('< set-cookie: b=[redacted]');
    expect(r.proof.join('\n')).not.toMatch(/secret-/);
    expect(redactSetCookie('sid=abc; Path=/; Secure')).toBe('sid=[redacted]; Path=/; Secure');
    expect(redactSetCookie('novalue')).toBe('=[redacted]');
  });

  it('sends TRACE and TRACK as asked', async () => {
    const c = client();
    expect((await c.request({ method: 'TRACE', url: `${a.origin}/` })).body.toString()).toBe('hello TRACE');
    // Node's own parser rejects TRACK, which is the server refusing it; what matters is that it was sent.
    const r = await c.request({ method: 'TRACK', url: `${a.origin}/` }).catch((e: unknown) => e);
    expect(r instanceof Error ? proofOf(r) : (r as { proof: string[] }).proof).toContain('> TRACK / HTTP/1.1');
  });
});

describe('TLS verification', () => {
  it('is on: a certificate from an unknown CA is refused', async () => {
    await expect(client().request({ method: 'GET', url: `https://localhost:${tlsPort}/` })).rejects.toThrow(/certificate/);
  });

  it('trusts the team CA beside the system roots', async () => {
    const r = await client({ ca: [ca.caPem] }).request({ method: 'GET', url: `https://localhost:${tlsPort}/` });
    expect(r.body.toString()).toBe('secure hello');
  });

  it('checks the host name against the certificate', async () => {
    const c = client({ ca: [ca.caPem], allowedHosts: ['wrong.test'], lookup: async () => [{ address: '127.0.0.1', family: 4 }] });
    await expect(c.request({ method: 'GET', url: `https://wrong.test:${tlsPort}/` })).rejects.toThrow(/wrong\.test/);
  });
});
