import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProbeClient } from './http-client';
import {
  assessBaseline,
  assessCookies,
  assessHsts,
  assessRedirect,
  assessReferrerPolicy,
  assessVersionLeak,
  baselineCheck,
  cacheControlCheck,
  cookiesCheck,
  effectiveReferrerPolicy,
  hasNoStore,
  hstsCheck,
  httpsRedirectCheck,
  methodsCheck,
  PageCache,
  parseHsts,
  parseSetCookie,
  referrerPolicyCheck,
  versionLeakCheck,
  type HttpContext,
} from './http-checks';
import { createTestCa } from './testing/test-ca';
import { startTargetServer, type TargetServer } from './testing/target-server';
import { defaultLimits } from './types';

describe('parseHsts', () => {
  it.each([
    ['max-age=31536000', 31536000, false],
    ['MAX-AGE=31536000; includeSubDomains', 31536000, true],
    ['  max-age = "63072000" ;INCLUDESUBDOMAINS ; preload', 63072000, true],
    ['includeSubDomains; max-age=0', 0, true],
    ['max-age=300, max-age=31536000', 300, false],
  ])('%s', (header, maxAge, subs) => {
    const h = parseHsts(header);
    expect(h.problem).toBeNull();
    expect(h.maxAge).toBe(maxAge);
    expect(h.includeSubDomains).toBe(subs);
  });

  it.each([
    ['includeSubDomains', /missing/],
    ['max-age=abc', /not a whole number/],
    ['max-age=-1', /not a whole number/],
    ['max-age=1e9', /not a whole number/],
    ['max-age=31536000; max-age=31536000', /twice/],
    ['', /missing/],
  ])('flags %j', (header, problem) => {
    expect(parseHsts(header).problem).toMatch(problem);
  });

  it('assesses the one-year floor and notes includeSubDomains', () => {
    expect(assessHsts(undefined).status).toBe('fail');
    expect(assessHsts('max-age=31535999').status).toBe('fail');
    expect(assessHsts('max-age=31536000')).toEqual({ status: 'pass', summary: 'HSTS max-age 31536000 seconds without includeSubDomains.' });
    expect(assessHsts('max-age=31536000; includeSubDomains; preload').summary).toMatch(/with includeSubDomains, preload/);
    expect(assessHsts('max-age="x"').summary).toMatch(/invalid/);
  });
});

describe('Cache-Control', () => {
  it('finds no-store among directives, any case, not inside other values', () => {
    expect(hasNoStore('no-store')).toBe(true);
    expect(hasNoStore('private, NO-STORE, max-age=0')).toBe(true);
    expect(hasNoStore('no-cache, private')).toBe(false);
    expect(hasNoStore('private="no-store"')).toBe(false);
    expect(hasNoStore(undefined)).toBe(false);
  });
});

describe('Referrer-Policy', () => {
  it('uses the last policy browsers know', () => {
    expect(effectiveReferrerPolicy('no-referrer, strict-origin-when-cross-origin')).toBe('strict-origin-when-cross-origin');
    expect(effectiveReferrerPolicy('strict-origin, made-up-policy')).toBe('strict-origin');
    expect(effectiveReferrerPolicy(' UNSAFE-URL ')).toBe('unsafe-url');
    expect(effectiveReferrerPolicy('nonsense')).toBeNull();
  });

  it.each([
    [undefined, 'fail'],
    ['', 'fail'],
    ['unsafe-url', 'fail'],
    ['no-referrer-when-downgrade', 'fail'],
    ['strict-origin, unsafe-url', 'fail'],
    ['unsafe-url, no-referrer', 'pass'],
    ['same-origin', 'pass'],
    ['gibberish', 'fail'],
  ])('%j → %s', (header, status) => {
    expect(assessReferrerPolicy(header).status).toBe(status);
  });
});

