// Shared by the bench scripts: a real server on a throwaway data folder, and a signed-in cookie for it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { ensureSecrets, envForDataDir } from '@/lib/secrets';

/** A fresh data folder with its own secrets generated, so every process that works on it uses the same keys. */
export function benchDataDir(name: string): string {
  const dir = path.join(process.cwd(), 'tmp', `bench-${name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  ensureSecrets({ DATA_DIR: dir });
  return dir;
}

/**
 * For bench scripts that seed in their own process: points this process at the folder and loads its secrets.
 * Never call it from a test runner, whose later children would inherit these keys.
 */
export function enterBenchDataDir(dir: string): void {
  Object.assign(process.env, envForDataDir(dir));
  ensureSecrets(process.env);
}

/** Starts `npm start`'s path (build if needed, migrate, serve) and resolves once it listens. */
export function startServer(dataDir: string, port: number, extraEnv: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: envForDataDir(dataDir, process.env, { PORT: String(port), PUBLIC_URL: `http://localhost:${port}`, LOG_LEVEL: 'warn', ...extraEnv }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 300_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Preflight is serving')) {
        clearTimeout(timer);
        child.stdout!.resume();
        child.stderr!.resume();
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

export function stopServer(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    // already gone
  }
}

// One sign-in for benches and the e2e suites: next-auth's own endpoints, as any script would use them.
export { signInCookie } from '@/lib/testing/sign-in-cookie';

/** Printed at a bench's start and end: figures from a machine busy with other work are read differently. */
export function machineLoad(): string {
  const [one, five] = loadavg();
  return `${availableParallelism()} cores, load average ${one!.toFixed(1)} (1 min) ${five!.toFixed(1)} (5 min)`;
}

/**
 * Runs a bench with the machine's load printed before and after, since figures from a busy machine read
 * differently; a failure prints its message and exits 1, so a broken bench never looks like a result.
 */
export function runBench(main: () => Promise<void>): void {
  console.log(`machine: ${machineLoad()}`);
  main()
    .then(() => console.log(`machine: ${machineLoad()}`))
    .catch((e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : e);
      process.exit(1);
    });
}
