import { getDb } from '../index';

/** Whether the database answers a trivial query; for the health endpoint, which says nothing more. */
export function databaseAnswers(): boolean {
  try {
    getDb().$client.prepare('select 1').get();
    return true;
  } catch {
    return false;
  }
}