describe('cookies', () => {
  it('parses flags case-insensitively', () => {
    expect(parseSetCookie('sid=1; path=/; SECURE; httponly; SameSite=STRICT')).toMatchObject({ name: 'sid', secure: true, httpOnly: true, sameSite: 'strict', deletes: false });
    expect(parseSetCookie('sid=1; Secure=no-value-expected')).toMatchObject({ secure: true, httpOnly: false, sameSite: null });
    expect(parseSetCookie('sid=; Max-Age=0').deletes).toBe(true);
    expect(parseSetCookie('sid=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT').deletes).toBe(true);
    // The flag name inside a value is not the flag.
    expect(parseSetCookie('note=Secure HttpOnly').secure).toBe(false);
  });

  it('fails any cookie missing a flag, naming it and the flag', () => {
    const r = assessCookies([
      { source: 'a', line: 'good=1; Secure; HttpOnly; SameSite=Lax' },
      { source: 'a', line: 'sid=2; Secure; SameSite=Lax' },
      { source: 'b', line: 'pref=3' },
    ]);
    expect(r.status).toBe('fail');
    expect(r.summary).toBe('Cookie flags missing: sid lacks HttpOnly; pref lacks Secure, HttpOnly, SameSite.');
    expect(assessCookies([{ source: 'a', line: 'x=1; Secure; HttpOnly; SameSite=bogus' }]).status).toBe('fail');
  });

  it('skips with a reason when nothing is set, and ignores deletions', () => {
    expect(assessCookies([]).status).toBe('skip');
    expect(assessCookies([{ source: 'a', line: 'old=; Max-Age=0' }]).summary).toMatch(/give a signed-in URL/);
  });

  it('warns on SameSite=None and passes the full set', () => {
    expect(assessCookies([{ source: 'a', line: 'sid=1; Secure; HttpOnly; SameSite=None' }]).status).toBe('warn');
    expect(assessCookies([{ source: 'a', line: 'sid=1; Secure; HttpOnly; SameSite=Lax' }]).status).toBe('pass');
  });
});

