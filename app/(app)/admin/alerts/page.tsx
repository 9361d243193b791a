import type { Metadata } from 'next';
import Link from 'next/link';
import { listAlerts } from '@/db/queries/alert-admin';
import { alertTitle } from '@/lib/alerts/rules';
import { requireAdminPage } from '@/app/_server/current-user';
import { AcknowledgeButton } from './acknowledge-button';
import { LocalTime } from '@/app/_components/local-time';

export const metadata: Metadata = { title: 'Security alerts' };


export default async function AlertsPage() {
  const actor = await requireAdminPage();
  const alerts = listAlerts(actor);
  const open = alerts.filter((a) => !a.acknowledgedAt);
  const done = alerts.filter((a) => a.acknowledgedAt);
  return (
    <>
      <h1>Security alerts</h1>
      <p className="muted">
        Raised from the audit log: 10 failed sign-ins for one account or 20 from one address within 15 minutes, 10 refused requests for other teams’ records by one
        person within 15 minutes, and any evidence that fails its integrity check.
      </p>
      <section aria-labelledby="open-heading">
        <h2 id="open-heading">Open ({open.length})</h2>
        {open.length === 0 ? <p className="muted">No open alerts.</p> : <AlertTable alerts={open} />}
      </section>
      {done.length > 0 && (
        <section aria-labelledby="acknowledged-heading">
          <h2 id="acknowledged-heading">Acknowledged</h2>
          <AlertTable alerts={done} />
        </section>
      )}
    </>
  );
}

function AlertTable({ alerts }: { alerts: ReturnType<typeof listAlerts> }) {
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">Alert</th>
            <th scope="col">About</th>
            <th scope="col">Events</th>
            <th scope="col">First / last</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <tr key={a.id}>
              <td>{alertTitle(a.kind)}</td>
              <td className="break">{a.subjectLabel}</td>
              <td>
                <Link href={`/admin/audit?alert=${a.id}`}>
                  {a.count} audit entr{a.count === 1 ? 'y' : 'ies'}
                </Link>
              </td>
              <td>
                <LocalTime value={a.firstAt} />
                <br />
                <LocalTime value={a.lastAt} />
              </td>
              <td>
                {a.acknowledgedAt ? (
                  <>
                    Acknowledged by {a.acknowledgedBy ?? 'a former admin'} on <LocalTime value={a.acknowledgedAt} />
                  </>
                ) : (
                  <AcknowledgeButton alertId={a.id} label={`${alertTitle(a.kind)} (${a.subjectLabel})`} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
