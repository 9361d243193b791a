import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureSecrets, envForDataDir } from '@/lib/secrets';

const node = (args: string[], env: NodeJS.ProcessEnv, input?: string) =>
  spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', ...args], { env, input, encoding: 'utf8' });

describe('the start-up checks (scripts/boot.ts)', () => {
  it('print a setup link while no admin exists, and say an admin exists instead of printing one afterwards', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'preflight-boot-'));
    try {
      const env = envForDataDir(dataDir, process.env, { PUBLIC_URL: 'http://preflight.test' });
      ensureSecrets(env);
      const first = node(['scripts/boot.ts'], env);
      expect(first.status).toBe(0);
      expect(first.stdout).toMatch(/No admin account exists yet[\s\S]*http:\/\/preflight\.test\/setup\/link\?token=[A-Za-z0-9_-]{43}/);
      expect(first.stdout).not.toContain('already has an administrator');

      const created = node(['scripts/user-create.ts', '--email', 'ada@example.com', '--name', 'Ada', '--admin'], env, 'Orbit-Lantern-42-Quietly');
      expect(created.status).toBe(0);
      const second = node(['scripts/boot.ts'], env);
      expect(second.status).toBe(0);
      expect(second.stdout).toContain('Preflight already has an administrator, so no setup link is printed.');
      expect(second.stdout).not.toContain('/setup/link');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
