// npm run seed:demo — fills an EMPTY instance (DATA_DIR) with the demo world (scripts/demo-world.ts) and prints
// the demo accounts it made.
import { sql } from 'drizzle-orm';
import { teams, users } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { ensureSecrets } from '@/lib/secrets';
import { openMigratedDb, runCli } from './cli-support';
import { enrolDemoTotp, seedDemoWorld } from './demo-world';

runCli(async () => {
  for (const note of ensureSecrets()) console.log(note);
  const db = openMigratedDb();
  const existing = db.select({ n: sql<number>`count(*)` }).from(users).get()!.n + db.select({ n: sql<number>`count(*)` }).from(teams).get()!.n;
  if (existing > 0) throw new AppError(`This instance already has data (${existing} users and teams). seed:demo only fills an empty instance; point DATA_DIR at an empty folder.`, 1);

  const { accounts } = await seedDemoWorld(db);
  // Demo only: the reviewer signs in with an authenticator app, so a newcomer can try the second step.
  const reviewer = accounts.find((a) => a.email.startsWith('rita@'))!;
  const totpSecret = await enrolDemoTotp(reviewer.email);

  console.log('Demo data created: 3 teams, 3 assessments (approved for launch, halfway, just started), evidence, plans and sign-offs.\n');
  console.log('Demo accounts (passwords are shown only now):');
  for (const a of accounts) console.log(`  ${a.email.padEnd(28)} ${a.password}  ${a.name} — ${a.role}`);
  console.log(`\n${reviewer.name} also has an authenticator app (demo only; never print a real secret). Add this key to your app, or compute codes with any TOTP tool:`);
  console.log(`  ${reviewer.email.padEnd(28)} TOTP secret ${totpSecret}`);
});
