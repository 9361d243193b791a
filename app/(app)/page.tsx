import { administers } from '@/lib/permissions';
import type { Metadata } from 'next';
import Link from 'next/link';
import { listTeams } from '@/db/queries/teams';
import { requireUser } from '@/app/_server/current-user';
import { currentCatalog } from '@/lib/catalog/load';

export const metadata: Metadata = { title: 'Home' };

export default async function HomePage() {
  const actor = await requireUser();
  const teams = listTeams(actor);
  const catalog = currentCatalog();
  return (
    <>
      <h1>Welcome, {actor.name}</h1>
      <section aria-labelledby="teams-heading">
        <h2 id="teams-heading">{administers(actor) ? 'All teams' : 'Your teams'}</h2>
        {teams.length === 0 ? (
          <p className="muted">
            {administers(actor) ? (
              <>
                No teams yet. <Link href="/admin/teams">Create the first team</Link>.
              </>
            ) : (
              'You are not on any team yet. Ask an admin to add you.'
            )}
          </p>
        ) : (
          <div className="table-scroll">
            <table>
              <caption className="muted">
                {teams.length} team{teams.length === 1 ? '' : 's'}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Team</th>
                  <th scope="col">Your role</th>
                  <th scope="col">Members</th>
                </tr>
              </thead>
              <tbody>
                {teams.map((t) => (
                  <tr key={t.id}>
                    <td>
                      <Link href={`/teams/${t.id}`}>{t.name}</Link>
                    </td>
                    <td>{t.myRole ?? (administers(actor) ? 'admin' : '')}</td>
                    <td>{t.memberCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="catalog-heading">
        <h2 id="catalog-heading">The checklist</h2>
        <p>
          Catalog {catalog.version}: {catalog.items.length} items in {catalog.categories.length} categories.{' '}
          <Link href="/catalog">Browse the catalog</Link>.
        </p>
      </section>
    </>
  );
}
