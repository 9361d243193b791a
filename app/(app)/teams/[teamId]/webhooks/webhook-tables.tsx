import { LocalTime } from '@/app/_components/local-time';
import type { WebhookDeliveryView, WebhookView } from '@/db/queries/webhooks';
import { WebhookRowActions } from './webhook-row-actions';

// The list and the delivery log, shared by the team page and the admin page. Everything a receiver or a person
// typed (URLs, error text from the receiver) is rendered as text.

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const STATE_LABELS: Record<WebhookDeliveryView['state'], string> = { pending: 'Waiting to retry', delivered: 'Delivered', failed: 'Failed', refused: 'Refused' };

export function WebhookList({ teamId, webhooks }: { teamId: string | null; webhooks: WebhookView[] }) {
  return (
    <section aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Webhooks ({webhooks.length})</h2>
      {webhooks.length === 0 ? (
        <p className="muted">No webhooks yet.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Payload URL</th>
                <th scope="col">Events</th>
                <th scope="col">Added</th>
                <th scope="col">State</th>
                <th scope="col">Manage</th>
              </tr>
            </thead>
            <tbody>
              {webhooks.map((w) => (
                <tr key={w.id}>
                  <td className="wrap-anywhere">{w.url}</td>
                  <td>
                    {w.events.map((e) => (
                      <code key={e} className="badge">
                        {e}
                      </code>
                    ))}
                  </td>
                  <td>
                    <LocalTime value={w.createdAt} />
                    {w.createdByName && <> by {w.createdByName}</>}
                  </td>
                  <td>{w.disabledAt ? 'Disabled' : 'Active'}</td>
                  <td>
                    <WebhookRowActions teamId={teamId} webhookId={w.id} host={hostOf(w.url)} disabled={w.disabledAt !== null} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function DeliveryLog({ deliveries }: { deliveries: WebhookDeliveryView[] }) {
  return (
    <section aria-labelledby="deliveries-heading">
      <h2 id="deliveries-heading">Delivery log</h2>
      <p className="muted">The latest 50 deliveries. A failed attempt is retried after 30 seconds, 2 minutes, 10 minutes, 1 hour and 6 hours, then given up.</p>
      {deliveries.length === 0 ? (
        <p className="muted">Nothing delivered yet.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Event</th>
                <th scope="col">To</th>
                <th scope="col">State</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last answer</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id}>
                  <td>
                    <LocalTime value={d.createdAt} />
                  </td>
                  <td>
                    <code>{d.event}</code>
                  </td>
                  <td className="wrap-anywhere">{hostOf(d.webhookUrl)}</td>
                  <td>
                    {STATE_LABELS[d.state]}
                    {d.nextAttemptAt && d.attempts > 0 && (
                      <>
                        {' '}
                        (next <LocalTime value={d.nextAttemptAt} />)
                      </>
                    )}
                    {d.state === 'pending' && d.attempts === 0 && ' (sending)'}
                  </td>
                  <td>{d.attempts}</td>
                  <td className="wrap-anywhere">{[d.lastStatus !== null && d.state === 'delivered' ? `HTTP ${d.lastStatus}` : null, d.lastError].filter(Boolean).join(' — ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
