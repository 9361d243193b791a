import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { listAuditEntries } from '@/db/queries/audit';
import { actionLabel } from '@/lib/audit/describe';
import { requireAdminPage } from '@/app/_server/current-user';
import { AuditDetails } from './audit-details';
import { LocalTime } from '@/app/_components/local-time';

export const metadata: Metadata = { title: 'Audit log' };

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const FiltersSchema = z.object({
  actor: z.string().trim().max(254).optional().catch(undefined),
  action: z.string().max(80).optional().catch(undefined),
  target: z.string().max(80).optional().catch(undefined),
  from: date.optional().catch(undefined),
  to: date.optional().catch(undefined),
  alert: z.uuid().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireAdminPage();
  const raw = await searchParams;
  const filters = FiltersSchema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, (Array.isArray(v) ? v[0] : v) || undefined])));
  const page = filters.page ?? 1;
  const { rows, hasMore, actions } = listAuditEntries(actor, filters, page);
  const query = (p: number) => {
    const q = new URLSearchParams(Object.entries({ ...filters, page: String(p) }).filter(([, v]) => v !== undefined) as [string, string][]);
    return `/admin/audit?${q}`;
  };
  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">Append-only and hash-chained; `npm run audit:verify` checks the chain.</p>
      {filters.alert && (
        <p className="alert info">
          Showing the entries behind one security alert. <Link href="/admin/audit">Show all entries</Link>
        </p>
      )}
      <form key={JSON.stringify(filters)} method="get" className="card filters" aria-label="Filter the audit log">
        {filters.alert && <input type="hidden" name="alert" value={filters.alert} />}
        <div className="field">
          <label htmlFor="a-actor">Actor (email or id)</label>
          <input id="a-actor" name="actor" type="search" defaultValue={filters.actor ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="a-action">Action</label>
          <select id="a-action" name="action" defaultValue={filters.action ?? ''}>
            <option value="">Any action</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)} ({a})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="a-target">Target id</label>
          <input id="a-target" name="target" type="search" defaultValue={filters.target ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="a-from">From</label>
          <input id="a-from" name="from" type="date" defaultValue={filters.from ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="a-to">To</label>
          <input id="a-to" name="to" type="date" defaultValue={filters.to ?? ''} />
        </div>
        <button type="submit">Apply filters</button>
        <Link className="button secondary" href="/admin/audit">
          Clear
        </Link>
      </form>
      {rows.length === 0 ? (
        <p className="muted">No entries match.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="group" aria-label="Audit entries">
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When (UTC)</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Address</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id}>
                  <td>{e.id}</td>
                  <td>
                    <LocalTime value={e.at} />
                  </td>
                  <td className="wrap-anywhere">{e.described.actor}</td>
                  <td>
                    {e.described.action}
                    <br />
                    <code className="muted">{e.action}</code>
                  </td>
                  <td className="wrap-anywhere">{e.described.target ?? '—'}</td>
                  <td>{e.ip ?? '—'}</td>
                  <td>
                    <AuditDetails entry={e} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="row-actions">
        {page > 1 && <Link href={query(page - 1)}>Newer entries</Link>}
        {hasMore && <Link href={query(page + 1)}>Older entries</Link>}
      </p>
    </>
  );
}
