import type { Metadata } from 'next';
import Link from 'next/link';
import { BarChart, LineChart } from '@/app/_components/charts';
import { teamDashboard } from '@/db/queries/dashboard';
import { getTeam } from '@/db/queries/teams';
import { requireUser } from '@/app/_server/current-user';
import { currentCatalog } from '@/lib/catalog/load';
import { percentOf } from '@/lib/checklist/readiness';
import { orNotFound, todayIso } from '@/app/_server/page-helpers';

export const metadata: Metadata = { title: 'Team dashboard' };

export default async function TeamDashboardPage({ params }: { params: Promise<{ teamId: string }> }) {
  const actor = await requireUser();
  const { teamId } = await params;
  const { team } = orNotFound(() => getTeam(actor, teamId));
  const today = todayIso();
  const data = teamDashboard(actor, teamId, today);
  const catalog = currentCatalog();
  const base = `/teams/${teamId}`;
  return (
    <>
      <p>
        <Link href={base}>← {team.name}</Link>
      </p>
      <h1>{team.name} dashboard</h1>
      {data.stats.length === 0 && <p className="muted">No active assessments yet.</p>}
      {data.stats.map((s) => {
        const categories = catalog.categories
          .map((c) => ({ c, row: data.categories.find((r) => r.assessmentId === s.id && r.category === c.slug) }))
          .filter(({ row }) => row && row.applicable > 0);
        return (
          <section key={s.id} className="card" aria-labelledby={`dash-${s.id}`}>
            <h2 id={`dash-${s.id}`}>
              <Link href={`${base}/assessments/${s.id}`}>{s.appName}</Link>
              {s.launchApproved && <span className="badge signoff-badge"> Approved for launch</span>}
            </h2>
            <dl className="stats" aria-label={`${s.appName} figures`}>
              <div className="stat">
                <dt>Readiness</dt>
                <dd>
                  <strong>{percentOf(s.done, s.applicable)} %</strong> ({s.done} of {s.applicable})
                </dd>
              </div>
              <div className="stat">
                <dt>Met</dt>
                <dd>
                  <strong>{percentOf(s.met, s.applicable)} %</strong> ({s.met} of {s.applicable})
                </dd>
              </div>
              <div className="stat">
                <dt>Signed off</dt>
                <dd>
                  <strong>{percentOf(s.signed, s.applicable)} %</strong> ({s.signed} of {s.applicable})
                </dd>
              </div>
              <div className="stat">
                <dt>Overdue items</dt>
                <dd>
                  <strong>{s.overdue}</strong>
                </dd>
              </div>
              <div className="stat">
                <dt>Waiting for review</dt>
                <dd>
                  <strong>{s.waitingReview}</strong>
                </dd>
              </div>
              <div className="stat">
                <dt>Evidence expiring in 30 days</dt>
                <dd>
                  <strong>{s.expiringEvidence}</strong>
                </dd>
              </div>
            </dl>
            <BarChart
              id={`cat-${s.id}`}
              title={`${s.appName}: readiness by category`}
              bars={categories.map(({ c, row }) => ({ label: c.title, percent: percentOf(row!.done, row!.applicable), detail: `${row!.done} of ${row!.applicable} done, ${row!.signed} signed` }))}
            />
            <LineChart id={`hist-${s.id}`} title={`${s.appName}: readiness over time`} points={data.history.get(s.id) ?? []} />
          </section>
        );
      })}
      <div className="dash-grid">
        <section className="card" aria-labelledby="overdue-heading">
          <h2 id="overdue-heading">Overdue items ({data.overdue.length})</h2>
          {data.overdue.length === 0 ? (
            <p className="muted">Nothing overdue.</p>
          ) : (
            <ul className="plain-list">
              {data.overdue.map((o) => (
                <li key={`${o.assessmentId}-${o.catalogItemId}`}>
                  <Link href={`${base}/assessments/${o.assessmentId}/items/${o.catalogItemId}`}>{o.title}</Link> · {o.appName} · due {o.dueDate} · {o.owner ?? 'no owner'}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="expiring-heading">
          <h2 id="expiring-heading">Evidence expiring within 30 days ({data.expiring.length})</h2>
          {data.expiring.length === 0 ? (
            <p className="muted">No evidence expires soon.</p>
          ) : (
            <ul className="plain-list">
              {data.expiring.map((e, i) => (
                <li key={i}>
                  {e.name} · <Link href={`${base}/assessments/${e.assessmentId}/items/${e.catalogItemId}`}>{e.title}</Link> · valid until {e.validUntil}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="waiting-heading">
          <h2 id="waiting-heading">Waiting for review ({data.stats.reduce((n, s) => n + s.waitingReview, 0)})</h2>
          {data.reviewsForTeam ? (
            <p>
              <Link href={`/reviews?teamId=${teamId}`}>Open the review queue for this team</Link>
            </p>
          ) : data.stats.some((st) => st.waitingReview > 0) ? (
            // Only reviewers have a queue; everyone else sees which of the team's items wait, in their checklist.
            <ul className="plain-list">
              {data.stats
                .filter((st) => st.waitingReview > 0)
                .map((st) => (
                  <li key={st.id}>
                    <Link href={`${base}/assessments/${st.id}?review=waiting#items`}>
                      {st.appName}: {st.waitingReview} item{st.waitingReview === 1 ? '' : 's'} waiting for a reviewer
                    </Link>
                  </li>
                ))}
            </ul>
          ) : (
            <p className="muted">Nothing is waiting for a reviewer.</p>
          )}
        </section>
        <section className="card" aria-labelledby="plans-due-heading">
          <h2 id="plans-due-heading">Plans due for review ({data.plans.length})</h2>
          {data.plans.length === 0 ? (
            <p className="muted">No plan is due for review in the next 30 days.</p>
          ) : (
            <ul className="plain-list">
              {data.plans.map((p) => (
                <li key={p.id}>
                  <Link href={`${base}/plans/${p.id}`}>{p.title}</Link> · {p.nextReviewDate ? `review ${p.overdue ? 'was due' : 'due'} ${p.nextReviewDate}` : 'no review date set'}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
