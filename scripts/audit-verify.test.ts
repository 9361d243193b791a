import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { databaseFile } from '@/db/connection';
import { createTeam } from '@/db/queries/teams';
import { createFirstAdmin, issueSetupToken } from '@/db/queries/auth';
import { auditEntryHash, type AuditContent } from '@/lib/audit/chain';
import { useTempDatabase as openTempDatabase } from '@/db/testing/temp-db';

function verify(dataDir: string, extraEnv: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/audit-verify.ts'], { env: { ...process.env, DATA_DIR: dataDir, ...extraEnv }, encoding: 'utf8' });
}

/** A log of 4 entries (admin created, three teams) on a fresh database. */
function seededLog() {
  const db = openTempDatabase();
  const dataDir = process.env.DATA_DIR!;
  const admin = createFirstAdmin({ token: issueSetupToken()!, email: 'a@example.com', name: 'A', passwordHash: 'h', ip: null });
  const actor = { id: admin.id, email: admin.email, name: admin.name, isAdmin: true, ip: null };
  for (const name of ['One', 'Two', 'Three']) createTeam(actor, { name, description: '' });
  return { db, dataDir, actor };
}

/** What someone with write access to the file does first: a second connection, as the sqlite3 shell would be. */
function attacker(dataDir: string) {
  const conn = new Database(databaseFile(dataDir));
  conn.exec('drop trigger audit_log_no_update; drop trigger audit_log_no_delete; drop trigger audit_head_no_delete;');
  return conn;
}

