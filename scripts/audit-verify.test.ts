import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createTeam } from '@/db/queries/teams';
import { createFirstAdmin, issueSetupToken } from '@/db/queries/auth';
import { useTempDatabase } from '@/lib/testing/temp-db';

function verify(dataDir: string) {
  return spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/audit-verify.ts'], { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });
}

describe('npm run audit:verify', () => {
  it('passes an intact chain and names the first broken entry, exiting non-zero', () => {
    const db = useTempDatabase();
    const dataDir = process.env.DATA_DIR!;
    const admin = createFirstAdmin({ token: issueSetupToken()!, email: 'a@example.com', name: 'A', passwordHash: 'h', ip: null });
    const actor = { id: admin.id, email: admin.email, name: admin.name, isAdmin: true, ip: null };
    for (const name of ['One', 'Two', 'Three']) createTeam(actor, { name, description: '' });

    const ok = verify(dataDir);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^Audit log intact: 4 entries, last hash [0-9a-f]{64}\.$/m);

    db.$client.prepare("update audit_log set details = '{\"name\":\"Forged\"}' where id = 3").run();
    const bad = verify(dataDir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Audit log BROKEN at entry #3: content does not match its hash.');

    db.$client.prepare('delete from audit_log where id = 3').run();
    expect(verify(dataDir).stderr).toContain('Audit log BROKEN at entry #4: does not link to the entry before it.');
  }, 30_000);
});
