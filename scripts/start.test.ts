import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '..');

describe('npm start', () => {
  it('turns off Next telemetry for the build it runs', () => {
    // A folder standing in for the app: no build yet, and a `next` that reports what it was given instead of
    // building, so this runs the real start script up to the point where it hands over to Next.
    const root = mkdtempSync(path.join(os.tmpdir(), 'preflight-start-'));
    mkdirSync(path.join(root, 'node_modules', 'next', 'dist', 'bin'), { recursive: true });
    symlinkSync(path.join(repo, 'node_modules', 'tsx'), path.join(root, 'node_modules', 'tsx'));
    writeFileSync(
      path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'),
      "console.log(`next ${process.argv.slice(2).join(' ')}: NEXT_TELEMETRY_DISABLED=${process.env.NEXT_TELEMETRY_DISABLED}`); process.exit(3);\n",
    );
    // `npm test` sets it for everything it runs; the start script must not depend on that.
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: path.join(root, 'data'), AUTH_SECRET: '', EVIDENCE_KEYS: '' };
    delete env.NEXT_TELEMETRY_DISABLED;
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repo, 'scripts', 'start.ts')], { cwd: root, env, encoding: 'utf8' });
      expect(r.stdout).toContain('next build: NEXT_TELEMETRY_DISABLED=1');
      expect(r.status).toBe(3);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 30_000);
});
