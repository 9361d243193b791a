import { createFirstAdmin, issueSetupToken } from '@/db/queries/auth';
import { addTeamMember, createTeam } from '@/db/queries/teams';
import { createUserWithPassword } from '@/db/queries/users';
import type { TeamRole, User } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';

export const asActor = (u: User): Actor => ({ id: u.id, email: u.email, name: u.name, isAdmin: u.isAdmin, ip: '127.0.0.1' });

/**
 * The usual cast on a fresh temp database: the first admin "Ada", the team "Payments" and the team "Search",
 * and one account per name with its role on either team. Returns actors by name, so a test reads as its story.
 */
export function seedTeams<Names extends string>(people: Record<Names, { team: 'Payments' | 'Search'; role: TeamRole }>) {
  const admin = asActor(createFirstAdmin({ token: issueSetupToken()!, email: 'admin@example.com', name: 'Ada', passwordHash: 'h', ip: null }));
  const teamId = createTeam(admin, { name: 'Payments', description: '' }).id;
  const otherTeamId = createTeam(admin, { name: 'Search', description: '' }).id;
  const actors = {} as Record<Names, Actor>;
  for (const name of Object.keys(people) as Names[]) {
    const email = `${name.toLowerCase()}@example.com`;
    actors[name] = asActor(createUserWithPassword(null, { email, name, isAdmin: false, passwordHash: 'h' }));
    addTeamMember(admin, people[name].team === 'Payments' ? teamId : otherTeamId, { email, role: people[name].role });
  }
  return { admin, teamId, otherTeamId, people: actors };
}
