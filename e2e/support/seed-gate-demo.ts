// Seeds the demo world (scripts/demo-world.ts, tagged so it can sit beside other specs' records) and an API token
// of its admin with the gate and probe scopes, for the preflight-gate script's test. Prints JSON.
// Run with: node --conditions=react-server --import tsx e2e/support/seed-gate-demo.ts  (DATA_DIR set)
import { randomBytes } from 'node:crypto';
import { getDb, runMigrations } from '@/db/connection';
import { createApiToken } from '@/db/queries/api-tokens';
import { ensureSecrets } from '@/lib/secrets';
import { seedDemoWorld } from '@/scripts/demo-world';

ensureSecrets(process.env);

async function main() {
  const db = getDb();
  runMigrations(db);
  const tag = randomBytes(3).toString('hex');
  const world = await seedDemoWorld(db, { email: (local) => `${local}-${tag}@demo.preflight.test`, team: (name) => `${name} ${tag}` });
  const { token } = createApiToken(world.actors.admin, { kind: 'personal' }, { name: 'Gate demo', scopes: ['gate', 'probe'], days: 7 });
  const readOnly = createApiToken(world.actors.admin, { kind: 'personal' }, { name: 'Gate demo read', scopes: ['read'], days: 7 }).token;
  console.log(JSON.stringify({ token, readOnly, approved: world.assessments.checkout, halfway: world.assessments.indexer }));
}

void main();
