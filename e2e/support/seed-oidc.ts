// Seeds the accounts the OIDC journeys sign in to, straight through the query layer, for e2e/oidc.spec.ts's own
// server. Run with: node --conditions=react-server --import tsx e2e/support/seed-oidc.ts  (DATA_DIR set)
import { getDb, runMigrations } from '@/db/connection';
import { createUser, createUserWithPassword, setUserDisabled } from '@/db/queries/users';
import { hashPassword } from '@/lib/auth/password';
import { ensureSecrets } from '@/lib/secrets';

// The data folder's own secrets (the audit key seals what this writes), as the server loads them.
ensureSecrets(process.env);

const OIDC_SEED_USERS = {
  verified: 'verified@example.com',
  unverified: 'unverified@example.com',
  stringFalse: 'string-false@example.com',
  missing: 'missing-claim@example.com',
  disabled: 'disabled@example.com',
  linked: 'linked@example.com',
} as const;

async function main() {
  const db = getDb();
  runMigrations(db);
  const adminUser = createUserWithPassword(null, { email: 'oidc-admin@example.com', name: 'OIDC Admin', isAdmin: true, passwordHash: await hashPassword('Oidc-Admin-Passphrase-1') });
  const admin = { id: adminUser.id, email: adminUser.email, name: adminUser.name, isAdmin: true, ip: null };
  const ids: Record<string, { id: string; email: string }> = {};
  // Created by the admin as in the Users page; they never set a password and sign in only through the IdP.
  for (const [key, email] of Object.entries(OIDC_SEED_USERS)) ids[key] = { id: createUser(admin, { email, name: key, isAdmin: false }).user.id, email };
  setUserDisabled(admin, ids.disabled!.id, true);
  db.$client.close();
  console.log(JSON.stringify(ids));
}

void main();
