// Seeds an admin, a team and an assessment straight through the query layer, for tests that run their own
// server instance. Run with: node --conditions=react-server --import tsx e2e/support/seed.ts  (DATA_DIR set)
import { getDb, runMigrations } from '@/db/connection';
import { createAssessment } from '@/db/queries/assessments';
import { addTeamMember, createTeam } from '@/db/queries/teams';
import { createUserWithPassword } from '@/db/queries/users';
import { hashPassword } from '@/lib/auth/password';
import { ensureSecrets } from '@/lib/secrets';

// The data folder's own secrets (the audit key seals what this writes), as the server loads them.
ensureSecrets(process.env);

async function main() {
  const db = getDb();
  runMigrations(db);
  const email = 'seeded-admin@example.com';
  const password = 'Seeded-Admin-Passphrase-1';
  const user = createUserWithPassword(null, { email, name: 'Seeded Admin', isAdmin: true, passwordHash: await hashPassword(password) });
  const actor = { id: user.id, email, name: user.name, isAdmin: true, ip: null };
  const team = createTeam(actor, { name: 'Seeded team', description: '' });
  addTeamMember(actor, team.id, { email, role: 'member' });
  const assessment = createAssessment(actor, team.id, { appName: 'Seeded app', appKind: 'forge', baseUrl: 'https://seeded.example.com', targetLaunchDate: '2027-01-01', profile: {} });
  db.$client.close();
  console.log(JSON.stringify({ email, password, teamId: team.id, assessmentId: assessment.id }));
}

void main();
