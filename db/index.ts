import 'server-only';
export { getDb, type DB } from './connection';
export * as tables from './schema';
