import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { envForDataDir } from '../../lib/secrets';
import { E2E_BASE_URL, E2E_DIR, E2E_PORT, E2E_STATE_FILE, type E2EState } from './env';
import { PROBE_CA_FILE, writeProbeCa } from './probe-ca';

/** Starts the real server (`npm start` path: build if needed, migrate, setup link) on a throwaway data folder. */
export default async function globalSetup() {
  rmSync(E2E_DIR, { recursive: true, force: true });
  const dataDir = path.join(E2E_DIR, 'data');
  const logFile = path.join(E2E_DIR, 'server.log');
  mkdirSync(dataDir, { recursive: true });
  writeProbeCa();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: envForDataDir(dataDir, process.env, { PORT: String(E2E_PORT), PUBLIC_URL: E2E_BASE_URL, LOG_FILE: logFile, LOG_LEVEL: 'debug', NEXT_TELEMETRY_DISABLED: '1', EVIDENCE_MAX_MB: '5', PROBE_ALLOW_HOSTS: '127.0.0.1', PROBE_CA_FILE, API_RATE_PER_MINUTE: '120', PUBLIC_VERIFY_PER_MINUTE: '600' }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const setupLink = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 5 minutes:\n${output}`)), 300_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
      if (output.includes('Preflight is serving')) {
        clearTimeout(timer);
        const link = output.match(/https?:\/\/\S+\/setup\/link\?token=[A-Za-z0-9_-]+/)?.[0];
        if (link) resolve(link);
        else reject(new Error(`no setup link printed:\n${output}`));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  // Keep the server's console (Next prints render errors there) for diagnosing failures.
  const consoleLog = createWriteStream(path.join(E2E_DIR, 'server-console.log'));
  consoleLog.write(output);
  child.stdout!.removeAllListeners('data');
  child.stderr!.removeAllListeners('data');
  child.stdout!.pipe(consoleLog);
  child.stderr!.pipe(consoleLog);
  child.unref();
  const state: E2EState = { dataDir, logFile, setupLink, pid: child.pid! };
  writeFileSync(E2E_STATE_FILE, JSON.stringify(state));
}
