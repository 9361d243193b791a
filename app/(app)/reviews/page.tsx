import type { Metadata } from 'next';
import Link from 'next/link';
import { listReviewQueue } from '@/db/queries/review-queue';
import { expireRiskAcceptances } from '@/db/queries/risk-acceptance';
import { requireUser } from '@/app/_server/current-user';
import { todayIso } from '@/app/_server/page-helpers';
import { currentCatalog } from '@/lib/catalog/load';
import { statusLabels } from '@/lib/checklist/statuses';
import { parseQueueFilters } from './queue-filters';
import { CategorySelect } from '@/app/_components/category-select';

export const metadata: Metadata = { title: 'Review queue' };

function waited(hours: number): string {
  if (hours < 1) return 'under an hour';
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}

export default async function ReviewQueuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireUser();
  // The queue must not offer a sign-off for an acceptance that already ran out.
  expireRiskAcceptances(todayIso());
  const filters = parseQueueFilters(await searchParams);
  const catalog = currentCatalog();
  const queue = listReviewQueue(actor, filters);
  const filtered = Boolean(filters.teamId || filters.assessmentId || filters.category);

  return (
    <>
      <h1>Review queue</h1>
      <p className="muted">Items that claim a status and have no sign-off in force, longest waiting first, across every team you review.</p>
      {queue.teams.length === 0 ? (
        <p className="alert info">You are not a reviewer on any team. An admin can add you to a team as a reviewer.</p>
      ) : (
        <form method="get" className="card filters" aria-label="Filter the queue" key={JSON.stringify(filters)}>
          <div className="field">
            <label htmlFor="q-team">Team</label>
            <select id="q-team" name="teamId" defaultValue={filters.teamId ?? ''}>
              <option value="">All teams</option>
              {queue.teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="q-assessment">Assessment</label>
            <select id="q-assessment" name="assessmentId" defaultValue={filters.assessmentId ?? ''}>
              <option value="">All assessments</option>
              {queue.assessments.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.appName}
                </option>
              ))}
            </select>
          </div>
          <CategorySelect id="q-category" value={filters.category} />
          <button type="submit">Apply filters</button>
          {filtered && (
            <Link href="/reviews" className="button secondary">
              Clear filters
            </Link>
          )}
        </form>
      )}
      <p role="status">
        {queue.items.length === 0 ? 'Nothing is waiting for review.' : `${queue.items.length}${queue.truncated ? '+' : ''} item${queue.items.length === 1 ? '' : 's'} waiting for review.`}
      </p>
      {queue.items.length > 0 && (
        <div className="table-scroll">
          <table>
            <caption className="sr-only">Items waiting for review, longest waiting first</caption>
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">Assessment</th>
                <th scope="col">Status</th>
                <th scope="col">Evidence</th>
                <th scope="col">Waiting</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {queue.items.map((q) => (
                <tr key={q.itemId}>
                  <td>
                    <Link href={`/teams/${q.teamId}/assessments/${q.assessmentId}/items/${q.catalogItemId}`}>{q.title}</Link>
                    <div className="muted">{catalog.categories.find((c) => c.slug === q.category)?.title}</div>
                  </td>
                  <td>
                    {q.appName} <span className="muted">({q.teamName})</span>
                  </td>
                  <td>
                    <span className={`status status-${q.status}`}>{statusLabels[q.status]}</span>
                  </td>
                  <td>{q.evidenceCount === 0 ? <span className="badge stale-badge">None{q.status === 'met' ? ': reason given' : ''}</span> : q.evidenceCount}</td>
                  <td>{waited(q.waitingHours)}</td>
                  <td>
                    {q.stale && <span className="badge stale-badge">⚠ Stale sign-off</span>} {q.conflict && <span className="muted">You can’t sign this one: {q.conflict}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
