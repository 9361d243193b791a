import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProbeTargetError, runProbe, validateTarget } from './run';
import { createConnectApp } from './testing/connect-app';
import { createTestCa } from './testing/test-ca';
import { startTargetServer, type TargetProfile, type TargetServer } from './testing/target-server';
import { checkIds, type ProbeProgress, type ProbeResult, type ProbeTarget } from './types';

const ca = createTestCa();
const servers: Partial<Record<TargetProfile, TargetServer>> = {};
let silent: net.Server;
let silentPort: number;
const sockets = new Set<net.Socket>();

async function startWithConnect(profile: TargetProfile): Promise<TargetServer> {
  let base = '';
  const app = createConnectApp({ profile, baseUrl: () => base });
  const server = await startTargetServer({ profile, ca, handler: app.handler });
  base = server.baseUrl.replace(/\/$/, '');
  return server;
}

beforeAll(async () => {
  [servers.weak, servers.hardened] = await Promise.all([startWithConnect('weak'), startWithConnect('hardened')]);
  // Accepts connections and never says a word: every check must end by the deadline, not hang.
  silent = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  silentPort = (silent.address() as net.AddressInfo).port;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all([servers.weak?.close(), servers.hardened?.close(), new Promise((r) => silent.close(r))]);
});

const open = { allowPrivate: true, allowHosts: [] };
function targetFor(s: TargetServer): ProbeTarget {
  return {
    baseUrl: s.baseUrl,
    httpPort: s.httpPort,
    ca: [ca.caPem],
    authenticated: { url: `${s.baseUrl}account`, header: { name: 'Cookie', value: 'session=good' } },
  };
}
const byStatus = (r: ProbeResult, status: string) => r.checks.filter((c) => c.status === status).map((c) => c.id).sort();

describe('runProbe', () => {
  it('the weak target fails exactly the nine checks it gets wrong', async () => {
    const progress: ProbeProgress[] = [];
    const r = await runProbe(targetFor(servers.weak!), { policy: open, onProgress: (p) => progress.push(p) });
    expect(r.checks.map((c) => c.id)).toEqual([...checkIds]);
    expect(byStatus(r, 'fail')).toEqual(
      [
        'tls.protocols',
        'tls.ciphers',
        'hsts.max-age',
        'http.methods',
        'http.cache-control',
        'http.referrer-policy',
        'cookies.flags',
        'connect.modules-reject-unauthenticated',
        'connect.lifecycle-signed',
      ].sort(),
    );
    expect(byStatus(r, 'error')).toEqual([]);
    expect(progress.map((p) => p.done)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    expect(new Set(progress.map((p) => p.check.id)).size).toBe(18);
    expect(JSON.stringify(r)).not.toMatch(/session=good|weak-session-value/);
  });

  it('the hardened target fails nothing; only the Forge checks skip (no manifest given)', async () => {
    const r = await runProbe(targetFor(servers.hardened!), { policy: open });
    expect(byStatus(r, 'fail')).toEqual([]);
    expect(byStatus(r, 'error')).toEqual([]);
    expect(byStatus(r, 'warn')).toEqual([]);
    expect(byStatus(r, 'skip')).toEqual(['forge.egress', 'forge.scopes']);
    expect(r.target).toEqual({
      baseUrl: servers.hardened!.baseUrl,
      hosts: [`127.0.0.1:${servers.hardened!.httpsPort}`],
      descriptor: `url: ${servers.hardened!.baseUrl}atlassian-connect.json`,
      manifest: null,
      authenticatedUrl: `${servers.hardened!.baseUrl}account`,
    });
    expect(r.stats.requests).toBeGreaterThan(20);
    for (const c of r.checks) expect(c.items.length).toBeGreaterThan(0);
  });

  it('obeys the egress policy end to end: without allowPrivate nothing is contacted and nothing passes on the network', async () => {
    const s = servers.hardened!;
    const before = s.requests.length;
    const r = await runProbe(targetFor(s), { policy: { allowPrivate: false, allowHosts: [] } });
    expect(s.requests.length).toBe(before);
    const network = r.checks.filter((c) => !c.id.startsWith('forge.') && c.id !== 'connect.authentication' && c.id !== 'connect.scopes');
    for (const c of network) expect(c.status, c.id).not.toBe('pass');
    expect(r.checks.find((c) => c.id === 'tls.protocols')!.summary).toMatch(/loopback/);
    expect(r.stats.requests).toBe(0);
  });

  it('ends every unfinished check as an error at the deadline and still returns all eighteen', async () => {
    const started = Date.now();
    const r = await runProbe(
      { baseUrl: `https://127.0.0.1:${silentPort}/`, descriptor: { kind: 'none' } },
      { policy: open, limits: { totalTimeMs: 400, requestTimeoutMs: 5000 } },
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(r.checks.map((c) => c.id)).toEqual([...checkIds]);
    const late = r.checks.filter((c) => c.status === 'error');
    expect(late.map((c) => c.id)).toEqual(expect.arrayContaining(['tls.protocols', 'tls.certificate', 'hsts.max-age', 'http.methods']));
    expect(late.every((c) => /time limit/.test(c.summary))).toBe(true);
  });

  it('refuses a target it cannot run against, in words', () => {
    const bad: [ProbeTarget, RegExp][] = [
      [{ baseUrl: 'http://app.example/' }, /must be an https URL/],
      [{ baseUrl: 'https://u:p@app.example/' }, /user name or password/],
      [{ baseUrl: 'nope' }, /not a valid URL/],
      [{ baseUrl: 'https://app.example/', extraHosts: ['https://x.example/'] }, /bare host name/],
      [{ baseUrl: 'https://app.example/', httpPort: 70000 }, /plain-HTTP port/],
      [{ baseUrl: 'https://app.example/', authenticated: { url: 'http://app.example/a', header: { name: 'Cookie', value: 's=1' } } }, /authenticated URL must be an https URL/],
      [{ baseUrl: 'https://app.example/', authenticated: { url: 'https://app.example/a', header: { name: 'Bad Name', value: 's=1' } } }, /not a valid header name/],
      [{ baseUrl: 'https://app.example/', authenticated: { url: 'https://app.example/a', header: { name: 'Cookie', value: 'a\r\nX: y' } } }, /one non-empty line/],
      [{ baseUrl: 'https://app.example/', ca: ['not a pem'] }, /PEM certificate/],
    ];
    for (const [target, message] of bad) expect(() => validateTarget(target)).toThrow(message);
    expect(() => validateTarget({ baseUrl: 'http://x/' })).toThrow(ProbeTargetError);
    expect(validateTarget({ baseUrl: 'https://App.Example/', extraHosts: ['api.example:8443', 'app.example'], descriptor: { kind: 'url', url: 'https://cdn.example/d.json' } })).toMatchObject({
      hosts: [{ host: 'app.example', port: 443 }, { host: 'api.example', port: 8443 }],
      declared: ['app.example', 'api.example', 'cdn.example'],
    });
  });
});
