import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTeam } from '@/db/queries/teams';
import { requireUser } from '@/lib/auth/current-user';
import { NotFoundError } from '@/lib/errors';
import { AddMemberForm } from './add-member-form';
import { MemberRowActions } from './member-row-actions';

export const metadata: Metadata = { title: 'Team' };

export default async function TeamPage({ params, searchParams }: { params: Promise<{ teamId: string }>; searchParams: Promise<{ notice?: string }> }) {
  const actor = await requireUser();
  const { teamId } = await params;
  const { notice } = await searchParams;
  let data: ReturnType<typeof getTeam>;
  try {
    data = getTeam(actor, teamId);
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
  const { team, members } = data;
  return (
    <>
      <h1>{team.name}</h1>
      {notice === 'created' && <div className="alert success" role="status">Team created. Add people to it below.</div>}
      {team.description && <p>{team.description}</p>}
      {actor.isAdmin && <AddMemberForm teamId={team.id} />}
      <h2>People ({members.length})</h2>
      {members.length === 0 ? (
        <p className="muted">Nobody is on this team yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              {actor.isAdmin && <th scope="col">Manage</th>}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId}>
                <td>
                  {m.name} {m.disabled && <span className="badge">disabled</span>}
                </td>
                <td>{m.email}</td>
                <td>{m.role}</td>
                {actor.isAdmin && (
                  <td>
                    <MemberRowActions teamId={team.id} userId={m.userId} name={m.name} role={m.role} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
