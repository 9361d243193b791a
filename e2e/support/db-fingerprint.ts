// Prints a SHA-256 per table over every row of the tables that hold the teams' records, so a suite can prove that refused
// requests wrote nothing. Left out: what a refusal legitimately records (the audit log, its head and the alerts
// raised from it), sessions (their last-seen time moves on every request) and the sign-in throttle.
// Run with: node --import tsx e2e/support/db-fingerprint.ts  (DATA_DIR set)
import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';

export const UNFINGERPRINTED_TABLES = ['audit_log', 'audit_head', 'security_alerts', 'alert_audit_entries', 'sessions', 'sign_in_throttle', '__drizzle_migrations'];

const db = new Database(path.join(process.env.DATA_DIR!, 'preflight.db'), { readonly: true, fileMustExist: true });
const tables = (db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[])
  .map((t) => t.name)
  .filter((t) => !UNFINGERPRINTED_TABLES.includes(t));
const byTable: Record<string, string> = {};
for (const table of tables) {
  const hash = createHash('sha256');
  for (const row of db.prepare(`select * from "${table}" order by rowid`).raw().iterate()) hash.update(JSON.stringify(row, (_, v) => (Buffer.isBuffer(v) ? v.toString('base64') : typeof v === 'bigint' ? String(v) : v)));
  byTable[table] = hash.digest('hex');
}
console.log(JSON.stringify(byTable));
