// npm run audit:verify — checks the audit log against AUDIT_KEY: every link and hash, every entry's seal, and that
// the log ends where the sealed head says (ADR 013). Exits 1 and names the first broken entry. Honours DATA_DIR.
import { verifyAuditTrail } from '@/db/queries/audit';
import { openMigratedDb, runCli } from './cli-support';

runCli(async () => {
  openMigratedDb();
  const verdict = verifyAuditTrail();
  if (!verdict.intact) {
    const where = verdict.id === null ? '' : ` at entry #${verdict.id}`;
    const before = verdict.id === null ? '' : ' Entries before it are intact.';
    console.error(`Audit log BROKEN${where}: ${verdict.reason}.${before}`);
    process.exitCode = 1;
    return;
  }
  const legacy = verdict.unsealedBefore ? ` Entries before #${verdict.unsealedBefore} predate AUDIT_KEY: the chain and the sealed head cover them, but they carry no seal of their own.` : '';
  console.log(`Audit log intact: ${verdict.count} entries${verdict.count ? `, last hash ${verdict.lastHash}` : ''}.${legacy}`);
});
