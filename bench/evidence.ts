// npm run bench:evidence — a BENCH_MB file (default 256 MB) uploaded to and downloaded from Preflight (streamed,
// type-checked, hashed, encrypted in 64 KiB AES-256-GCM segments, fsynced), against its floor, a bare node:http
// server that only hashes and fsyncs (bench/floor-server.ts). Both servers run throughout and are measured
// interleaved over BENCH_ROUNDS rounds (default 9): app then floor, then floor then app, and so on, so a burst of
// disk or CPU load from a neighbour hits both sides of a round; a 16 MB transfer on each warms them first. Samples
// the app server's RSS during its part of each round. Prints median and spread over rounds of MB/s per side, of the
// per-round ratios and of the RSS growth within a round, the growth from idle to the highest RSS of the run, and
// ends with "upload ratio <n> download ratio <n> rss growth <n> MB" (medians) and the verdict.
// Goal: ratios ≥ 0.6, RSS growth ≤ 64 MB.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { envForDataDir } from '@/lib/secrets';
import { formatSummary, interleaved, intFromEnv, median, ratios } from './stats';
import { benchDataDir, signInCookie, startServer, stopServer, runBench } from './support';

const MB = intFromEnv('BENCH_MB', 256);
const SIZE = MB * 1024 * 1024;
// Rounds here take seconds and disk figures swing most, so more of them are cheap and steady the medians.
const ROUNDS = intFromEnv('BENCH_ROUNDS', 9);
const APP_PORT = intFromEnv('BENCH_PORT', 3401);
const FLOOR_PORT = APP_PORT + 1;
const RATIO_GOAL = 0.6;
const RSS_GOAL_MB = 64;

