import { envForDataDir } from '@/lib/secrets';
import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { benchDataDir, startServer, stopServer } from '../bench/support';
import { E2E_PORT } from './support/env';
import { GOOD_PASSWORD } from './support/fixtures';

// These tests lock addresses on purpose, so they run their own server: the shared one serves every other
// spec from 127.0.0.1. Each test attacks from its own loopback address (the whole of 127.0.0.0/8 is
// loopback on Linux), so the server sees distinct clients without trusting any forwarded header.
const PORT = E2E_PORT + 8;
const PARALLEL = 40;

let server: ChildProcess | undefined;
let dataDir: string;
let admin: { email: string; password: string };

type Reply = { status: number; setCookies: string[]; body: string };

function send(from: string, method: 'GET' | 'POST', urlPath: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: PORT, localAddress: from, method, path: urlPath, agent: false, headers: { host: `localhost:${PORT}`, ...headers, ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, setCookies: res.headers['set-cookie'] ?? [], body: data }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** What a script does: one CSRF token and cookie, then as many credential posts as it likes. */
async function csrf(from: string): Promise<{ token: string; cookie: string }> {
  const reply = await send(from, 'GET', '/api/auth/csrf');
  expect(reply.status).toBe(200);
  return { token: (JSON.parse(reply.body) as { csrfToken: string }).csrfToken, cookie: reply.setCookies.map((c) => c.split(';')[0]).join('; ') };
}

async function postCredentials(from: string, session: { token: string; cookie: string }, email: string, password: string): Promise<Reply> {
  const body = new URLSearchParams({ csrfToken: session.token, email, password, json: 'true' }).toString();
  return send(from, 'POST', '/api/auth/callback/credentials', { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie }, body);
}

const signedIn = (r: Reply) => r.setCookies.some((c) => c.startsWith('__Host-preflight.session=') && !c.startsWith('__Host-preflight.session=;'));

/** Failed sign-ins from one address by reason, straight from the server's audit log. */
function failuresFrom(ip: string): Record<string, number> {
  const db = new Database(path.join(dataDir, 'preflight.db'), { readonly: true });
  try {
    const rows = db.prepare("select details from audit_log where action = 'auth.sign-in.failed' and ip = ?").all(ip) as { details: string }[];
    const counts: Record<string, number> = {};
    for (const r of rows) {
      const reason = (JSON.parse(r.details) as { reason: string }).reason;
      counts[reason] = (counts[reason] ?? 0) + 1;
    }
    return counts;
  } finally {
    db.close();
  }
}

function createUser(email: string): void {
  const r = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/user-create.ts', '--email', email, '--name', 'Lockout Victim'], { input: GOOD_PASSWORD, encoding: 'utf8', env: envForDataDir(dataDir) });
  expect(r.status, r.stderr).toBe(0);
}

test.describe.serial('sign-in lockout under parallel attack (own server)', () => {
  test.beforeAll(async () => {
    test.setTimeout(360_000);
    dataDir = benchDataDir('lockout');
    const seeded = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'e2e/support/seed.ts'], { env: envForDataDir(dataDir), encoding: 'utf8' });
    expect(seeded.status, seeded.stderr).toBe(0);
    admin = JSON.parse(seeded.stdout.trim().split('\n').pop()!);
    createUser('lockout-victim@example.com');
    server = await startServer(dataDir, PORT);
  });

  test.afterAll(() => {
    if (server) stopServer(server);
  });

  test(`${PARALLEL} parallel wrong passwords for one account: at most 5 are checked, then the right password is refused`, async () => {
    const attacker = '127.0.0.2';
    const session = await csrf(attacker);
    const replies = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => postCredentials(attacker, session, 'lockout-victim@example.com', `wrong-guess-${i}`)));
    const reasons = failuresFrom(attacker);
    console.log(`account: ${PARALLEL} parallel wrong passwords, ${reasons['wrong password'] ?? 0} checked against the hash, ${reasons['locked out'] ?? 0} refused as locked`);
    for (const r of replies) expect(r.status).toBeLessThan(500);
    expect(replies.filter(signedIn)).toHaveLength(0);
    expect(reasons['wrong password'] ?? 0).toBeLessThanOrEqual(5);
    expect((reasons['wrong password'] ?? 0) + (reasons['locked out'] ?? 0)).toBe(PARALLEL);

    // The lock is on the account: the right password is refused from the attacker's address and from a fresh one.
    for (const from of [attacker, '127.0.0.5']) {
      const right = await postCredentials(from, await csrf(from), 'lockout-victim@example.com', GOOD_PASSWORD);
      expect(signedIn(right)).toBe(false);
      expect(decodeURIComponent((JSON.parse(right.body) as { url: string }).url)).toContain('Too many failed sign-ins');
    }
    expect(failuresFrom(attacker)['wrong password'] ?? 0).toBeLessThanOrEqual(5);
  });

  test(`${PARALLEL} parallel attempts on different accounts from one address: at most 20 are checked`, async () => {
    const attacker = '127.0.0.3';
    const session = await csrf(attacker);
    const replies = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => postCredentials(attacker, session, `sprayed-${i}@example.com`, 'Spring2026!')));
    const reasons = failuresFrom(attacker);
    console.log(`address: ${PARALLEL} parallel attempts on different accounts, ${reasons['unknown account'] ?? 0} checked against the hash, ${reasons['locked out'] ?? 0} refused as locked`);
    for (const r of replies) expect(r.status).toBeLessThan(500);
    expect(reasons['unknown account'] ?? 0).toBeLessThanOrEqual(20);
    expect((reasons['unknown account'] ?? 0) + (reasons['locked out'] ?? 0)).toBe(PARALLEL);

    // The address is locked even for a real account's right password; from elsewhere that account signs in.
    const fromAttacker = await postCredentials(attacker, await csrf(attacker), admin.email, admin.password);
    expect(signedIn(fromAttacker)).toBe(false);
    expect(decodeURIComponent((JSON.parse(fromAttacker.body) as { url: string }).url)).toContain('Too many failed sign-ins');
    const elsewhere = '127.0.0.4';
    expect(signedIn(await postCredentials(elsewhere, await csrf(elsewhere), admin.email, admin.password))).toBe(true);
  });
});
