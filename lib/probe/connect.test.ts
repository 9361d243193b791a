import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDescriptor, runConnectChecks } from './connect';
import { queryStringHash } from './connect-jwt';
import { MAX_MODULE_URLS } from './connect-modules';
import { createProbeClient } from './http-client';
import { createConnectApp, type ConnectApp } from './testing/connect-app';
import { createTestCa, type TestCa } from './testing/test-ca';
import { startTargetServer, type TargetServer } from './testing/target-server';
import { checkIds, defaultLimits, type CheckResult, type ProbeClient } from './types';

const CONNECT_IDS = checkIds.filter((id) => id.startsWith('connect.'));

let ca: TestCa;
const servers: TargetServer[] = [];
const plainServers: http.Server[] = [];

function clientFor(extra: { ca?: string[] } = {}): ProbeClient {
  return createProbeClient({ policy: { allowPrivate: true, allowHosts: [] }, limits: defaultLimits, allowedHosts: ['127.0.0.1'], ca: extra.ca ?? [ca.caPem] });
}

async function appServer(profile: 'weak' | 'hardened', modules?: number): Promise<{ server: TargetServer; app: ConnectApp }> {
  // The app needs its base URL, which exists only once the server it runs in is listening.
  const started: { server?: TargetServer } = {};
  const app = createConnectApp({ profile, modules, baseUrl: () => started.server?.baseUrl ?? 'https://unset.invalid' });
  const server = await startTargetServer({ profile, ca, handler: app.handler });
  started.server = server;
  servers.push(server);
  return { server, app };
}

async function probe(baseUrl: string, client = clientFor()): Promise<CheckResult[]> {
  const loaded = await loadDescriptor({ baseUrl }, client);
  return runConnectChecks({ ...loaded, client });
}

async function probeInline(descriptor: unknown, targetBaseUrl: string, client = clientFor()): Promise<CheckResult[]> {
  const loaded = await loadDescriptor({ baseUrl: targetBaseUrl, descriptor: { kind: 'inline', text: JSON.stringify(descriptor), name: 'test.json' } }, client);
  return runConnectChecks({ ...loaded, client });
}

function byId(results: CheckResult[]) {
  return Object.fromEntries(results.map((r) => [r.id, r])) as Record<(typeof CONNECT_IDS)[number], CheckResult>;
}

// A target with no Connect routes, for descriptors given inline: only its baseUrl answers.
let plain: TargetServer;

