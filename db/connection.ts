// Plain module so that the boot script can migrate without Next's "server-only" guard; app code imports db/index.ts.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import * as schema from './schema';

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export function databaseFile(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'preflight.db');
}

export function openDatabase(file: string): DB {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // FULL: an acknowledged audit entry or evidence row survives power loss (see docs/decisions/002).
  sqlite.pragma('synchronous = FULL');
  return drizzle(sqlite, { schema }) as DB;
}

export function runMigrations(db: DB): void {
  migrate(db, { migrationsFolder: path.join(process.cwd(), 'db', 'migrations') });
}

const globalForDb = globalThis as unknown as { preflightDb?: DB };

/** The process-wide connection (one per process: SQLite serialises writers anyway). */
export function getDb(): DB {
  if (!globalForDb.preflightDb) {
    globalForDb.preflightDb = openDatabase(databaseFile(process.env.DATA_DIR || './data'));
  }
  return globalForDb.preflightDb;
}