function makeFile(file: string, size: number): string {
  const fd = openSync(file, 'w');
  const hash = createHash('sha256');
  const head = Buffer.from('%PDF-1.7\n% Preflight benchmark file\n', 'latin1');
  writeSync(fd, head);
  hash.update(head);
  let written = head.length;
  while (written < size) {
    const chunk = randomBytes(Math.min(4 * 1024 * 1024, size - written));
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

const mbps = (ms: number) => MB / (ms / 1000);

function startFloor(file: string): Promise<ChildProcess> {
  const floor = spawn(process.execPath, ['--import', 'tsx', 'bench/floor-server.ts', file, String(FLOOR_PORT)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    floor.stdout!.once('data', () => resolve(floor));
    floor.once('exit', (code) => reject(new Error(`floor server exited with ${code}`)));
  });
}

interface Transfer {
  upload: number;
  download: number;
}

async function main() {
  const dataDir = benchDataDir('evidence');
  const file = path.join(dataDir, 'bench-input.pdf');
  console.log(`Preparing a ${MB} MB file…`);
  const expected = makeFile(file, SIZE);

  const seeded = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'e2e/support/seed.ts'], { env: envForDataDir(dataDir), encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(seeded.stderr);
  const { email, password, assessmentId } = JSON.parse(seeded.stdout.trim().split('\n').pop()!);
  const uploadPath = (name: string) => `/api/evidence/upload?assessmentId=${assessmentId}&itemId=secrets-rotated&name=${name}`;

  const floor = await startFloor(path.join(dataDir, 'floor-output.bin'));
  let server: ChildProcess | undefined;
  try {
    server = await startServer(dataDir, APP_PORT, { EVIDENCE_MAX_MB: String(MB + 1) });
    const pid = server.pid!;
    const cookie = await signInCookie(`http://localhost:${APP_PORT}`, email, password);
    const idleRss = rssMb(pid);

    // Warm both servers' routes and their streaming code (16 MB is enough for the JIT) so compilation and
    // first-use costs are not measured.
    const small = path.join(dataDir, 'warm.pdf');
    makeFile(small, Math.min(SIZE, 16 * 1024 * 1024));
    const warm = await upload(APP_PORT, uploadPath('warm.pdf'), small, { cookie });
    if (warm.status !== 201) throw new Error(`warm-up upload answered ${warm.status}: ${warm.body}`);
    await download(APP_PORT, `/api/evidence/${(JSON.parse(warm.body) as { id: string }).id}`, { cookie });
    await upload(FLOOR_PORT, '/', small);
    await download(FLOOR_PORT, '/');

    const startRss = rssMb(pid);
    const app = async (): Promise<Transfer & { rssBefore: number; rssPeak: number }> => {
      const rssBefore = rssMb(pid);
      let rssPeak = rssBefore;
      const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(pid))), 25);
      try {
        const up = await upload(APP_PORT, uploadPath('bench.pdf'), file, { cookie });
        if (up.status !== 201) throw new Error(`upload answered ${up.status}: ${up.body}`);
        const { id, sha256 } = JSON.parse(up.body) as { id: string; sha256: string };
        if (sha256 !== expected) throw new Error('app recorded a different SHA-256');
        const down = await download(APP_PORT, `/api/evidence/${id}`, { cookie });
        if (down.status !== 200 || down.sha256 !== expected || down.bytes !== SIZE) throw new Error('app download differs from the upload');
        console.log(`  preflight upload ${mbps(up.ms).toFixed(0).padStart(5)} MB/s   download ${mbps(down.ms).toFixed(0).padStart(5)} MB/s   RSS ${rssBefore.toFixed(0)} → peak ${rssPeak.toFixed(0)} MB`);
        return { upload: mbps(up.ms), download: mbps(down.ms), rssBefore, rssPeak };
      } finally {
        clearInterval(sampler);
      }
    };
    const bare = async (): Promise<Transfer> => {
      const up = await upload(FLOOR_PORT, '/', file);
      if (up.body !== expected) throw new Error('floor server hashed something else');
      const down = await download(FLOOR_PORT, '/');
      if (down.sha256 !== expected) throw new Error('floor download differs');
      console.log(`  floor     upload ${mbps(up.ms).toFixed(0).padStart(5)} MB/s   download ${mbps(down.ms).toFixed(0).padStart(5)} MB/s`);
      return { upload: mbps(up.ms), download: mbps(down.ms) };
    };

    const rounds = await interleaved(ROUNDS, { preflight: app, floor: bare }, (round, order) =>
      console.log(`round ${round + 1}/${ROUNDS} (${order.join(' first, then ')})`),
    );
    const upRatios = ratios(rounds.preflight.map((r) => r.upload), rounds.floor.map((r) => r.upload));
    const downRatios = ratios(rounds.preflight.map((r) => r.download), rounds.floor.map((r) => r.download));
    const growth = rounds.preflight.map((r) => r.rssPeak - r.rssBefore);
    const highest = Math.max(...rounds.preflight.map((r) => r.rssPeak));
    console.log('');
    console.log(`floor      upload   ${formatSummary(rounds.floor.map((r) => r.upload), 0, 'MB/s')}`);
    console.log(`           download ${formatSummary(rounds.floor.map((r) => r.download), 0, 'MB/s')}`);
    console.log(`preflight  upload   ${formatSummary(rounds.preflight.map((r) => r.upload), 0, 'MB/s')}`);
    console.log(`           download ${formatSummary(rounds.preflight.map((r) => r.download), 0, 'MB/s')}`);
    console.log(`upload ratio per round   ${formatSummary(upRatios, 2)}`);
    console.log(`download ratio per round ${formatSummary(downRatios, 2)}`);
    console.log(`app server RSS growth per round (peak − start of round) ${formatSummary(growth, 0, 'MB')}`);
    console.log(`app server RSS: ${idleRss.toFixed(0)} MB idle before any upload, ${startRss.toFixed(0)} MB after the warm-up, ${highest.toFixed(0)} MB at the highest over all rounds`);
    const [up, down, rss] = [median(upRatios), median(downRatios), median(growth)];
    console.log(`upload ratio ${up.toFixed(2)} download ratio ${down.toFixed(2)} rss growth ${rss.toFixed(0)} MB`);
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
    console.log(`goals (medians): upload ratio ≥ ${RATIO_GOAL} ${verdict(up >= RATIO_GOAL)}; download ratio ≥ ${RATIO_GOAL} ${verdict(down >= RATIO_GOAL)}; rss growth ≤ ${RSS_GOAL_MB} MB ${verdict(rss <= RSS_GOAL_MB)} (from idle to the highest: ${(highest - idleRss).toFixed(0)} MB, ${verdict(highest - idleRss <= RSS_GOAL_MB)})`);
  } finally {
    const exited = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));
    if (server) {
      stopServer(server);
      await exited(server);
    }
    floor.kill();
    await exited(floor);
    // Every round stored another encrypted copy; the folder is only there for this run.
    rmSync(dataDir, { recursive: true, force: true });
  }
}

runBench(main);
