import { envForDataDir } from '@/lib/secrets';
import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { benchDataDir, signInCookie, startServer, stopServer } from '../bench/support';
import { E2E_PORT } from './support/env';
import { pdfFile, sha256 } from './support/files';

const PORT = E2E_PORT + 7;
const BASE = `http://localhost:${PORT}`;

test('killing the server during an upload leaves the database and the evidence folder consistent', async () => {
  test.setTimeout(240_000);
  const dataDir = benchDataDir('crash');
  const seeded = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'e2e/support/seed.ts'], { env: envForDataDir(dataDir), encoding: 'utf8' });
  expect(seeded.status, seeded.stderr).toBe(0);
  const { email, password, assessmentId } = JSON.parse(seeded.stdout.trim().split('\n').pop()!);
  const uploadPath = (name: string) => `/api/evidence/upload?assessmentId=${assessmentId}&catalogItemId=secrets-rotated&name=${name}`;

  let server = await startServer(dataDir, PORT);
  const cookie = await signInCookie(BASE, email, password);

  // One finished upload before the crash, which must survive it.
  const kept = pdfFile('kept');
  const first = await fetch(BASE + uploadPath('kept.pdf'), { method: 'POST', headers: { cookie, 'content-type': 'application/octet-stream' }, body: new Uint8Array(kept) });
  expect(first.status).toBe(201);

  // A large upload trickles in; the server is killed (SIGKILL, no clean-up) half-way.
  const evidenceDir = path.join(dataDir, 'evidence');
  await new Promise<void>((resolve) => {
    const req = http.request({ host: 'localhost', port: PORT, method: 'POST', path: uploadPath('crash.pdf'), headers: { cookie, 'content-type': 'application/octet-stream', 'content-length': String(40 * 1024 * 1024) } });
    req.on('error', () => resolve());
    req.on('response', () => resolve());
    req.write(pdfFile('crash'));
    let sent = 0;
    const timer = setInterval(() => {
      req.write(Buffer.alloc(256 * 1024, 0x20));
      sent += 1;
      if (sent === 8) {
        // Partial ciphertext is on disk in tmp/ now.
        expect(readdirSync(path.join(evidenceDir, 'tmp')).length).toBe(1);
        process.kill(-server.pid!, 'SIGKILL');
        clearInterval(timer);
      }
    }, 100);
  });
  await expect.poll(() => {
    try {
      process.kill(server.pid!, 0);
      return 'alive';
    } catch {
      return 'dead';
    }
  }).toBe('dead');

  // Restart: the boot sweep removes the half-written upload.
  server = await startServer(dataDir, PORT);
  try {
    const db = new Database(path.join(dataDir, 'preflight.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = db.prepare("select id, stored_name, sha256 from evidence where kind = 'file'").all() as { id: string; stored_name: string; sha256: string }[];
    db.close();
    const files = readdirSync(evidenceDir).filter((f) => f !== 'tmp');
    expect(readdirSync(path.join(evidenceDir, 'tmp'))).toEqual([]);
    // No row without a file, no file without a row.
    expect(rows.map((r) => r.stored_name).sort()).toEqual(files.sort());
    expect(rows).toHaveLength(1);
    for (const r of rows) expect(existsSync(path.join(evidenceDir, r.stored_name))).toBe(true);

    // The kept file still downloads intact, and uploads work again.
    const cookie2 = await signInCookie(BASE, email, password);
    const download = await fetch(`${BASE}/api/evidence/${rows[0]!.id}`, { headers: { cookie: cookie2 } });
    expect(download.status).toBe(200);
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(kept));
    const again = await fetch(BASE + uploadPath('after.pdf'), { method: 'POST', headers: { cookie: cookie2, 'content-type': 'application/octet-stream' }, body: new Uint8Array(pdfFile('after')) });
    expect(again.status).toBe(201);
  } finally {
    stopServer(server);
  }
});
