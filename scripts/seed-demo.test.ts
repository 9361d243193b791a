import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

const run = (script: string, dataDir: string) =>
  spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', script], { env: { ...process.env, DATA_DIR: dataDir, AUTH_SECRET: '', EVIDENCE_KEYS: '' }, encoding: 'utf8' });

describe('npm run seed:demo', () => {
  it('fills an empty instance with teams at different stages and prints the accounts; refuses a second run; the audit chain holds', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'preflight-demo-'));
    const first = run('scripts/seed-demo.ts', dataDir);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/ada@demo\.preflight\.test\s+Demo-\S{12}\s+Ada Admin — admin/);
    expect(first.stdout.match(/@demo\.preflight\.test/g)).toHaveLength(7);
    expect(first.stdout).toMatch(/rita@demo\.preflight\.test\s+TOTP secret [A-Z2-7]{32}/);

    const db = new Database(path.join(dataDir, 'preflight.db'), { readonly: true });
    const count = (q: string) => (db.prepare(q).get() as { n: number }).n;
    expect(count('select count(*) n from teams')).toBe(3);
    expect(count('select count(*) n from assessments where launch_approved_at is not null')).toBe(1);
    expect(count('select count(*) n from assessment_items where sign_off_id is not null')).toBeGreaterThan(20);
    expect(count("select count(*) n from evidence where kind = 'file'")).toBeGreaterThan(0);
    expect(count('select count(*) n from plan_versions')).toBe(1);
    expect(count("select count(*) n from item_reviews where decision = 'changes_requested'")).toBe(1);
    expect(count('select count(*) n from totp_factors where confirmed_at is not null')).toBe(1);
    expect(count('select count(*) n from recovery_codes')).toBe(10);
    db.close();

    const second = run('scripts/seed-demo.ts', dataDir);
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('seed:demo only fills an empty instance');
    expect(run('scripts/audit-verify.ts', dataDir).status).toBe(0);
  }, 90_000);
});
