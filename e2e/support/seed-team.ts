// Creates a team and adds people to it as an admin would, straight through the query layer: the same checks and
// audit entries as the admin pages, without clicking through them (their own specs drive those pages).
// Run with: node --conditions=react-server --import tsx e2e/support/seed-team.ts '<json>'  (DATA_DIR set)
import { randomBytes } from 'node:crypto';
import { findUserByEmail } from '@/db/queries/auth';
import { addTeamMember, createTeam } from '@/db/queries/teams';
import type { TeamRole } from '@/lib/domain/enums';
import { ensureSecrets } from '@/lib/secrets';

ensureSecrets(process.env);

const args = JSON.parse(process.argv[2] ?? '{}') as { adminEmail: string; people: { email: string; role: TeamRole }[] };
const admin = findUserByEmail(args.adminEmail);
if (!admin?.isAdmin) throw new Error(`${args.adminEmail} is not an admin`);
const actor = { id: admin.id, email: admin.email, name: admin.name, isAdmin: true, ip: '127.0.0.1' };
const team = createTeam(actor, { name: `Team ${randomBytes(3).toString('hex')}`, description: '' });
for (const p of args.people) addTeamMember(actor, team.id, p);
console.log(JSON.stringify({ teamId: team.id, name: team.name }));
