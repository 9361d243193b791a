import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDescriptor, MAX_DESCRIPTOR_BYTES, parseDescriptor } from './connect-descriptor';
import { createProbeClient } from './http-client';
import { createTestCa } from './testing/test-ca';
import { startTargetServer, type TargetServer } from './testing/target-server';
import { defaultLimits, type ProbeClient } from './types';

const good = { key: 'app', baseUrl: 'https://app.example.com', authentication: { type: 'jwt' }, scopes: ['READ'], modules: {}, vendor: { name: 'V' } };

describe('parseDescriptor', () => {
  it('accepts a descriptor and keeps fields it does not know', () => {
    const parsed = parseDescriptor(JSON.stringify(good));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.descriptor).toMatchObject({ baseUrl: 'https://app.example.com', vendor: { name: 'V' } });
  });

  it('says plainly when the text is not JSON', () => {
    const parsed = parseDescriptor('<html>not json</html>');
    expect(parsed).toEqual({ ok: false, message: expect.stringMatching(/^The descriptor is not valid JSON \(.+\)\.$/) });
  });

  it('refuses JSON that is not an object', () => {
    expect(parseDescriptor('[1,2]')).toEqual({ ok: false, message: 'The descriptor should be a JSON object, but it is a list.' });
    expect(parseDescriptor('null')).toEqual({ ok: false, message: 'The descriptor should be a JSON object, but it is null.' });
  });

  it('names the missing baseUrl and each field of the wrong type', () => {
    const parsed = parseDescriptor(JSON.stringify({ key: 'app', authentication: { type: 7 }, scopes: ['READ', 3], lifecycle: { installed: true }, modules: [] }));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message).toContain('baseUrl is missing');
    expect(parsed.message).toContain('authentication.type should be text (found a number)');
    expect(parsed.message).toContain('scopes[1] should be text (found a number)');
    expect(parsed.message).toContain('lifecycle.installed should be text (found a boolean)');
    expect(parsed.message).toContain('modules should be an object (found a list)');
    expect(parsed.message).not.toMatch(/Invalid input/);
  });

  it('refuses an empty baseUrl and a descriptor over 256 KiB', () => {
    expect(parseDescriptor(JSON.stringify({ baseUrl: '' }))).toEqual({ ok: false, message: 'The descriptor is not a valid Connect descriptor: baseUrl is empty.' });
    const huge = JSON.stringify({ ...good, padding: 'x'.repeat(MAX_DESCRIPTOR_BYTES) });
    const parsed = parseDescriptor(huge);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/^The descriptor is 257 KiB; the probe reads descriptors of at most 256 KiB/);
  });
});

describe('loadDescriptor', () => {
  let server: TargetServer;
  let client: ProbeClient;
  const seen: string[] = [];
  const routes: Record<string, (res: ServerResponse) => void> = {
    '/named/descriptor.json': (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(good)),
    '/moved': (res) => res.writeHead(302, { location: '/named/descriptor.json' }).end(),
    '/html/atlassian-connect.json': (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><h1>app shell</h1>'),
    '/huge/atlassian-connect.json': (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(`{"pad":"${'x'.repeat(MAX_DESCRIPTOR_BYTES + 10)}"}`),
    '/atlassian-connect.json': (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(good)),
    '/broken': (res) => res.writeHead(500).end('boom'),
  };

  beforeAll(async () => {
    const ca = createTestCa();
    server = await startTargetServer({
      profile: 'hardened',
      ca,
      handler: (req: IncomingMessage, res: ServerResponse) => {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        const route = routes[path];
        if (!route) return false;
        seen.push(path);
        route(res);
        return true;
      },
    });
    client = createProbeClient({ policy: { allowPrivate: true, allowHosts: [] }, limits: defaultLimits, allowedHosts: ['127.0.0.1'], ca: [ca.caPem] });
  });
  afterAll(() => server.close());

  const at = (path: string) => new URL(path, server.baseUrl).href;

  it('uses an uploaded descriptor as given, without any request', async () => {
    const before = client.stats().requests;
    const loaded = await loadDescriptor({ baseUrl: server.baseUrl, descriptor: { kind: 'inline', text: '{"baseUrl":"x"}', name: 'mine.json' } }, client);
    expect(loaded).toMatchObject({ descriptor: { text: '{"baseUrl":"x"}', source: 'upload: mine.json', url: null }, skipReason: null, targetBaseUrl: server.baseUrl });
    expect(client.stats().requests).toBe(before);
  });

  it('refuses an upload over 256 KiB with the reason', async () => {
    const loaded = await loadDescriptor({ baseUrl: server.baseUrl, descriptor: { kind: 'inline', text: 'x'.repeat(MAX_DESCRIPTOR_BYTES + 1) } }, client);
    expect(loaded.descriptor).toBeNull();
    expect(loaded.skipReason).toMatch(/^The uploaded descriptor \(upload: descriptor\) is 257 KiB; the probe reads descriptors of at most 256 KiB/);
  });

  it('skips a target that is not a Connect app', async () => {
    expect(await loadDescriptor({ baseUrl: server.baseUrl, descriptor: { kind: 'none' } }, client)).toMatchObject({ descriptor: null, skipReason: 'not a Connect app' });
  });

  it('fetches a named URL, following redirects, and records where it ended', async () => {
    const loaded = await loadDescriptor({ baseUrl: server.baseUrl, descriptor: { kind: 'url', url: at('/moved') } }, client);
    expect(loaded.descriptor).toEqual({ text: JSON.stringify(good), source: `url: ${at('/moved')}`, url: at('/named/descriptor.json') });
    expect(loaded.skipReason).toBeNull();
  });

  it('reports a named URL that fails as a failure, not a quiet skip', async () => {
    const loaded = await loadDescriptor({ baseUrl: server.baseUrl, descriptor: { kind: 'url', url: at('/broken') } }, client);
    expect(loaded.descriptor).toBeNull();
    expect(loaded.failure).toBe(`The descriptor at ${at('/broken')} could not be read: it answered 500 Internal Server Error.`);
    const refused = await loadDescriptor({ baseUrl: server.baseUrl, descriptor: { kind: 'url', url: 'https://descriptor.invalid/a.json' } }, client);
    expect(refused.failure).toMatch(/refused to contact descriptor\.invalid/);
  });

  it('tries <baseUrl>/atlassian-connect.json when no descriptor is named', async () => {
    const loaded = await loadDescriptor({ baseUrl: server.baseUrl }, client);
    expect(loaded.descriptor?.url).toBe(at('/atlassian-connect.json'));
    expect(seen).toContain('/atlassian-connect.json');
  });

  it('skips when the conventional path answers 404 or HTML', async () => {
    const missing = await loadDescriptor({ baseUrl: at('/nothing/') }, client);
    expect(missing).toMatchObject({ descriptor: null, skipReason: `no Connect descriptor at ${at('/nothing/atlassian-connect.json')} (it answered 404 Not Found); give one to check Connect` });
    expect(missing.failure).toBeUndefined();
    const html = await loadDescriptor({ baseUrl: at('/html') }, client);
    expect(html.skipReason).toBe(`no Connect descriptor at ${at('/html/atlassian-connect.json')} (the answer is not JSON); give one to check Connect`);
  });

  it('refuses a fetched descriptor over 256 KiB', async () => {
    const loaded = await loadDescriptor({ baseUrl: at('/huge') }, client);
    expect(loaded.descriptor).toBeNull();
    expect(loaded.skipReason).toMatch(/is larger than 256 KiB; the probe reads descriptors of at most 256 KiB/);
  });
});
