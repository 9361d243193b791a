import { existsSync, readFileSync } from 'node:fs';
import { E2E_STATE_FILE, type E2EState } from './env';

export default async function globalTeardown() {
  if (!existsSync(E2E_STATE_FILE)) return;
  const { pid } = JSON.parse(readFileSync(E2E_STATE_FILE, 'utf8')) as E2EState;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // already gone
  }
}
