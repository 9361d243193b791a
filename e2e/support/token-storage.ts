import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import { e2eState } from './fixtures';

/** The clear token is in neither the server's log nor any of its database files (the WAL included). */
export function expectTokenNowhereStored(token: string) {
  const { dataDir, logFile } = e2eState();
  // The part after the public prefix: the prefix itself is stored on purpose, for people to recognise tokens by.
  const secret = token.slice(12);
  for (const f of readdirSync(dataDir).filter((n) => n.startsWith('preflight'))) expect(readFileSync(path.join(dataDir, f)).includes(secret), f).toBe(false);
  expect(readFileSync(logFile, 'utf8').includes(secret), 'server log').toBe(false);
}
