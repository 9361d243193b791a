// The one gate every probe connection goes through: declared hosts only, each resolved once and connected to at
// the address that was checked, with request, byte, time and concurrency budgets, and proof lines with secrets
// redacted. TLS checks dial through it too, so the budgets and the address policy cover them as well.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { assertAddressAllowed, hostOf, parseProbeUrl, resolvePinned, type LookupFn, type ResolvedAddress } from './egress';
import {
  EgressRefusedError,
  ProbeLimitError,
  type EgressPolicy,
  type ProbeClient,
  type ProbeLimits,
  type ProbeRequest,
  type ProbeResponse,
} from './types';

export type ProbeClientOptions = {
  policy: EgressPolicy;
  limits: ProbeLimits;
  allowedHosts: string[];
  /** Extra trusted roots (PEM), beside the system roots. */
  ca?: string[];
  /** The header that signs in; sent only when a request asks for it AND goes to this URL's origin. */
  authHeader?: { url: string; name: string; value: string };
  lookup?: LookupFn;
  /** The whole run's deadline: once aborted, requests in flight end and new ones are refused. */
  signal?: AbortSignal;
  userAgent?: string;
};

/**
 * `authenticate: true` asks for the signed-in header. It is opt-in because the Connect checks send requests that
 * must arrive WITHOUT credentials (an unauthenticated module call authenticated by a session cookie proves nothing).
 */
export type EngineRequest = ProbeRequest & { authenticate?: boolean };

export type TlsDial = {
  host: string;
  port: number;
  /** Versions, ciphers and the like; host, servername, lookup and ca are set by the client. */
  options: Pick<tls.ConnectionOptions, 'minVersion' | 'maxVersion' | 'ciphers' | 'rejectUnauthorized'>;
};

export type TlsOutcome =
  | {
      ok: true;
      protocol: string | null;
      cipher: tls.CipherNameAndProtocol;
      authorized: boolean;
      authorizationError: string | null;
      certificate: tls.PeerCertificate | null;
      remoteAddress: string;
    }
  | { ok: false; error: string; remoteAddress: string };

/** `setCookies` is the final response's, as the contract says; `everySetCookie` adds those on redirects before it. */
export type EngineResponse = ProbeResponse & { everySetCookie: string[] };

export interface EngineClient extends ProbeClient {
  request(req: EngineRequest): Promise<EngineResponse>;
  /** One TLS handshake to a declared host at its pinned address; the socket is closed right after. */
  tlsHandshake(dial: TlsDial): Promise<TlsOutcome>;
  readonly authenticatedUrl: string | null;
  /** Trusted roots: the system's plus the team's CA. */
  readonly trustedCa: string[];
}

/** Errors from a request carry the proof gathered so far (e.g. the redirect that pointed somewhere refused). */
export function proofOf(e: unknown): string[] {
  const proof = (e as { proof?: unknown } | null)?.proof;
  return Array.isArray(proof) ? (proof as string[]) : [];
}

function withProof<E extends Error>(e: E, proof: string[]): E {
  Object.assign(e, { proof: [...proof] });
  return e;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly size: number) {}
  async acquire(): Promise<() => void> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiting.shift()?.();
    };
  }
}

/** `sid=abc; Path=/; Secure` → `sid=[redacted]; Path=/; Secure`. */
export function redactSetCookie(value: string): string {
  const semi = value.indexOf(';');
  const pair = semi < 0 ? value : value.slice(0, semi);
  const eq = pair.indexOf('=');
  const name = eq < 0 ? '' : pair.slice(0, eq).trim();
  return `${name}=[redacted]${semi < 0 ? '' : value.slice(semi)}`;
}

function headersFromRaw(raw: string[]): { headers: Record<string, string>; setCookies: string[] } {
  const headers: Record<string, string> = {};
  const setCookies: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    if (name === 'set-cookie') setCookies.push(value);
    else headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  if (setCookies.length) headers['set-cookie'] = setCookies.join(', ');
  return { headers, setCookies };
}

/** Hands the pinned address to the socket whatever shape of answer it asks for (autoSelectFamily asks for all). */
function pinnedLookup(pinned: ResolvedAddress): net.LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  }) as unknown as net.LookupFunction;
}

