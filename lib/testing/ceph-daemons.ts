// The daemons of one throwaway cluster as child processes that cannot outlive the tests: each runs in its own
// process group (so a kill reaches anything it forks), is killed on the test process's exit, and, where setpriv
// exists, gets SIGKILL from the kernel when its parent dies without running exit handlers (a crashed or killed
// Vitest worker).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const PDEATHSIG = spawnSync('sh', ['-c', 'command -v setpriv'], { stdio: 'ignore' }).status === 0;

type Daemon = { name: string; child: ChildProcess; exited: Promise<void>; exitCode: number | string | null };

export class CephDaemons {
  private readonly daemons: Daemon[] = [];
  private readonly killOnExit = () => {
    this.killAll();
    this.afterExitKill();
  };

  constructor(
    private readonly logDir: string,
    private readonly secrets: () => string[],
    /** Runs on process exit after the kill, when no stop() is coming to clean up (e.g. an uncaught exception). */
    private readonly afterExitKill: () => void,
  ) {
    process.on('exit', this.killOnExit);
  }

  start(name: string, command: string, args: string[]): void {
    const out = openSync(path.join(this.logDir, `${name}.out`), 'a');
    const [cmd, argv] = PDEATHSIG ? ['setpriv', ['--pdeathsig', 'KILL', '--', command, ...args]] : [command, args];
    const child = spawn(cmd, argv, { detached: true, stdio: ['ignore', out, out] });
    closeSync(out);
    const daemon: Daemon = { name, child, exitCode: null, exited: Promise.resolve() };
    daemon.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        daemon.exitCode = code ?? signal;
        resolve();
      });
      child.once('error', (err) => {
        daemon.exitCode = err.message;
        resolve();
      });
    });
    this.daemons.push(daemon);
  }

  /** Throws when a daemon has died: waiting longer for readiness would only hide why. */
  assertRunning(): void {
    const dead = this.daemons.find((d) => d.exitCode !== null);
    if (dead) throw new Error(`${dead.name} exited (${dead.exitCode})`);
  }

  killAll(): void {
    for (const { child } of this.daemons) {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) continue;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone between the check and the kill.
      }
    }
  }

  async stop(): Promise<void> {
    this.killAll();
    await Promise.all(this.daemons.map((d) => d.exited));
    process.off('exit', this.killOnExit);
  }

  /** The last lines of every daemon log, for an error message; keys are blanked in case a log ever holds one. */
  logTail(lines = 12): string {
    if (!existsSync(this.logDir)) return '';
    const secrets = this.secrets().filter((s) => s.length > 0);
    return readdirSync(this.logDir)
      .sort()
      .map((file) => {
        const text = readFileSync(path.join(this.logDir, file), 'utf8');
        const tail = text.trimEnd().split('\n').slice(-lines).map((line) => line.slice(0, 400));
        const clean = tail.map((line) => secrets.reduce((l, s) => l.split(s).join('[redacted]'), line));
        return `--- ${file} ---\n${clean.join('\n')}`;
      })
      .join('\n');
  }
}
