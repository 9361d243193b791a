import type { Metadata } from 'next';
import Link from 'next/link';
import { listTeams } from '@/db/queries/teams';
import { requireAdminPage } from '@/app/_server/current-user';
import { CreateTeamForm } from './create-team-form';

export const metadata: Metadata = { title: 'Teams' };

export default async function TeamsAdminPage() {
  const actor = await requireAdminPage();
  const teams = listTeams(actor);
  return (
    <>
      <h1>Teams</h1>
      <CreateTeamForm />
      <h2>All teams ({teams.length})</h2>
      {teams.length === 0 ? (
        <p className="muted">No teams yet.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Team</th>
                <th scope="col">Description</th>
                <th scope="col">Members</th>
              </tr>
            </thead>
            <tbody>
              {teams.map((t) => (
                <tr key={t.id}>
                  <td>
                    <Link href={`/teams/${t.id}`}>{t.name}</Link>
                  </td>
                  <td>{t.description}</td>
                  <td>{t.memberCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
