// Runs before the server (in its own process, under the react-server condition the data layer requires):
// migrations, evidence key check, the sweep of interrupted uploads, then the one-time setup link while no
// admin exists.
import { databaseFile, getDb, runMigrations } from '@/db/connection';
import { currentAuditHead } from '@/db/queries/audit';
import { issueSetupToken } from '@/db/queries/auth';
import { referencedStoredNames } from '@/db/queries/evidence';
import { expireRiskAcceptances } from '@/db/queries/risk-acceptance';
import { log } from '@/lib/log';
import { KeyConfigError, parseKeyRing } from '@/lib/vault/keys';
import { sweepEvidence } from '@/lib/vault/store';

async function main() {
  const dataDir = process.env.DATA_DIR || './data';
  const publicUrl = process.env.PUBLIC_URL || `http://localhost:${process.env.PORT || 3000}`;
  try {
    parseKeyRing(process.env.EVIDENCE_KEYS, process.env.EVIDENCE_ACTIVE_KEY_ID);
  } catch (e) {
    if (e instanceof KeyConfigError) {
      console.error(`Evidence keys are misconfigured: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  const db = getDb();
  runMigrations(db);
  console.log(`Database ready: ${databaseFile(dataDir)}`);
  // A copy of the head outside the database at every start: cutting the log later cannot also cut these lines.
  const head = currentAuditHead(db);
  log.info({ event: 'audit.head', entries: head.lastId, hash: head.lastHash, sealed: head.sealed }, 'audit log head');
  console.log(`Audit log head: entry #${head.lastId}${head.lastId ? `, hash ${head.lastHash}` : ''}.`);
  const referenced = referencedStoredNames();
  const swept = await sweepEvidence(dataDir, (name) => referenced.has(name));
  if (swept.tempRemoved || swept.orphansRemoved) {
    console.log(`Evidence store: removed ${swept.tempRemoved} unfinished upload(s) and ${swept.orphansRemoved} file(s) no record refers to.`);
  }
  const expired = expireRiskAcceptances(new Date().toISOString().slice(0, 10));
  if (expired.length) console.log(`Risk acceptances: ${expired.length} ran out and their items are not met again.`);
  const token = issueSetupToken();
  if (token) {
    console.log('');
    console.log('No admin account exists yet. Open this one-time link to create the first admin (valid 24 hours,');
    console.log('replaced by a new one at the next start):');
    console.log(`  ${publicUrl.replace(/\/$/, '')}/setup/link?token=${token}`);
    console.log('');
  } else {
    console.log('Preflight already has an administrator, so no setup link is printed. Ask an admin for an account;');
    console.log('an admin can issue a set-password link on the Users page or with `npm run user:reset-link`.');
  }
  db.$client.close();
}

main().catch((e: unknown) => {
  console.error(`Start-up checks failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
