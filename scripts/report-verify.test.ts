import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF_SIGNATURE_SLOT } from '@/lib/report/signing/pdf-slot';
import { signReport } from '@/lib/report/signing/sign';
import { META, SAMPLE_CSV, SAMPLE_JSON, newSigningKey, publish, unsignedPdf } from '@/lib/report/signing/testing';

// spawn, not spawnSync: the keys server below runs in this process and could not answer while it is blocked.
function verify(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/report-verify.ts', ...args], { env: { ...process.env, NODE_OPTIONS: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const key = newSigningKey();
const other = newSigningKey();
const dir = mkdtempSync(path.join(tmpdir(), 'report-verify-'));
const file = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};

let pdf: string, csv: string, json: string, keyPem: string, otherPem: string;
let server: Server;
let base: string;
let closedPort: number;
const routes = new Map<string, (res: import('node:http').ServerResponse) => void>();

beforeAll(async () => {
  pdf = file('report.pdf', signReport(await unsignedPdf(), 'pdf', META, key).bytes);
  csv = file('report.csv', SAMPLE_CSV);
  file('report.csv.sig', JSON.stringify(signReport(SAMPLE_CSV, 'csv', META, key).envelope, null, 2));
  json = file('report.json', SAMPLE_JSON);
  file('report.json.sig', JSON.stringify(signReport(SAMPLE_JSON, 'json', META, key).envelope, null, 2));
  keyPem = file('key.pem', key.publicKeyPem);
  otherPem = file('other.pem', other.publicKeyPem);
  server = createServer((req, res) => {
    res.on('error', () => {});
    const route = routes.get(req.url ?? '');
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    route(res);
  });
  server.on('clientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port that was just free: nothing answers there.
  const gone = createServer();
  await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
  closedPort = (gone.address() as AddressInfo).port;
  await new Promise((resolve) => gone.close(resolve));
  const keysJson = JSON.stringify({ keys: [publish(other), publish(key, '2025-01-01T00:00:00.000Z', null)] });
  routes.set('/.well-known/preflight-report-keys', (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(keysJson));
  routes.set('/expired', (res) => res.writeHead(200).end(JSON.stringify({ keys: [publish(key, '2024-01-01T00:00:00.000Z', '2024-12-31T23:59:59.999Z')] })));
  routes.set('/html', (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Sign in</html>'));
  routes.set('/not-keys', (res) => res.writeHead(200).end('{"keys":[{"keyId":"x"}]}'));
  routes.set('/down', (res) => res.writeHead(503).end('maintenance'));
  routes.set('/huge', (res) => res.writeHead(200, { 'content-length': String(5 * 1024 * 1024) }).end(Buffer.alloc(5 * 1024 * 1024, 0x20)));
  // No length header: the limit has to be counted as the body arrives.
  routes.set('/huge-chunked', (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"keys":[],"pad":"');
    const chunk = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 80; i++) res.write(chunk);
    res.end('"}');
  });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run report:verify', () => {
  it.each([
    ['PDF', () => pdf, 'PDF'],
    ['CSV', () => csv, 'CSV'],
    ['JSON', () => json, 'JSON'],
  ])('passes a genuine %s with --key, and says the key validity was not checked', async (_kind, target, format) => {
    const ok = await verify([target(), '--key', keyPem]);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`Genuine: signed by key ${key.keyId} (Ed25519)\n`);
    expect(ok.stdout).toContain(`Format:       ${format}\n`);
    expect(ok.stdout).toContain(`Report id:    ${META.reportId}\n`);
    expect(ok.stdout).toContain(`App:          ${META.appName}\n`);
    expect(ok.stdout).toContain(`Generated at: ${META.generatedAt}\n`);
    expect(ok.stdout).toMatch(/^SHA-256: {6}[0-9a-f]{64}/m);
    expect(ok.stdout).toContain('validity not checked');
  }, 30_000);

  it('passes a genuine report against the published keys fetched over http, with the validity checked', async () => {
    for (const target of [pdf, csv]) {
      const ok = await verify([target, '--keys', `${base}/.well-known/preflight-report-keys`]);
      expect(ok.status).toBe(0);
      expect(ok.stdout).toContain(`Genuine: signed by key ${key.keyId} (Ed25519)`);
      expect(ok.stdout).toContain('Key:          valid from 2025-01-01T00:00:00.000Z with no end date');
    }
    const expired = await verify([pdf, '--keys', `${base}/expired`]);
    expect(expired.status).toBe(1);
    expect(expired.stdout).toMatch(/^NOT genuine: Signed on .* which was valid only from/m);
  }, 30_000);

  it('reads the published keys from a saved file, and prints JSON on request', async () => {
    const saved = file('keys.json', JSON.stringify({ keys: [publish(key)] }));
    const ok = await verify([json, '--keys', saved, '--json']);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ genuine: true, statement: { format: 'json', reportId: META.reportId, keyId: key.keyId }, keyValidityChecked: true });
    const bad = await verify([json, '--key', otherPem, '--json']);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toEqual({ genuine: false, reason: 'unknown-key', message: `Signed with a key this instance never published (${key.keyId}).`, keyValidityChecked: false });
  }, 30_000);

  it('fails a file with one byte changed, a wrong key, and a stripped signature', async () => {
    const bytes = readFileSync(pdf);
    const at = bytes.length - 40;
    bytes[at] = bytes[at]! ^ 0x01;
    const flipped = await verify([file('flipped.pdf', bytes), '--key', keyPem]);
    expect(flipped.status).toBe(1);
    expect(flipped.stdout).toBe('NOT genuine: The file was changed after it was signed.\n');

    const csvFlipped = file('flipped.csv', Buffer.from(SAMPLE_CSV.toString().replace('expire', 'expirE')));
    const changed = await verify([csvFlipped, '--sig', `${csv}.sig`, '--key', keyPem]);
    expect(changed.status).toBe(1);
    expect(changed.stdout).toMatch(/^NOT genuine: The file was changed after it was signed/);

    const wrong = await verify([pdf, '--key', otherPem]);
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toMatch(/^NOT genuine: Signed with a key this instance never published/);

    const stripped = readFileSync(pdf);
    stripped.write(PDF_SIGNATURE_SLOT, stripped.indexOf('(PFSIG1:', 0, 'latin1') + 1, 'latin1');
    const noSlot = await verify([file('stripped.pdf', stripped), '--key', keyPem]);
    expect(noSlot.status).toBe(1);
    expect(noSlot.stdout).toBe('NOT genuine: This file carries no Preflight signature.\n');

    const noSig = await verify([file('alone.csv', SAMPLE_CSV), '--key', keyPem]);
    expect(noSig.status).toBe(1);
    expect(noSig.stdout).toMatch(/^NOT genuine: This file carries no Preflight signature/);

    const garbage = await verify([csv, '--sig', file('garbage.sig', '{"v":1,"signature":[]}'), '--key', keyPem]);
    expect(garbage.status).toBe(1);
    expect(garbage.stdout).toMatch(/^NOT genuine: The signature is damaged/);
  }, 60_000);

  it.each<[string, () => string[], RegExp]>([
    ['no file', () => ['--key', keyPem], /name the report file/],
    ['a missing file', () => [path.join(dir, 'nope.pdf'), '--key', keyPem], /cannot read the report .*nope\.pdf: ENOENT/],
    ['neither --key nor --keys', () => [pdf], /give the public key with --key, or the published keys with --keys/],
    ['both --key and --keys', () => [pdf, '--key', keyPem, '--keys', `${base}/x`], /not both/],
    ['an unknown option', () => [pdf, '--key', keyPem, '--force'], /Unknown option '--force'/],
    ['a missing --sig file', () => [csv, '--sig', path.join(dir, 'nope.sig'), '--key', keyPem], /cannot read the signature file/],
    ['a private key as --key', () => [pdf, '--key', file('private.pem', key.privateKey.export({ type: 'pkcs8', format: 'pem' }))], /holds a private key/],
    ['a non-key as --key', () => [pdf, '--key', csv], /does not hold a PEM public key/],
    ['a file: URL', () => [pdf, '--keys', `file://${path.join(dir, 'keys.json')}`], /not a file: URL/],
    ['a javascript: URL', () => [pdf, '--keys', 'javascript:alert(1)'], /not a javascript: URL/],
    ['a keys server answering HTML', () => [pdf, '--keys', `${base}/html`], /the answer from .*\/html is not JSON/],
    ['a keys server answering other JSON', () => [pdf, '--keys', `${base}/not-keys`], /not a Preflight published-keys document/],
    ['a keys server answering 503', () => [pdf, '--keys', `${base}/down`], /answered HTTP 503/],
    ['a keys server sending 5 MB', () => [pdf, '--keys', `${base}/huge`], /larger than 1 MB/],
    ['a keys server sending 5 MB without a length', () => [pdf, '--keys', `${base}/huge-chunked`], /larger than 1 MB/],
    ['a keys server that is not there', () => [pdf, '--keys', `http://127.0.0.1:${closedPort}/keys`], /cannot fetch the published keys from .*ECONNREFUSED/],
  ])('exits 2 on usage errors: %s', async (_what, args, message) => {
    const bad = await verify(args());
    expect(bad.stderr).toMatch(message);
    expect(bad.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(bad.stdout).toBe('');
    expect(bad.status).toBe(2);
  }, 30_000);

  it('shows a hostile app name escaped, not as terminal control codes', async () => {
    const evil = signReport(SAMPLE_CSV, 'csv', { ...META, appName: 'Acme\u001b[2J\u202eSync' }, key).envelope;
    const ok = await verify([csv, '--sig', file('evil.sig', JSON.stringify(evil)), '--key', keyPem]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('App:          Acme\\u001b[2J\\u202eSync\n');
    expect(ok.stdout).not.toContain('\u001b');
  }, 30_000);
});
