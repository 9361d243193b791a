// A second server on its own data folder, for a suite whose probes must not meet anyone else's: it can fingerprint
// the whole database between two requests, and its refused sign-ins, access denials and alerts stay its own.
// It uses the build the global setup made; it never builds (start.ts would, if the sources changed since).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { envForDataDir } from '@/lib/secrets';
import { E2E_DIR, E2E_PORT } from './env';

export type PrivateServer = { baseUrl: string; port: number; dataDir: string; logFile: string; consoleFile: string; serverOutput(): string; stop(): void };

export async function startPrivateServer(name: string, port = Number(process.env.E2E_PRIVATE_PORT || E2E_PORT + 1), extraEnv: Record<string, string> = {}): Promise<PrivateServer> {
  const dir = path.join(E2E_DIR, `private-${name}`);
  rmSync(dir, { recursive: true, force: true });
  const dataDir = path.join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const logFile = path.join(dir, 'server.log');
  const consoleFile = path.join(dir, 'server-console.log');
  const baseUrl = `http://localhost:${port}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: envForDataDir(dataDir, process.env, { PORT: String(port), PUBLIC_URL: baseUrl, LOG_FILE: logFile, LOG_LEVEL: 'info', NEXT_TELEMETRY_DISABLED: '1', EVIDENCE_MAX_MB: '5', ...extraEnv }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const consoleLog = createWriteStream(consoleFile);
  child.stdout!.pipe(consoleLog);
  child.stderr!.pipe(consoleLog);
  let output = '';
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`private server did not start within 2 minutes:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Building Preflight')) reject(new Error('the build is stale; run the suite through Playwright so its global setup builds first'));
      if (output.includes('Preflight is serving')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`private server exited with ${code}:\n${output}`)));
  }).catch((e: unknown) => {
    stop();
    throw e;
  });
  return {
    baseUrl,
    port,
    dataDir,
    logFile,
    consoleFile,
    serverOutput: () => readFileSync(consoleFile, 'utf8'),
    stop,
  };
}
