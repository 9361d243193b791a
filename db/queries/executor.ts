import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { RunResult } from 'better-sqlite3';
import type * as schema from '../schema';

/** The connection or a transaction: query helpers that must join the caller's transaction take this. */
export type Executor = BaseSQLiteDatabase<'sync', RunResult, typeof schema>;
