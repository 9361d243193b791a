import type { Metadata } from 'next';
import Link from 'next/link';
import { listTeams } from '@/db/queries/teams';
import { requireUser } from '@/lib/auth/current-user';

export const metadata: Metadata = { title: 'Your account' };

export default async function AccountPage() {
  const actor = await requireUser();
  const teams = listTeams({ ...actor, isAdmin: false });
  return (
    <>
      <h1>Your account</h1>
      <div className="card">
        <dl>
          <dt>Name</dt>
          <dd>{actor.name}</dd>
          <dt>Email</dt>
          <dd>{actor.email}</dd>
          <dt>Instance role</dt>
          <dd>{actor.isAdmin ? 'Admin' : 'User'}</dd>
          <dt>Teams</dt>
          <dd>
            {teams.length === 0
              ? 'None'
              : teams.map((t, i) => (
                  <span key={t.id}>
                    {i > 0 && ', '}
                    <Link href={`/teams/${t.id}`}>{t.name}</Link> ({t.myRole})
                  </span>
                ))}
          </dd>
        </dl>
        <p className="muted">To change your password, ask an admin for a one-time link.</p>
      </div>
    </>
  );
}
