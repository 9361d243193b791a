// The domain fingerprint of a data folder's database (db/testing/fingerprint.ts): one hash per table, leaving out
// the tables a refusal may write to (audit, alerts, sessions, sign-in throttle).
// Print it with: node --import tsx e2e/support/db-fingerprint.ts  (DATA_DIR set)
// Specs that fingerprint between single requests keep one read-only connection open instead of spawning this.
import Database from 'better-sqlite3';
import { databaseFile } from '@/db/connection';
import { domainFingerprint, type Fingerprint } from '@/db/testing/fingerprint';

export type DbReader = { fingerprint(): Fingerprint; get<T>(sql: string, ...params: unknown[]): T | undefined; close(): void };

/** A read-only connection to the server's database: WAL lets it read committed state while the server writes. */
export function openDbReader(dataDir: string): DbReader {
  const sqlite = new Database(databaseFile(dataDir), { readonly: true, fileMustExist: true });
  return {
    fingerprint: () => domainFingerprint(sqlite),
    get: <T>(sql: string, ...params: unknown[]) => sqlite.prepare(sql).get(...params) as T | undefined,
    close: () => sqlite.close(),
  };
}

if (process.argv[1]?.endsWith('db-fingerprint.ts')) {
  const reader = openDbReader(process.env.DATA_DIR || './data');
  console.log(JSON.stringify(reader.fingerprint()));
  reader.close();
}
