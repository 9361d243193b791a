// npm run audit:verify — walks the hash-chained audit log; exits 1 and names the first broken entry. Honours DATA_DIR.
import { iterateAuditChain } from '@/db/queries/audit';
import { findFirstBrokenEntry } from '@/lib/audit/chain';
import { openMigratedDb, runCli } from './cli-support';

runCli(async () => {
  openMigratedDb();
  let count = 0;
  let last = '';
  const counted = (function* () {
    for (const entry of iterateAuditChain()) {
      count += 1;
      last = entry.hash;
      yield entry;
    }
  })();
  const broken = findFirstBrokenEntry(counted);
  if (broken) {
    console.error(`Audit log BROKEN at entry #${broken.id}: ${broken.reason}. Entries before it are intact.`);
    process.exitCode = 1;
    return;
  }
  console.log(`Audit log intact: ${count} entries${count ? `, last hash ${last}` : ''}.`);
});
