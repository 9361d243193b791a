// npm run keys:rotate — re-wraps every evidence data key under EVIDENCE_ACTIVE_KEY_ID. Honours DATA_DIR.
import { ensureSecrets } from '@/lib/secrets';
import { parseKeyRing } from '@/lib/vault/keys';
import { rotateEvidenceKeys } from '@/db/key-rotation';
import { openMigratedDb, runCli } from './cli-support';

runCli(async () => {
  ensureSecrets(process.env);
  const ring = parseKeyRing(process.env.EVIDENCE_KEYS, process.env.EVIDENCE_ACTIVE_KEY_ID);
  openMigratedDb();
  console.log(`Re-wrapping evidence data keys under "${ring.activeId}"…`);
  const result = await rotateEvidenceKeys(ring, process.env.DATA_DIR || './data', (done, total) => {
    if (done === total || done % 100 === 0) console.log(`  ${done}/${total}`);
  });
  console.log(`Re-wrapped ${result.rewrapped} file(s); ${result.failed.length} failed; ${result.remaining} not yet under "${ring.activeId}".`);
  for (const f of result.failed) console.log(`  ${f.id}: ${f.reason}`);
  if (result.remaining === 0) console.log('Every file is under the active key: keys no longer listed can be removed from EVIDENCE_KEYS.');
  if (result.failed.length) process.exitCode = 1;
});
