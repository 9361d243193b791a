import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestCa, type TestCa } from '../../lib/probe/testing/test-ca';
import { E2E_DIR } from './env';

// One test CA per e2e run: the server under test trusts it through PROBE_CA_FILE, and specs serve their target
// apps with the leaf it issued for localhost and 127.0.0.1.
export const PROBE_CA_FILE = path.join(E2E_DIR, 'probe-ca.pem');
const LEAF_FILE = path.join(E2E_DIR, 'probe-leaf.json');

export function writeProbeCa(): void {
  const ca = createTestCa('Preflight e2e probe CA');
  writeFileSync(PROBE_CA_FILE, ca.caPem);
  writeFileSync(LEAF_FILE, JSON.stringify(ca.issue(['localhost', '127.0.0.1'])));
}

/** The run's CA as target servers take it; every certificate it "issues" is the run's one leaf. */
export function probeCa(): TestCa {
  const leaf = JSON.parse(readFileSync(LEAF_FILE, 'utf8')) as { key: string; cert: string };
  return { caPem: readFileSync(PROBE_CA_FILE, 'utf8'), issue: () => leaf };
}