describe('baseline and version headers', () => {
  const full = { 'content-security-policy': "default-src 'self'; frame-ancestors 'none'", 'x-content-type-options': 'nosniff' };
  it('wants CSP, nosniff and framing protection', () => {
    expect(assessBaseline(full).status).toBe('pass');
    expect(assessBaseline({ ...full, 'content-security-policy': "default-src 'self'", 'x-frame-options': 'SAMEORIGIN' }).status).toBe('pass');
    expect(assessBaseline({ ...full, 'content-security-policy': "default-src 'self'" }).summary).toMatch(/framing protection/);
    expect(assessBaseline({ ...full, 'content-security-policy': "default-src 'self'", 'x-frame-options': 'ALLOW-FROM https://x' }).status).toBe('fail');
    expect(assessBaseline({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' }).summary).toMatch(/Content-Security-Policy/);
    expect(assessBaseline({ ...full, 'x-content-type-options': 'sniff' }).summary).toMatch(/nosniff/);
  });

  it('warns on version numbers only', () => {
    expect(assessVersionLeak({ server: 'nginx/1.25.3' }).status).toBe('warn');
    expect(assessVersionLeak({ 'x-powered-by': 'PHP/8.1.2' }).summary).toMatch(/patched/);
    expect(assessVersionLeak({ server: 'nginx', 'x-powered-by': 'Express' }).status).toBe('pass');
    expect(assessVersionLeak({}).status).toBe('pass');
  });
});

describe('assessRedirect', () => {
  const from = new URL('http://app.example/');
  it.each([
    [301, 'https://app.example/', 'pass'],
    [308, '/login', 'fail'],
    [302, 'https://app.example:8443/x', 'pass'],
    [307, 'https://evil.example/', 'fail'],
    [301, 'http://app.example/', 'fail'],
    [303, 'https://app.example/', 'fail'],
    [200, undefined, 'fail'],
    [301, undefined, 'fail'],
  ])('%i to %s → %s', (status, location, verdict) => {
    expect(assessRedirect(status, location, from).status).toBe(verdict);
  });
});

// ------------------------------------------------------------ against real servers

const ca = createTestCa();
let weak: TargetServer;
let hardened: TargetServer;
let leaky: http.Server;
let leakyPort: number;

beforeAll(async () => {
  [weak, hardened] = await Promise.all([startTargetServer({ profile: 'weak', ca }), startTargetServer({ profile: 'hardened', ca })]);
  leaky = http.createServer((_req, res) => res.writeHead(200, { Server: 'Apache/2.4.1 (Unix)', 'X-Powered-By': 'PHP/5.6' }).end('plain'));
  await new Promise<void>((r) => leaky.listen(0, '127.0.0.1', r));
  leakyPort = (leaky.address() as AddressInfo).port;
});
afterAll(async () => {
  await Promise.all([weak.close(), hardened.close(), new Promise((r) => leaky.close(r))]);
});

function ctxFor(s: TargetServer, over: Partial<HttpContext> = {}, auth = true): HttpContext {
  const authUrl = `${s.baseUrl}account`;
  const client = createProbeClient({
    policy: { allowPrivate: true, allowHosts: [] },
    limits: defaultLimits,
    allowedHosts: ['127.0.0.1'],
    ca: [ca.caPem],
    authHeader: auth ? { url: authUrl, name: 'Cookie', value: 'session=good' } : undefined,
  });
  return { client, baseUrl: s.baseUrl, hosts: [{ host: '127.0.0.1', port: s.httpsPort }], httpPort: s.httpPort, authenticatedUrl: auth ? authUrl : null, ...over };
}

describe('HTTP checks on the weak and hardened targets', () => {
  it('weak: HSTS, methods, cache, referrer and cookies fail; baseline and versions pass', async () => {
    const ctx = ctxFor(weak);
    const pages = new PageCache(ctx);
    const statuses = {
      redirect: (await httpsRedirectCheck(ctx)).status,
      hsts: (await hstsCheck(pages)).status,
      methods: (await methodsCheck(ctx)).status,
      cache: (await cacheControlCheck(pages)).status,
      referrer: (await referrerPolicyCheck(pages)).status,
      cookies: (await cookiesCheck(pages)).status,
      baseline: (await baselineCheck(pages)).status,
      version: (await versionLeakCheck(pages)).status,
    };
    expect(statuses).toEqual({ redirect: 'pass', hsts: 'fail', methods: 'fail', cache: 'fail', referrer: 'fail', cookies: 'fail', baseline: 'pass', version: 'pass' });
    // Each page was fetched once however many checks read it: base, signed-in, plain-http, TRACE, TRACK.
    expect(ctx.client.stats().requests).toBe(5);
  });

  it('weak: TRACE is caught echoing the request', async () => {
    const r = await methodsCheck(ctxFor(weak));
    expect(r.summary).toMatch(/TRACE echoes the request/);
    expect(r.proof.join('\n')).toMatch(/> TRACE \/ HTTP\/1\.1/);
  });

  it('hardened: all pass, and the signed-in page got the header', async () => {
    const ctx = ctxFor(hardened);
    const pages = new PageCache(ctx);
    const results = await Promise.all([httpsRedirectCheck(ctx), hstsCheck(pages), methodsCheck(ctx), cacheControlCheck(pages), referrerPolicyCheck(pages), cookiesCheck(pages), baselineCheck(pages), versionLeakCheck(pages)]);
    expect(results.map((r) => r.status)).toEqual(Array(8).fill('pass'));
    expect(results[1]!.summary).toMatch(/with includeSubDomains/);
    expect(hardened.requests.find((q) => q.url === '/account')!.headers.cookie).toBe('session=good');
    expect(results.flatMap((r) => r.proof).join('\n')).not.toMatch(/session=good|hardened-session-value/);
  });

  it('cache-control without an authenticated URL checks the base URL and says so', async () => {
    const r = await cacheControlCheck(new PageCache(ctxFor(hardened, {}, false)));
    expect(r.status).toBe('pass');
    expect(r.summary).toMatch(/No authenticated URL was given, so the base URL was checked/);
  });

  it('cache-control is an error when the signed-in header does not sign in', async () => {
    const ctx = ctxFor(hardened);
    const wrong = createProbeClient({
      policy: { allowPrivate: true, allowHosts: [] },
      limits: defaultLimits,
      allowedHosts: ['127.0.0.1'],
      ca: [ca.caPem],
      authHeader: { url: ctx.authenticatedUrl!, name: 'Cookie', value: 'session=bad' },
    });
    const r = await cacheControlCheck(new PageCache({ ...ctx, client: wrong }));
    expect(r.status).toBe('error');
    expect(r.summary).toMatch(/answered 401/);
  });

  it('https.redirect skips when the port cannot be guessed, and warns when nothing answers', async () => {
    expect((await httpsRedirectCheck(ctxFor(hardened, { httpPort: undefined }))).status).toBe('skip');
    const spare = http.createServer();
    await new Promise<void>((r) => spare.listen(0, '127.0.0.1', r));
    const closedPort = (spare.address() as AddressInfo).port;
    await new Promise((r) => spare.close(r));
    const closed = await httpsRedirectCheck(ctxFor(hardened, { httpPort: closedPort }));
    expect(closed.status).toBe('warn');
    expect(closed.summary).toMatch(/Nothing answered plain HTTP.*connection refused/);
  });

  it('cookies.flags skips when no cookie was set', async () => {
    const ctx = ctxFor(hardened, { baseUrl: `${hardened.baseUrl}nothing-here` }, false);
    const r = await cookiesCheck(new PageCache(ctx));
    expect(r.status).toBe('skip');
  });

  it('version-leak warns on a leaky server', async () => {
    const client = createProbeClient({ policy: { allowPrivate: true, allowHosts: [] }, limits: defaultLimits, allowedHosts: ['127.0.0.1'] });
    const ctx: HttpContext = { client, baseUrl: `http://127.0.0.1:${leakyPort}/`, hosts: [{ host: '127.0.0.1', port: leakyPort }], authenticatedUrl: null };
    const r = await versionLeakCheck(new PageCache(ctx));
    expect(r.status).toBe('warn');
    expect(r.summary).toMatch(/server: Apache\/2\.4\.1.*x-powered-by: PHP\/5\.6/);
  });
});
