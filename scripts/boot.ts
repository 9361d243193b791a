// Runs before the server (in its own process, under the react-server condition the data layer requires):
// migrations, then the one-time setup link while no admin exists.
import { databaseFile, getDb, runMigrations } from '@/db/connection';
import { issueSetupToken } from '@/db/queries/auth';

const publicUrl = process.env.PUBLIC_URL || `http://localhost:${process.env.PORT || 3000}`;
const db = getDb();
runMigrations(db);
console.log(`Database ready: ${databaseFile(process.env.DATA_DIR || './data')}`);
const token = issueSetupToken();
if (token) {
  console.log('');
  console.log('No admin account exists yet. Open this one-time link to create the first admin (valid 24 hours,');
  console.log('replaced by a new one at the next start):');
  console.log(`  ${publicUrl.replace(/\/$/, '')}/setup/link?token=${token}`);
  console.log('');
}
db.$client.close();
