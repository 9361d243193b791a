import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * Tables a refused request may legitimately write to: the audit trail and alerts record refusals, sessions and
 * the sign-in throttle record sign-in attempts, and a WebAuthn or second-step challenge is spent by any answer, a
 * wrong one too, so that it cannot be retried. Everything else is domain data that a refusal must leave alone.
 */
export const REFUSAL_BOOKKEEPING_TABLES = ['audit_log', 'audit_head', 'security_alerts', 'alert_audit_entries', 'sessions', 'sign_in_throttle', 'sign_in_challenges'];

/**
 * Columns that record a request rather than change the domain: a token's last use is written when it
 * authenticates, also for a request that is then refused. The rest of the row still counts.
 */
export const REQUEST_BOOKKEEPING_COLUMNS: Record<string, string[]> = { api_tokens: ['last_used_at', 'last_used_ip'] };

export type Fingerprint = Record<string, string>;

/** One hash per domain table over every row in rowid order, so a diff names the tables that changed. */
export function domainFingerprint(sqlite: Database.Database): Fingerprint {
  const out: Fingerprint = {};
  for (const table of domainTables(sqlite)) {
    const hash = createHash('sha256');
    let rows = 0;
    const skipped = REQUEST_BOOKKEEPING_COLUMNS[table] ?? [];
    const columns = skipped.length ? (sqlite.prepare(`select name from pragma_table_info('${table}')`).pluck().all() as string[]).filter((c) => !skipped.includes(c)).map((c) => `"${c}"`).join(', ') : '*';
    for (const row of sqlite.prepare(`select ${columns} from "${table}" order by rowid`).raw().iterate() as Iterable<unknown[]>) {
      hash.update(JSON.stringify(row, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : Buffer.isBuffer(v) ? v.toString('hex') : v)));
      hash.update('\n');
      rows += 1;
    }
    out[table] = `${rows}:${hash.digest('hex').slice(0, 16)}`;
  }
  return out;
}

/** The tables whose fingerprint differs, for a failure message that says where a half-write landed. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => before[t] !== after[t]).sort();
}

function domainTables(sqlite: Database.Database): string[] {
  return (sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name").pluck().all() as string[]).filter(
    (t) => !REFUSAL_BOOKKEEPING_TABLES.includes(t),
  );
}

/**
 * A cheap change detector for tests that make thousands of attempts: connection-local (TEMP) triggers count every
 * row written to a domain table. The counts live in a TEMP table inside the same transaction, so a write that is
 * rolled back takes its count with it; counts that moved across a refused call mean a write was committed.
 * Returns a function giving the counts now, for comparing with changedTables().
 */
export function domainWriteCounter(sqlite: Database.Database): () => Fingerprint {
  sqlite.exec('create temp table if not exists domain_writes (tbl text primary key, n integer not null)');
  for (const table of domainTables(sqlite)) {
    const skipped = REQUEST_BOOKKEEPING_COLUMNS[table] ?? [];
    const counted = skipped.length ? (sqlite.prepare(`select name from pragma_table_info('${table}')`).pluck().all() as string[]).filter((c) => !skipped.includes(c)) : [];
    for (const op of ['insert', 'update', 'delete']) {
      const event = op === 'update' && counted.length ? `update of ${counted.map((c) => `"${c}"`).join(', ')}` : op;
      sqlite.exec(`create temp trigger if not exists "count_${op}_${table}" after ${event} on main."${table}" begin insert into domain_writes values ('${table}', 1) on conflict(tbl) do update set n = n + 1; end`);
    }
  }
  const read = sqlite.prepare('select tbl, n from domain_writes');
  return () => Object.fromEntries((read.raw().all() as [string, number][]).map(([t, n]) => [t, String(n)]));
}
