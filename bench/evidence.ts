// npm run bench:evidence — a 256 MB file uploaded to and downloaded from Preflight (streamed, type-checked,
// hashed, encrypted in 64 KiB AES-256-GCM segments, fsynced), against a bare node:http server that only hashes
// and fsyncs (the I/O floor), in the same run. Also samples the app server's RSS.
// Ends with "upload ratio <n> download ratio <n> rss growth <n> MB". Goal: ratios ≥ 0.6, RSS growth ≤ 64 MB.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, openSync, readFileSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { envForDataDir } from '@/lib/secrets';
import { benchDataDir, signInCookie, startServer, stopServer } from './support';

const SIZE = Number(process.env.BENCH_MB || 256) * 1024 * 1024;
const APP_PORT = Number(process.env.BENCH_PORT || 3401);
const FLOOR_PORT = APP_PORT + 1;

function makeFile(file: string): string {
  const fd = openSync(file, 'w');
  const hash = createHash('sha256');
  const head = Buffer.from('%PDF-1.7\n% Preflight benchmark file\n', 'latin1');
  writeSync(fd, head);
  hash.update(head);
  let written = head.length;
  while (written < SIZE) {
    const chunk = randomBytes(Math.min(4 * 1024 * 1024, SIZE - written));
    writeSync(fd, chunk);
    hash.update(chunk);
    written += chunk.length;
  }
  closeSync(fd);
  return hash.digest('hex');
}

function upload(port: number, urlPath: string, file: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: 'localhost', port, method: 'POST', path: urlPath, headers: { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(statSync(file).size) } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - started }));
    });
    req.on('error', reject);
    createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(req);
  });
}

function download(port: number, urlPath: string, headers: Record<string, string> = {}): Promise<{ status: number; sha256: string; bytes: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get({ host: 'localhost', port, path: urlPath, headers }, (res) => {
        const hash = createHash('sha256');
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          hash.update(c);
          bytes += c.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, sha256: hash.digest('hex'), bytes, ms: performance.now() - started }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

function rssMb(pid: number): number {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return m ? Number(m[1]) / 1024 : 0;
}

const mbps = (ms: number) => SIZE / 1024 / 1024 / (ms / 1000);

async function main() {
  const dataDir = benchDataDir('evidence');
  const file = path.join(dataDir, 'bench-input.pdf');
  console.log(`Preparing a ${SIZE / 1024 / 1024} MB file…`);
  const expected = makeFile(file);

  // Floor first, in its own process.
  const floorFile = path.join(dataDir, 'floor-output.bin');
  const floor = spawn(process.execPath, ['--import', 'tsx', 'bench/floor-server.ts', floorFile, String(FLOOR_PORT)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => floor.stdout!.once('data', () => resolve()));
  const floorUp = await upload(FLOOR_PORT, '/', file);
  if (floorUp.body !== expected) throw new Error('floor server hashed something else');
  const floorDown = await download(FLOOR_PORT, '/');
  if (floorDown.sha256 !== expected) throw new Error('floor download differs');
  floor.kill();
  rmSync(floorFile, { force: true });

  // Preflight.
  const seeded = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'e2e/support/seed.ts'], { env: envForDataDir(dataDir), encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(seeded.stderr);
  const { email, password, assessmentId } = JSON.parse(seeded.stdout.trim().split('\n').pop()!);
  process.env.EVIDENCE_MAX_MB = String(Math.ceil(SIZE / 1024 / 1024) + 1);
  const server = await startServer(dataDir, APP_PORT);
  try {
    const cookie = await signInCookie(`http://localhost:${APP_PORT}`, email, password);
    // Warm the routes so compilation and first-use costs are not measured.
    const small = path.join(dataDir, 'warm.txt');
    closeSync(openSync(small, 'w'));
    spawnSync('sh', ['-c', `printf 'warm up' > ${small}`]);
    await upload(APP_PORT, `/api/evidence/upload?assessmentId=${assessmentId}&itemId=secrets-rotated&name=warm.txt`, small, { cookie });

    const baseline = rssMb(server.pid!);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid!))), 25);
    const appUp = await upload(APP_PORT, `/api/evidence/upload?assessmentId=${assessmentId}&itemId=secrets-rotated&name=bench.pdf`, file, { cookie });
    if (appUp.status !== 201) throw new Error(`upload answered ${appUp.status}: ${appUp.body}`);
    const { id, sha256 } = JSON.parse(appUp.body) as { id: string; sha256: string };
    if (sha256 !== expected) throw new Error('app recorded a different SHA-256');
    const appDown = await download(APP_PORT, `/api/evidence/${id}`, { cookie });
    clearInterval(sampler);
    if (appDown.status !== 200 || appDown.sha256 !== expected || appDown.bytes !== SIZE) throw new Error('app download differs from the upload');

    const upRatio = mbps(appUp.ms) / mbps(floorUp.ms);
    const downRatio = mbps(appDown.ms) / mbps(floorDown.ms);
    console.log(`floor      upload ${mbps(floorUp.ms).toFixed(0).padStart(5)} MB/s   download ${mbps(floorDown.ms).toFixed(0).padStart(5)} MB/s`);
    console.log(`preflight  upload ${mbps(appUp.ms).toFixed(0).padStart(5)} MB/s   download ${mbps(appDown.ms).toFixed(0).padStart(5)} MB/s`);
    console.log(`app server RSS: ${baseline.toFixed(0)} MB before, ${peak.toFixed(0)} MB peak`);
    console.log(`upload ratio ${upRatio.toFixed(2)} download ratio ${downRatio.toFixed(2)} rss growth ${(peak - baseline).toFixed(0)} MB`);
  } finally {
    stopServer(server);
    rmSync(file, { force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
