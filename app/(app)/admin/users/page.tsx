import type { Metadata } from 'next';
import { listTeams } from '@/db/queries/teams';
import { listUsers } from '@/db/queries/users';
import { factorSummaries, type FactorSummary } from '@/db/queries/mfa';
import { requireAdminPage } from '@/app/_server/current-user';
import { CreateUserForm } from './create-user-form';
import { UserRowActions } from './user-row-actions';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const actor = await requireAdminPage();
  const users = listUsers(actor);
  const teams = listTeams(actor).map((t) => ({ id: t.id, name: t.name }));
  const factors = factorSummaries(actor);
  return (
    <>
      <h1>Users</h1>
      <CreateUserForm teams={teams} />
      <h2>All users ({users.length})</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Status</th>
              <th scope="col">Sign-in factors</th>
              <th scope="col">Teams</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  {u.name} {u.isAdmin && <span className="badge">admin</span>}
                </td>
                <td>{u.email}</td>
                <td>{u.disabledAt ? 'Disabled' : u.hasPassword ? 'Active' : 'Waiting for password'}</td>
                <td>{factorText(factors.get(u.id))}</td>
                <td>{u.teamCount}</td>
                <td>
                  <UserRowActions userId={u.id} name={u.name} disabled={!!u.disabledAt} isAdmin={u.isAdmin} isSelf={u.id === actor.id} hasFactor={Boolean(factors.get(u.id)?.hasFactor)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function factorText(f: FactorSummary | undefined): string {
  if (!f?.hasFactor) return 'Password only';
  const parts = [f.totp ? 'Authenticator app' : null, f.passkeys ? `${f.passkeys} passkey${f.passkeys === 1 ? '' : 's'}` : null].filter(Boolean);
  return `${parts.join(', ')}; ${f.recoveryCodesLeft} recovery codes`;
}