describe('npm run audit:verify', () => {
  it('passes an intact chain and reports its head', () => {
    const { dataDir } = seededLog();
    const ok = verify(dataDir);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^Audit log intact: 4 entries, last hash [0-9a-f]{64}\.$/m);
  }, 30_000);

  it('refuses UPDATE and DELETE on audit_log from any connection, and deleting the head', () => {
    const { dataDir } = seededLog();
    const conn = new Database(databaseFile(dataDir));
    expect(() => conn.prepare("update audit_log set details = '{}' where id = 2").run()).toThrow(/append-only/);
    expect(() => conn.prepare('delete from audit_log where id = 4').run()).toThrow(/append-only/);
    expect(() => conn.prepare('delete from audit_head').run()).toThrow(/cannot be deleted/);
    conn.close();
    expect(verify(dataDir).status).toBe(0);
  }, 30_000);

  // The README's backups use the sqlite3 shell, so where it is installed the triggers are shown to hold there too.
  it.skipIf(spawnSync('sh', ['-c', 'command -v sqlite3']).status !== 0)('refuses UPDATE audit_log from the sqlite3 shell', () => {
    const { dataDir } = seededLog();
    const shell = spawnSync('sqlite3', [databaseFile(dataDir), "update audit_log set details = '{}' where id = 2;"], { encoding: 'utf8' });
    expect(shell.status).not.toBe(0);
    expect(shell.stderr).toMatch(/append-only/);
    expect(verify(dataDir).status).toBe(0);
  }, 30_000);

  it('names an entry whose content was edited', () => {
    const { dataDir } = seededLog();
    const conn = attacker(dataDir);
    conn.prepare("update audit_log set details = '{\"name\":\"Forged\"}' where id = 3").run();
    const bad = verify(dataDir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Audit log BROKEN at entry #3: content does not match its hash.');
    conn.prepare('delete from audit_log where id = 3').run();
    expect(verify(dataDir).stderr).toContain('Audit log BROKEN at entry #4: does not link to the entry before it.');
  }, 30_000);

  it('notices the newest entries deleted, though the chain that is left links up', () => {
    const { dataDir } = seededLog();
    const conn = attacker(dataDir);
    conn.prepare('delete from audit_log where id >= 3').run();
    const bad = verify(dataDir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Audit log BROKEN at entry #3: entries #3 to #4 were removed: the sealed head says the log ends at #4.');
    // Moving the head back without the key does not help.
    const last = conn.prepare('select hash from audit_log where id = 2').get() as { hash: string };
    conn.prepare('update audit_head set last_id = 2, last_hash = ?').run(last.hash);
    expect(verify(dataDir).stderr).toMatch(/Audit log BROKEN: the audit head’s seal does not match AUDIT_KEY/);
    // Nor does deleting it.
    conn.prepare('delete from audit_head').run();
    expect(verify(dataDir).stderr).toMatch(/Audit log BROKEN: the audit head is missing/);
  }, 30_000);

  it('catches a rewrite that recomputes every hash without the key', () => {
    const { dataDir } = seededLog();
    const conn = attacker(dataDir);
    type Row = AuditContent & { id: number; prev_hash: string; hash: string };
    const rows = conn.prepare('select id, at, actor_id as actorId, actor_label as actorLabel, action, target_type as targetType, target_id as targetId, ip, details from audit_log order by id').all() as Row[];
    let prev = '0'.repeat(64);
    for (const r of rows) {
      const content: AuditContent = { at: r.at, actorId: r.actorId, actorLabel: r.actorLabel, action: r.action, targetType: r.targetType, targetId: r.targetId, ip: r.ip, details: r.id === 3 ? '{"name":"Forged"}' : r.details };
      const hash = auditEntryHash(r.id, content, prev);
      conn.prepare('update audit_log set details = ?, prev_hash = ?, hash = ? where id = ?').run(content.details, prev, hash, r.id);
      prev = hash;
    }
    conn.prepare('update audit_head set last_hash = ?').run(prev);
    const bad = verify(dataDir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/Audit log BROKEN: the audit head’s seal does not match AUDIT_KEY/);
    // With the right head seal but a different key, every seal is wrong: the key is what makes the log trustworthy.
    expect(verify(dataDir, { AUDIT_KEY: 'x'.repeat(43) }).stderr).toMatch(/the audit head’s seal does not match AUDIT_KEY/);
  }, 30_000);

  it('catches an entry appended by hand and two swapped entries', () => {
    const { dataDir } = seededLog();
    const conn = attacker(dataDir);
    const last = conn.prepare('select hash from audit_log where id = 4').get() as { hash: string };
    const content: AuditContent = { at: Date.now(), actorId: null, actorLabel: 'x', action: 'team.created', targetType: null, targetId: null, ip: null, details: '{}' };
    conn.prepare('insert into audit_log (id, at, actor_id, actor_label, action, target_type, target_id, ip, details, prev_hash, hash) values (5, ?, null, ?, ?, null, null, null, ?, ?, ?)').run(content.at, content.actorLabel, content.action, content.details, last.hash, auditEntryHash(5, content, last.hash));
    expect(verify(dataDir).stderr).toContain('Audit log BROKEN at entry #5: it has no seal, though every entry since #1 must have one.');
    conn.prepare('delete from audit_log where id = 5').run();
    expect(verify(dataDir).status).toBe(0);
    // Exchange every column but the id between entries 2 and 3, as someone reordering history would.
    const cols = 'at, actor_id, actor_label, action, target_type, target_id, ip, details, prev_hash, hash, mac';
    conn.exec(`
      create temp table swap as select * from audit_log where id in (2, 3);
      update audit_log set (${cols}) = (select ${cols} from swap where swap.id = 5 - audit_log.id) where id in (2, 3);
    `);
    const swapped = verify(dataDir);
    expect(swapped.status).toBe(1);
    expect(swapped.stderr).toContain('Audit log BROKEN at entry #2');
  }, 30_000);

  it('refuses to write on top of a head whose seal was tampered with, and writes nothing', () => {
    const { dataDir, actor: admin } = seededLog();
    const conn = attacker(dataDir);
    conn.prepare('update audit_head set mac = null').run();
    expect(() => createTeam(admin, { name: 'Four', description: '' })).toThrow(/audit head lost its seal/);
    conn.prepare("update audit_head set mac = 'ab'").run();
    expect(() => createTeam(admin, { name: 'Four', description: '' })).toThrow(/does not match AUDIT_KEY/);
    // The change and its record are one transaction: no team without its audit entry.
    expect(conn.prepare("select count(*) as n from teams where name = 'Four'").get()).toEqual({ n: 0 });
  }, 30_000);
});
