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

  it('catches two swapped entries', () => {
    const db = useTempDatabase();
    const dataDir = process.env.DATA_DIR!;
    const admin = createFirstAdmin({ token: issueSetupToken()!, email: 'a@example.com', name: 'A', passwordHash: 'h', ip: null });
    const actor = { id: admin.id, email: admin.email, name: admin.name, isAdmin: true, ip: null };
    for (const name of ['One', 'Two', 'Three']) createTeam(actor, { name, description: '' });
    expect(verify(dataDir).status).toBe(0);
    // Exchange every column but the id between entries 2 and 3, as someone reordering history would.
    const cols = 'at, actor_id, actor_label, action, target_type, target_id, ip, details, prev_hash, hash';
    db.$client.exec(`
      create temp table swap as select * from audit_log where id in (2, 3);
      update audit_log set (${cols}) = (select ${cols} from swap where swap.id = 5 - audit_log.id) where id in (2, 3);
    `);
    const swapped = verify(dataDir);
    expect(swapped.status).toBe(1);
    expect(swapped.stderr).toContain('Audit log BROKEN at entry #2');
  }, 30_000);
});