beforeAll(async () => {
  ca = createTestCa();
  plain = await startTargetServer({ profile: 'hardened', ca });
  servers.push(plain);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await Promise.all(plainServers.map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('a hardened Connect app', () => {
  let target: { server: TargetServer; app: ConnectApp };
  let results: CheckResult[];
  beforeAll(async () => {
    target = await appServer('hardened');
    results = await probe(target.server.baseUrl);
  });

  it('passes all five Connect checks, in checkIds order, with catalog items', () => {
    expect(results.map((r) => r.id)).toEqual(CONNECT_IDS);
    expect(results.map((r) => `${r.id}: ${r.status}`)).toEqual(CONNECT_IDS.map((id) => `${id}: pass`));
    for (const r of results) expect(r.items.length).toBeGreaterThan(0);
    const checks = byId(results);
    expect(checks['connect.scopes'].summary).toContain('READ, WRITE');
    expect(checks['connect.modules-reject-unauthenticated'].summary).toMatch(/^All 5 module URLs refused .* \(40 requests, each 401 or 403\)\.$/);
    expect(checks['connect.lifecycle-signed'].summary).toContain('installed, uninstalled');
  });

  it('sent every module forgery, and each token is what the proof says it is', () => {
    const seen = target.app.requests.filter((r) => r.path === '/module/1');
    expect(seen).toHaveLength(8);
    const gets = seen.filter((r) => r.method === 'GET');
    const posts = seen.filter((r) => r.method === 'POST');
    expect(gets).toHaveLength(5);
    expect(posts).toHaveLength(3);
    expect(gets.filter((r) => !r.authorization && !r.queryJwt)).toHaveLength(1);
    expect(posts.filter((r) => !r.authorization && !r.queryJwt)).toHaveLength(1);
    expect(posts.every((r) => r.queryJwt === null)).toBe(true);

    const tokens = seen.flatMap((r) => [r.authorization?.replace(/^JWT /, ''), r.queryJwt].filter((t): t is string => !!t).map((t) => ({ t, method: r.method })));
    expect(tokens).toHaveLength(6);
    const hs = tokens.filter(({ t }) => decodeProtectedHeader(t).alg === 'HS256');
    const none = tokens.filter(({ t }) => decodeProtectedHeader(t).alg === 'none');
    expect(hs).toHaveLength(3); // GET header, GET query, POST header
    expect(none).toHaveLength(3);
    for (const { t } of none) expect(t.split('.')[2]).toBe('');
    for (const { t } of hs) expect(t.split('.')[2]?.length).toBeGreaterThan(20);
    const url = new URL('/module/1?project=preflight&issue=10000', target.server.baseUrl).href;
    for (const { t, method } of tokens) {
      const claims = decodeJwt(t);
      expect(claims.qsh).toBe(queryStringHash(method, url, target.server.baseUrl));
      expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
      expect(typeof claims.iss).toBe('string');
    }
    expect(seen.every((r) => r.status === 401)).toBe(true);
  });

  it('sent each lifecycle forgery with a realistic install payload', async () => {
    const installs = target.app.requests.filter((r) => r.path === '/lifecycle/installed');
    expect(installs).toHaveLength(4);
    expect(installs.every((r) => r.method === 'POST' && r.status === 401)).toBe(true);
    const payloads = installs.map((r) => JSON.parse(r.body) as Record<string, string>);
    for (const p of payloads) expect(p).toMatchObject({ key: 'preflight-test-app', baseUrl: 'https://example.atlassian.net', eventType: 'installed' });
    expect(new Set(payloads.map((p) => p.sharedSecret)).size).toBe(4);
    const algs = installs.map((r) => (r.authorization ? decodeProtectedHeader(r.authorization.slice(4)) : null));
    expect(algs.map((h) => h?.alg ?? null).sort()).toEqual(['HS256', 'RS256', 'none', null].sort());
    const rs = algs.find((h) => h?.alg === 'RS256');
    expect(rs?.kid).toMatch(/^[0-9a-f-]{36}$/);
    // The HS256 one is signed with the secret of the very payload it came with.
    const selfSigned = installs.find((r) => r.authorization && decodeProtectedHeader(r.authorization.slice(4)).alg === 'HS256');
    const body = JSON.parse(selfSigned?.body ?? '{}') as { sharedSecret: string; clientKey: string };
    const verified = await jwtVerify(selfSigned?.authorization?.slice(4) ?? '', new TextEncoder().encode(body.sharedSecret));
    expect(verified.payload.iss).toBe(body.clientKey);
  });

  it('proves each call with one line per URL, forgery and method', () => {
    const proof = byId(results)['connect.modules-reject-unauthenticated'].proof;
    const lines = proof.filter((l) => l.includes('/module/2?'));
    expect(lines).toHaveLength(8);
    expect(lines).toContain(`GET ${new URL('/module/2?project=preflight&issue=10000', target.server.baseUrl).href} · alg none in ?jwt= → 401 Unauthorized`);
    expect(lines.some((l) => l.startsWith('POST ') && l.includes('HS256 signed with a wrong secret in Authorization → 401'))).toBe(true);
  });
});

describe('a weak Connect app', () => {
  let results: Record<(typeof CONNECT_IDS)[number], CheckResult>;
  let baseUrl: string;
  beforeAll(async () => {
    const { server } = await appServer('weak');
    baseUrl = server.baseUrl;
    results = byId(await probe(baseUrl));
  });

  it('fails the module check, naming the open URL and the forgery, with the raw accepted request', () => {
    const modules = results['connect.modules-reject-unauthenticated'];
    expect(modules.status).toBe('fail');
    expect(modules.summary).toMatch(/^8 of 40 requests without a valid JWT were accepted: GET \/module\/0\?project=preflight&issue=10000 with no JWT → 200 OK;/);
    const first = modules.proof.indexOf('First accepted request:');
    expect(first).toBeGreaterThan(0);
    expect(modules.proof[first + 2]).toBe('> GET /module/0?project=preflight&issue=10000 HTTP/1.1');
    expect(modules.proof.some((l) => l.startsWith('< HTTP/1.1 200'))).toBe(true);
    expect(modules.proof.filter((l) => l.includes('/module/1?') && l.endsWith('→ 401 Unauthorized'))).toHaveLength(8);
  });

  it('fails the lifecycle check because installed takes alg none', () => {
    const lifecycle = results['connect.lifecycle-signed'];
    expect(lifecycle.status).toBe('fail');
    expect(lifecycle.summary).toContain('installed: alg none');
    expect(lifecycle.proof).toContain(`POST ${new URL('/lifecycle/installed', baseUrl).href} · installed: no JWT → 401 Unauthorized`);
    expect(lifecycle.proof).toContain(`POST ${new URL('/lifecycle/uninstalled', baseUrl).href} · uninstalled: alg none in Authorization → 401 Unauthorized`);
  });

  it('still passes the descriptor-only checks', () => {
    expect(results['connect.authentication'].status).toBe('pass');
    expect(results['connect.scopes'].status).toBe('pass');
    expect(results['connect.base-url'].status).toBe('pass');
  });
});

describe('descriptor problems', () => {
  it('skips all five with the reason when there is no descriptor', async () => {
    const results = await runConnectChecks({ descriptor: null, skipReason: 'not a Connect app', client: clientFor() });
    expect(results.map((r) => [r.id, r.status, r.summary])).toEqual(CONNECT_IDS.map((id) => [id, 'skip', 'not a Connect app']));
  });

  it('ends all five as error when a named descriptor could not be read', async () => {
    const results = await runConnectChecks({ descriptor: null, skipReason: 'x', failure: 'The descriptor at … could not be read.', client: clientFor() });
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['error']));
  });

  it('ends all five as error, in words, for a descriptor that does not parse', async () => {
    const client = clientFor();
    const results = await runConnectChecks({ descriptor: { text: '{"key": "x", "scopes": "READ"}', source: 'upload: bad.json', url: null }, skipReason: null, client });
    expect(results.map((r) => r.status)).toEqual(CONNECT_IDS.map(() => 'error'));
    expect(results[0]?.summary).toBe('The descriptor is not a valid Connect descriptor: baseUrl is missing; scopes should be a list (found text). (upload: bad.json)');
    expect(client.stats().requests).toBe(0);
  });

  it('fails authentication none, missing, or anything but jwt (any case passes)', async () => {
    const server = plain;
    const base = { key: 'k', baseUrl: server.baseUrl, scopes: ['read'] };
    const auth = async (authentication: unknown) => byId(await probeInline({ ...base, authentication }, server.baseUrl))['connect.authentication'];
    expect((await auth({ type: 'none' })).status).toBe('fail');
    expect((await auth({ type: 'none' })).summary).toMatch(/^authentication.type is none/);
    expect((await auth(undefined)).summary).toMatch(/^The descriptor sets no authentication.type/);
    expect((await auth({ type: 'oauth2' })).summary).toBe('authentication.type is "oauth2", not jwt; Connect apps must use JWT authentication.');
    expect((await auth({ type: 'JWT' })).status).toBe('pass');
  });
});

describe('connect.scopes', () => {
  it('warns on each broad scope, any case, with a reason a person can weigh', async () => {
    const server = plain;
    const checks = byId(await probeInline({ key: 'k', baseUrl: server.baseUrl, authentication: { type: 'jwt' }, scopes: ['read', 'Admin', 'act_as_user', 'DELETE', 'project_admin', 'WRITE'] }, server.baseUrl));
    const scopes = checks['connect.scopes'];
    expect(scopes.status).toBe('warn');
    expect(scopes.summary).toBe('The descriptor requests Admin, act_as_user, DELETE, project_admin; a person should name the feature that needs each, or drop it.');
    expect(scopes.proof[0]).toBe('scopes: read, Admin, act_as_user, DELETE, project_admin, WRITE');
    expect(scopes.proof).toContain('act_as_user: ACT_AS_USER lets the app act as any user, offline and without their presence.');
  });
});

describe('connect.base-url', () => {
  it('fails an http baseUrl', async () => {
    const server = plain;
    const httpBase = `http://127.0.0.1:${server.httpPort}/`;
    const checks = byId(await probeInline({ key: 'k', baseUrl: httpBase, authentication: { type: 'jwt' } }, server.baseUrl));
    expect(checks['connect.base-url'].status).toBe('fail');
    expect(checks['connect.base-url'].summary).toBe(`baseUrl ${httpBase} is not acceptable: it uses http, not https.`);
  });

  it('fails a baseUrl on another host and sends it nothing', async () => {
    const server = plain;
    const client = clientFor();
    const checks = byId(await probeInline({ key: 'k', baseUrl: 'https://localhost:1/', authentication: { type: 'jwt' }, modules: { generalPages: [{ url: '/x' }] }, lifecycle: { installed: '/i' } }, server.baseUrl, client));
    expect(checks['connect.base-url'].status).toBe('fail');
    expect(checks['connect.base-url'].summary).toContain('its host localhost is not 127.0.0.1, where the descriptor came from');
    expect(checks['connect.modules-reject-unauthenticated'].status).toBe('skip');
    expect(checks['connect.modules-reject-unauthenticated'].summary).toContain('the probe sends forged requests only to hosts it was pointed at');
    expect(checks['connect.lifecycle-signed'].status).toBe('skip');
    expect(client.stats().requests).toBe(0);
  });

  it('fails a baseUrl whose certificate the probe does not trust', async () => {
    const stranger = createTestCa('Stranger CA');
    const server = await startTargetServer({ profile: 'hardened', ca, cert: stranger.issue(['127.0.0.1']) });
    servers.push(server);
    const checks = byId(await probeInline({ key: 'k', baseUrl: server.baseUrl, authentication: { type: 'jwt' }, modules: { webhooks: [{ event: 'e', url: '/w' }] } }, server.baseUrl));
    expect(checks['connect.base-url'].status).toBe('fail');
    expect(checks['connect.base-url'].summary).toMatch(/did not answer over TLS with a trusted certificate \(.*(certificate|issuer).*\)/);
    expect(checks['connect.base-url'].proof.some((l) => l.startsWith('> GET / HTTP/1.1'))).toBe(true);
    // With no answer at all, the module check cannot claim a pass.
    expect(checks['connect.modules-reject-unauthenticated'].status).toBe('warn');
  });

  it('fails a baseUrl that is not a URL, and skips the calling checks', async () => {
    const checks = byId(await probeInline({ key: 'k', baseUrl: 'not a url', authentication: { type: 'jwt' } }, 'https://127.0.0.1:1/'));
    expect(checks['connect.base-url']).toMatchObject({ status: 'fail', summary: 'baseUrl "not a url" is not a valid URL, so the app\'s URLs cannot be built.' });
    expect(checks['connect.modules-reject-unauthenticated'].status).toBe('skip');
  });
});

describe('limits and odd answers', () => {
  async function plainServer(answer: (req: http.IncomingMessage) => number): Promise<string> {
    const server = http.createServer((req, res) => {
      req.resume();
      res.writeHead(answer(req)).end();
    });
    plainServers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it(`checks at most ${MAX_MODULE_URLS} URLs, says so, and does not pass a cut run`, async () => {
    const base = await plainServer(() => 401);
    const generalPages = Array.from({ length: MAX_MODULE_URLS + 3 }, (_, i) => ({ key: `p${i}`, url: `/p/${i}` }));
    const checks = byId(await probeInline({ key: 'k', baseUrl: base, authentication: { type: 'jwt' }, modules: { generalPages } }, base));
    const modules = checks['connect.modules-reject-unauthenticated'];
    expect(modules.status).toBe('warn');
    expect(modules.summary).toContain(`(only the first ${MAX_MODULE_URLS} of ${MAX_MODULE_URLS + 3} URLs were checked)`);
    expect(modules.proof[0]).toBe(`${MAX_MODULE_URLS + 3} module URLs found; the probe checks at most ${MAX_MODULE_URLS}, so 3 were not called.`);
    expect(modules.proof.filter((l) => l.includes('→ 401'))).toHaveLength(MAX_MODULE_URLS * 8);
  }, 20_000);

  it('warns on answers that neither refuse nor accept, and says what came back', async () => {
    const base = await plainServer((req) => (req.method === 'POST' ? 405 : 401));
    const checks = byId(await probeInline({ key: 'k', baseUrl: base, authentication: { type: 'jwt' }, modules: { webhooks: [{ url: '/hook' }] }, lifecycle: { installed: '/installed' } }, base));
    const modules = checks['connect.modules-reject-unauthenticated'];
    expect(modules.status).toBe('warn');
    expect(modules.summary).toMatch(/^No request without a valid JWT was accepted, but 3 of 8 answers were neither 401 nor 403: POST \/hook with no JWT → 405 Method Not Allowed;/);
    expect(checks['connect.lifecycle-signed'].status).toBe('warn');
  });

  it('warns when no installed hook is declared, and reports a spent request budget as error', async () => {
    const base = await plainServer(() => 401);
    const checks = byId(await probeInline({ key: 'k', baseUrl: base, authentication: { type: 'jwt' }, modules: { generalPages: [{ url: '/a' }, { url: '/b' }] } }, base));
    expect(checks['connect.lifecycle-signed']).toMatchObject({ status: 'warn', summary: expect.stringContaining('no lifecycle.installed hook') });

    const tight = createProbeClient({ policy: { allowPrivate: true, allowHosts: [] }, limits: { ...defaultLimits, maxRequests: 5 }, allowedHosts: ['127.0.0.1'] });
    const limited = byId(await probeInline({ key: 'k', baseUrl: base, authentication: { type: 'jwt' }, modules: { generalPages: [{ url: '/a' }] } }, base, tight));
    expect(limited['connect.modules-reject-unauthenticated'].status).toBe('error');
    expect(limited['connect.modules-reject-unauthenticated'].summary).toMatch(/could not be sent: not sent: the run's budget of 5 requests is used up/);
  });
});
