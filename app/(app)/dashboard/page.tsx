import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { BarChart } from '@/app/_components/charts';
import { orgDashboard, type AssessmentStats } from '@/db/queries/dashboard';
import { requireUser } from '@/app/_server/current-user';
import { percentOf } from '@/lib/checklist/readiness';
import { ForbiddenError } from '@/lib/errors';
import { todayIso } from '@/app/_server/page-helpers';
import { compareBy, parseDashboardQuery, type DashboardQuery } from './sorting';

export const metadata: Metadata = { title: 'Organisation dashboard' };

const PAGE_SIZE = 50;

// Percentages are null for a team without applicable items: "—", sorted below every real figure.
type TeamRow = { id: string; name: string; assessments: number; applicable: number; done: number; signed: number; overdue: number; waiting: number; expiring: number; readiness: number | null; signedPercent: number | null };

function sortLink(query: DashboardQuery, table: 't' | 'a', key: string, label: string) {
  const current = table === 't' ? query.tsort : query.asort;
  const dir = table === 't' ? query.tdir : query.adir;
  const nextDir = current === key && dir === 'asc' ? 'desc' : 'asc';
  const params = new URLSearchParams({ tsort: query.tsort, tdir: query.tdir, asort: query.asort, adir: query.adir, [`${table}sort`]: key, [`${table}dir`]: nextDir });
  if (table === 't') params.set('page', String(query.page));
  const ariaSort = current === key ? (dir === 'asc' ? 'ascending' : 'descending') : undefined;
  return (
    <th scope="col" aria-sort={ariaSort}>
      <Link className="sort" href={`/dashboard?${params}`}>
        {label}
        {current === key ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </Link>
    </th>
  );
}

export default async function OrgDashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireUser();
  const query = parseDashboardQuery(await searchParams);
  let data: ReturnType<typeof orgDashboard>;
  try {
    data = orgDashboard(actor, todayIso());
  } catch (e) {
    if (e instanceof ForbiddenError) notFound();
    throw e;
  }
  const { scope, stats, plans } = data;
  const teamRows: TeamRow[] = data.teams.map((t) => {
    const mine = stats.filter((s) => s.teamId === t.id);
    const sum = (f: (s: AssessmentStats) => number) => mine.reduce((n, s) => n + f(s), 0);
    const applicable = sum((s) => s.applicable);
    const done = sum((s) => s.done);
    const signed = sum((s) => s.signed);
    return { id: t.id, name: t.name, assessments: mine.length, applicable, done, signed, overdue: sum((s) => s.overdue), waiting: sum((s) => s.waitingReview), expiring: sum((s) => s.expiringEvidence), readiness: applicable ? percentOf(done, applicable) : null, signedPercent: applicable ? percentOf(signed, applicable) : null };
  });
  const teamKey: Record<DashboardQuery['tsort'], (r: TeamRow) => string | number> = {
    name: (r) => r.name,
    assessments: (r) => r.assessments,
    readiness: (r) => r.readiness ?? -1,
    signed: (r) => r.signedPercent ?? -1,
    overdue: (r) => r.overdue,
    waiting: (r) => r.waiting,
    expiring: (r) => r.expiring,
  };
  teamRows.sort(compareBy(teamKey[query.tsort], query.tdir));
  const assessmentKey: Record<DashboardQuery['asort'], (r: AssessmentStats) => string | number> = {
    app: (r) => r.appName,
    team: (r) => r.teamName,
    readiness: (r) => percentOf(r.done, r.applicable),
    signed: (r) => percentOf(r.signed, r.applicable),
    overdue: (r) => r.overdue,
    waiting: (r) => r.waitingReview,
    launch: (r) => r.targetLaunchDate,
  };
  const sorted = [...stats].sort(compareBy(assessmentKey[query.asort], query.adir));
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const shown = sorted.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const pageLink = (p: number) => `/dashboard?${new URLSearchParams({ tsort: query.tsort, tdir: query.tdir, asort: query.asort, adir: query.adir, page: String(p) })}`;
  const totals = { applicable: stats.reduce((n, s) => n + s.applicable, 0), done: stats.reduce((n, s) => n + s.done, 0), signed: stats.reduce((n, s) => n + s.signed, 0) };

  return (
    <>
      <h1>Organisation dashboard</h1>
      <p className="muted">
        {scope ? 'Teams you review' : 'Every team'}: {teamRows.length} team{teamRows.length === 1 ? '' : 's'}, {stats.length} active assessment{stats.length === 1 ? '' : 's'}, readiness {percentOf(totals.done, totals.applicable)} %, signed off{' '}
        {percentOf(totals.signed, totals.applicable)} %.
      </p>
      <section className="card" aria-labelledby="teams-heading">
        <h2 id="teams-heading">Teams</h2>
        <BarChart id="team-readiness" title="Readiness by team" bars={teamRows.map((t) => ({ label: t.name, percent: t.readiness, detail: t.applicable ? `${t.done} of ${t.applicable} done, ${t.signedPercent} % signed` : 'no active assessments' }))} />
        <div className="table-scroll">
          <table>
            <caption className="sr-only">Teams, sortable</caption>
            <thead>
              <tr>
                {sortLink(query, 't', 'name', 'Team')}
                {sortLink(query, 't', 'assessments', 'Assessments')}
                {sortLink(query, 't', 'readiness', 'Readiness')}
                {sortLink(query, 't', 'signed', 'Signed off')}
                {sortLink(query, 't', 'overdue', 'Overdue')}
                {sortLink(query, 't', 'waiting', 'Waiting for review')}
                {sortLink(query, 't', 'expiring', 'Expiring evidence')}
              </tr>
            </thead>
            <tbody>
              {teamRows.map((t) => (
                <tr key={t.id}>
                  <td>
                    <Link href={`/teams/${t.id}/dashboard`}>{t.name}</Link>
                  </td>
                  <td>{t.assessments}</td>
                  <td>{t.readiness === null ? '—' : `${t.readiness} %`}</td>
                  <td>{t.signedPercent === null ? '—' : `${t.signedPercent} %`}</td>
                  <td>{t.overdue}</td>
                  <td>{t.waiting}</td>
                  <td>{t.expiring}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="assessments-heading">
        <h2 id="assessments-heading">Assessments</h2>
        <div className="table-scroll">
          <table>
            <caption className="sr-only">Active assessments, sortable, page {page} of {pages}</caption>
            <thead>
              <tr>
                {sortLink(query, 'a', 'app', 'App')}
                {sortLink(query, 'a', 'team', 'Team')}
                {sortLink(query, 'a', 'readiness', 'Readiness')}
                {sortLink(query, 'a', 'signed', 'Signed off')}
                {sortLink(query, 'a', 'overdue', 'Overdue')}
                {sortLink(query, 'a', 'waiting', 'Waiting for review')}
                {sortLink(query, 'a', 'launch', 'Target launch')}
              </tr>
            </thead>
            <tbody>
              {shown.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link href={`/teams/${s.teamId}/assessments/${s.id}`}>{s.appName}</Link>
                    {s.launchApproved && <span className="badge signoff-badge"> approved</span>}
                  </td>
                  <td>{s.teamName}</td>
                  <td>
                    {percentOf(s.done, s.applicable)} % ({s.done}/{s.applicable})
                  </td>
                  <td>{percentOf(s.signed, s.applicable)} %</td>
                  <td>{s.overdue}</td>
                  <td>{s.waitingReview}</td>
                  <td>{s.targetLaunchDate}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {pages > 1 && (
          <nav aria-label="Assessment pages" className="row-actions">
            {page > 1 && <Link href={pageLink(page - 1)}>Previous page</Link>}
            <span>
              Page {page} of {pages}
            </span>
            {page < pages && <Link href={pageLink(page + 1)}>Next page</Link>}
          </nav>
        )}
      </section>
      <section className="card" aria-labelledby="org-plans-heading">
        <h2 id="org-plans-heading">Plans due for review ({plans.length})</h2>
        {plans.length === 0 ? (
          <p className="muted">No plan is due for review in the next 30 days.</p>
        ) : (
          <ul className="plain-list">
            {plans.map((p) => (
              <li key={p.id}>
                <Link href={`/teams/${p.teamId}/plans/${p.id}`}>{p.title}</Link> · {p.teamName} · {p.nextReviewDate ? `review ${p.overdue ? 'was due' : 'due'} ${p.nextReviewDate}` : 'no review date set'}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
