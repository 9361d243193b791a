import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getDb, runMigrations, type DB } from '@/db/connection';

/** A real SQLite file in a fresh temporary folder, migrated, as the process-wide connection. */
export function useTempDatabase(): DB {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'preflight-test-'));
  process.env.DATA_DIR = dir;
  const g = globalThis as unknown as { preflightDb?: DB };
  g.preflightDb?.$client.close();
  g.preflightDb = undefined;
  const db = getDb();
  runMigrations(db);
  return db;
}