function describeNetworkError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ECONNREFUSED') return 'connection refused';
  if (err?.code === 'ECONNRESET') return 'connection reset by the server';
  if (err?.message === 'socket hang up') return 'the server closed the connection without answering';
  const message = (err?.message ?? String(e)).trim();
  // OpenSSL's "80…:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:…:SSL alert number 70".
  const ssl = /SSL routines:[^:]*:([^:]+)(?::.*SSL alert number (\d+))?/.exec(message);
  if (ssl) return `${ssl[1]!.trim()}${ssl[2] ? ` (TLS alert ${ssl[2]})` : ''}`;
  return message;
}

export function createProbeClient(opts: ProbeClientOptions): EngineClient {
  const { policy, limits, lookup, signal } = opts;
  const allowed = new Set(opts.allowedHosts.map((h) => h.replace(/^\[(.*)\]$/, '$1').toLowerCase()));
  const trustedCa = [...tls.rootCertificates, ...(opts.ca ?? [])];
  const pins = new Map<string, Promise<ResolvedAddress>>();
  const gate = new Semaphore(Math.max(1, limits.concurrency));
  const userAgent = opts.userAgent ?? 'Preflight-probe/1';
  const authOrigin = opts.authHeader ? parseProbeUrl(opts.authHeader.url, 'authenticated URL').origin : null;
  const authName = opts.authHeader?.name.toLowerCase() ?? null;
  let requests = 0;
  let bytesRead = 0;

  // Parsing the ~140 system roots costs tens of milliseconds; made once per option set, not once per connection.
  const contexts = new Map<string, tls.SecureContext>();
  function secureContext(options: TlsDial['options'] = {}): tls.SecureContext {
    const { minVersion, maxVersion, ciphers } = options;
    const key = JSON.stringify([minVersion, maxVersion, ciphers]);
    let ctx = contexts.get(key);
    if (!ctx) {
      ctx = tls.createSecureContext({ ca: trustedCa, ...(minVersion ? { minVersion } : {}), ...(maxVersion ? { maxVersion } : {}), ...(ciphers ? { ciphers } : {}) });
      contexts.set(key, ctx);
    }
    return ctx;
  }

  function checkBudget(): void {
    if (signal?.aborted) throw new ProbeLimitError(`the run's time limit of ${limits.totalTimeMs} ms ran out`);
    if (requests >= limits.maxRequests) throw new ProbeLimitError(`the run's budget of ${limits.maxRequests} requests is used up`);
    requests++;
  }

  /** Declared host, then the address policy: resolved once per run so every later connection uses the same answer. */
  async function pin(hostname: string): Promise<ResolvedAddress> {
    const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    if (!allowed.has(host)) {
      throw new EgressRefusedError(`refused to contact ${host}: it is not one of the hosts this run declared (${[...allowed].join(', ')})`);
    }
    let p = pins.get(host);
    if (!p) {
      p = resolvePinned(host, policy, lookup);
      pins.set(host, p);
    }
    const pinned = await p;
    // The policy may be stricter than when the pin was made only in tests, but checking again costs nothing.
    assertAddressAllowed(pinned.address, host, policy);
    return pinned;
  }

  /** Runs fn with a timeout and the run's abort signal wired to `destroy`. */
  function guarded<T>(what: string, start: () => { destroy: (e: Error) => void; promise: Promise<T> }): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const fail = (e: Error) => finish(() => reject(e));
      const { destroy, promise } = start();
      const timer = setTimeout(() => {
        const e = new ProbeLimitError(`${what}: no answer within ${limits.requestTimeoutMs} ms`);
        destroy(e);
        fail(e);
      }, limits.requestTimeoutMs);
      const onAbort = () => {
        const e = new ProbeLimitError(`${what}: the run's time limit of ${limits.totalTimeMs} ms ran out`);
        destroy(e);
        fail(e);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (v) => finish(() => resolve(v)),
        (e: unknown) => fail(e instanceof Error ? e : new Error(String(e))),
      );
    });
  }

  type Hop = { status: number; statusText: string; headers: Record<string, string>; setCookies: string[]; body: Buffer; truncated: boolean; remoteAddress: string; proof: string[] };

  async function hop(url: URL, method: string, headers: [string, string][], body: string | undefined, redact: Set<string>): Promise<Hop> {
    const host = hostOf(url);
    let pinned: ResolvedAddress;
    try {
      pinned = await pin(host);
      checkBudget();
    } catch (e) {
      throw withProof(e as Error, [`* ${method} ${url.href}: ${(e as Error).message}`]);
    }
    const release = await gate.acquire();
    const isHttps = url.protocol === 'https:';
    const port = Number(url.port || (isHttps ? 443 : 80));
    const path = `${url.pathname}${url.search}`;
    const proof = [`* ${url.origin} → ${pinned.family === 6 ? `[${pinned.address}]` : pinned.address}:${port} (pinned)`, `> ${method} ${path} HTTP/1.1`];
    for (const [name, value] of headers) proof.push(`> ${name}: ${redact.has(name.toLowerCase()) ? '[redacted]' : value}`);
    try {
      return await guarded<Hop>(`${method} ${url.href}`, () => {
        const outgoing: Record<string, string> = Object.fromEntries(headers);
        if (body !== undefined) outgoing['Content-Length'] = String(Buffer.byteLength(body));
        const options: https.RequestOptions = {
          hostname: host,
          port,
          path,
          method,
          headers: outgoing,
          agent: false,
          lookup: pinnedLookup(pinned),
          ...(isHttps ? { secureContext: secureContext(), rejectUnauthorized: true, ...(net.isIP(host) ? {} : { servername: host }) } : {}),
        };
        let destroyReq: (e: Error) => void = () => {};
        const promise = new Promise<Hop>((resolve, reject) => {
          const req = (isHttps ? https : http).request(options, (res) => {
            const chunks: Buffer[] = [];
            let kept = 0;
            let truncated = false;
            const remoteAddress = res.socket?.remoteAddress ?? pinned.address;
            const done = () => {
              const parsed = headersFromRaw(res.rawHeaders);
              const respProof = [`< HTTP/${res.httpVersion} ${res.statusCode} ${res.statusMessage ?? ''}`.trimEnd()];
              for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
                const name = res.rawHeaders[i]!;
                const value = res.rawHeaders[i + 1]!;
                respProof.push(`< ${name.toLowerCase()}: ${name.toLowerCase() === 'set-cookie' ? redactSetCookie(value) : value}`);
              }
              if (truncated) respProof.push(`* body truncated at ${limits.maxBodyBytes} bytes`);
              resolve({
                status: res.statusCode ?? 0,
                statusText: res.statusMessage ?? '',
                ...parsed,
                body: Buffer.concat(chunks),
                truncated,
                remoteAddress,
                proof: [...proof, ...respProof],
              });
            };
            res.on('data', (chunk: Buffer) => {
              if (truncated) return;
              bytesRead += chunk.length;
              const room = limits.maxBodyBytes - kept;
              if (chunk.length > room) {
                chunks.push(chunk.subarray(0, room));
                kept += room;
                truncated = true;
                // Reading on would let a hostile server decide how much memory and time the probe spends.
                res.destroy();
                req.destroy();
                done();
                return;
              }
              chunks.push(chunk);
              kept += chunk.length;
            });
            res.on('end', () => {
              if (!truncated) done();
            });
            res.on('error', (e) => {
              if (!truncated) reject(e);
            });
          });
          destroyReq = (e) => req.destroy(e);
          req.on('error', (e) => reject(new Error(`${method} ${url.href}: ${describeNetworkError(e)}`)));
          req.end(body);
        });
        return { destroy: (e) => destroyReq(e), promise };
      });
    } catch (e) {
      throw withProof(e instanceof Error ? e : new Error(String(e)), [...proof, `* ${(e as Error).message}`]);
    } finally {
      release();
    }
  }

  function headersFor(url: URL, req: EngineRequest, sameOriginAsFirst: boolean): { list: [string, string][]; redact: Set<string> } {
    const given = Object.entries(req.headers ?? {});
    const has = (n: string) => given.some(([k]) => k.toLowerCase() === n);
    const list: [string, string][] = [['Host', url.host]];
    if (!has('user-agent')) list.push(['User-Agent', userAgent]);
    if (!has('accept')) list.push(['Accept', '*/*']);
    const redact = new Set<string>(['cookie']);
    for (const [name, value] of given) {
      const lower = name.toLowerCase();
      if (lower === 'cookie') throw new Error('the probe sends no cookies; a signed-in cookie goes in the authenticated header');
      if (lower === 'host' || lower === 'content-length') continue;
      // Like fetch: credentials the caller set for one origin are not handed to another one a redirect points at.
      if (!sameOriginAsFirst && lower === 'authorization') continue;
      if (/[\r\n]/.test(value)) throw new Error(`header ${name} contains a line break`);
      list.push([name, value]);
    }
    if (req.authenticate && opts.authHeader && authName) {
      if (url.origin === authOrigin) {
        const i = list.findIndex(([n]) => n.toLowerCase() === authName);
        if (i >= 0) list.splice(i, 1);
        list.push([opts.authHeader.name, opts.authHeader.value]);
        redact.add(authName);
      }
    }
    return { list, redact };
  }

  async function request(req: EngineRequest): Promise<EngineResponse> {
    let url = parseProbeUrl(req.url);
    const firstOrigin = url.origin;
    if (req.authenticate && opts.authHeader && url.origin !== authOrigin) {
      throw new Error(`the authenticated header is sent only to ${authOrigin}, not to ${url.origin}`);
    }
    let method = req.method.toUpperCase();
    let body = req.body;
    const proof: string[] = [];
    const everySetCookie: string[] = [];
    for (let hops = 0; ; hops++) {
      const { list, redact } = headersFor(url, req, url.origin === firstOrigin);
      let result: Hop;
      try {
        result = await hop(url, method, list, body, redact);
      } catch (e) {
        throw withProof(e as Error, [...proof, ...proofOf(e)]);
      }
      proof.push(...result.proof);
      everySetCookie.push(...result.setCookies);
      const location = result.headers.location;
      if (!req.followRedirects || !REDIRECTS.has(result.status) || !location) {
        return { url: url.href, ...result, proof, everySetCookie };
      }
      if (hops >= limits.maxRedirects) throw withProof(new ProbeLimitError(`more than ${limits.maxRedirects} redirects from ${req.url}`), proof);
      let next: URL;
      try {
        next = parseProbeUrl(new URL(location, url).href, 'redirect target');
      } catch (e) {
        throw withProof(e instanceof Error ? e : new Error(String(e)), proof);
      }
      if (result.status === 303 || ((result.status === 301 || result.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      url = next;
    }
  }

  async function tlsHandshake(dial: TlsDial): Promise<TlsOutcome> {
    const host = dial.host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    const pinned = await pin(host);
    checkBudget();
    const release = await gate.acquire();
    try {
      return await guarded<TlsOutcome>(`TLS to ${host}:${dial.port}`, () => {
        let socket: tls.TLSSocket | null = null;
        const promise = new Promise<TlsOutcome>((resolve) => {
          socket = tls.connect({
            host,
            port: dial.port,
            lookup: pinnedLookup(pinned),
            secureContext: secureContext(dial.options),
            rejectUnauthorized: dial.options.rejectUnauthorized ?? false,
            ...(net.isIP(host) ? {} : { servername: host }),
          });
          const s = socket;
          s.once('secureConnect', () => {
            const outcome: TlsOutcome = {
              ok: true,
              protocol: s.getProtocol(),
              cipher: s.getCipher(),
              authorized: s.authorized,
              authorizationError: s.authorizationError ? String(s.authorizationError) : null,
              certificate: s.getPeerCertificate(true) ?? null,
              remoteAddress: s.remoteAddress ?? pinned.address,
            };
            s.end();
            s.destroy();
            resolve(outcome);
          });
          s.once('error', (e) => {
            s.destroy();
            resolve({ ok: false, error: describeNetworkError(e), remoteAddress: pinned.address });
          });
        });
        return { destroy: (e) => (socket as tls.TLSSocket | null)?.destroy(e), promise };
      });
    } finally {
      release();
    }
  }

  return {
    request,
    tlsHandshake,
    allowHost(hostname: string) {
      allowed.add(hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase());
    },
    stats: () => ({ requests, bytesRead }),
    authenticatedUrl: opts.authHeader?.url ?? null,
    trustedCa,
  };
}
