import type { Metadata } from 'next';
import Link from 'next/link';
import { ProbeBadge } from '@/app/_components/probe-badge';
import { getAssessment, parseProfile } from '@/db/queries/assessments';
import { listAssignees } from '@/db/queries/team-people';
import { listChecklistRows } from '@/db/queries/checklist';
import { itemStatuses } from '@/lib/domain/enums';
import { expireRiskAcceptances } from '@/db/queries/risk-acceptance';
import { requireUser } from '@/app/_server/current-user';
import { notApplicableReason } from '@/lib/catalog/applicability';
import { currentCatalog } from '@/lib/catalog/load';
import { computeReadiness } from '@/lib/checklist/readiness';
import { doneStatuses, statusLabels } from '@/lib/checklist/statuses';
import { orNotFound, todayIso } from '@/app/_server/page-helpers';
import { hasFilters, matchesReviewFilter, parseFilters, RESULTS_ANCHOR } from './checklist-filters';
import { ArchiveButton } from './archive-button';
import { LaunchPanel } from './launch-panel';
import { ReportPanel } from './report-panel';
import { listReportExports } from '@/db/queries/report';
import { launchState } from '@/db/queries/launch';
import { CategorySelect } from '@/app/_components/category-select';

export const metadata: Metadata = { title: 'Checklist' };

type Params = Promise<{ teamId: string; assessmentId: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ChecklistPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const actor = await requireUser();
  const { teamId, assessmentId } = await params;
  const { assessment, team, canEdit, canArchive } = orNotFound(() => getAssessment(actor, assessmentId, teamId));
  // An acceptance that ran out shows as expired the first time anyone looks, not at the next start.
  expireRiskAcceptances(todayIso(), { assessmentId });
  const filters = parseFilters(await searchParams);
  const catalog = currentCatalog();
  const rows = listChecklistRows(actor, assessmentId);
  const people = listAssignees(actor, assessmentId);
  const profile = parseProfile(assessment);
  const today = todayIso();

  const enriched = rows
    .filter((r) => !r.removedFromCatalogAt && catalog.itemsById.has(r.catalogItemId))
    .map((r) => {
      const item = catalog.itemsById.get(r.catalogItemId)!;
      const effectiveStatus = r.excludedByProfile ? ('not_applicable' as const) : r.status;
      const overdue = !r.excludedByProfile && !!r.dueDate && r.dueDate < today && !doneStatuses.includes(r.status);
      return { ...r, item, effectiveStatus, overdue };
    });
  const readiness = computeReadiness(enriched.map((r) => ({ category: r.item.category, status: r.status, excludedByProfile: r.excludedByProfile, removed: false })));
  const q = filters.q?.toLowerCase();
  const visible = enriched.filter(
    (r) =>
      (!filters.status || r.effectiveStatus === filters.status) &&
      (!filters.category || r.item.category === filters.category) &&
      (!filters.owner || (filters.owner === 'me' ? r.ownerId === actor.id : filters.owner === 'none' ? !r.ownerId : r.ownerId === filters.owner)) &&
      (!filters.overdue || r.overdue) &&
      matchesReviewFilter(r, filters.review) &&
      (!q || r.item.title.toLowerCase().includes(q) || r.item.id.includes(q)),
  );
  const overdueCount = enriched.filter((r) => r.overdue).length;
  const applicableRows = enriched.filter((r) => !r.excludedByProfile);
  const signedCount = applicableRows.filter((r) => r.signedOff).length;
  const staleCount = applicableRows.filter((r) => !r.signedOff && r.everSigned).length;
  const launch = launchState(actor, assessmentId, today);
  const upgradeAvailable = assessment.catalogVersion !== catalog.version;
  const base = `/teams/${teamId}/assessments/${assessmentId}`;

  return (
    <>
      <p>
        <Link href={`/teams/${teamId}`}>← {team.name}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{assessment.appName}</h1>
          <p className="muted">
            {assessment.baseUrl} · target launch {assessment.targetLaunchDate} · catalog {assessment.catalogVersion}
            {assessment.state === 'archived' && ' · archived'}
          </p>
        </div>
        <div className="row-actions">
          <Link className="button secondary" href={`${base}/probe`}>
            Probe
          </Link>
          {canEdit && (
            <Link className="button secondary" href={`${base}/settings`}>
              Settings and profile
            </Link>
          )}
          {canArchive && <ArchiveButton assessmentId={assessmentId} archived={assessment.state === 'archived'} />}
        </div>
      </div>
      {assessment.launchApprovedAt && (
        <div className="alert success" role="status">
          Approved for launch by {launch.approvedBy ?? 'a former reviewer'} on {assessment.launchApprovedAt.toISOString().slice(0, 10)}. The assessment is read-only until it is reopened.
        </div>
      )}
      {assessment.state === 'archived' && <div className="alert info">This assessment is archived and read-only. Restore it to work on it again.</div>}
      {upgradeAvailable && (
        <div className="alert info">
          Catalog {catalog.version} is available (this assessment follows {assessment.catalogVersion}).{' '}
          {canEdit && assessment.state === 'active' && <Link href={`${base}/upgrade`}>Preview the upgrade</Link>}
        </div>
      )}

      <section aria-labelledby="progress-heading" className="card">
        <h2 id="progress-heading">Readiness</h2>
        <div className="stats">
          <div className="stat">
            <strong>{readiness.overall.percent} %</strong> ready
          </div>
          <div className="stat">
            <strong>
              {readiness.overall.done} / {readiness.overall.applicable}
            </strong>{' '}
            applicable items met or not applicable
          </div>
          <div className="stat">
            <strong>
              {signedCount} / {applicableRows.length}
            </strong>{' '}
            signed off{staleCount > 0 && ` (${staleCount} stale)`}
          </div>
          <div className="stat">
            <strong>{readiness.overall.excluded}</strong> excluded by the profile
          </div>
          <div className="stat">
            <strong>{overdueCount}</strong> overdue
          </div>
        </div>
        <meter min={0} max={100} value={readiness.overall.percent} aria-label="Overall readiness" />
      </section>

      <LaunchPanel assessmentId={assessmentId} launch={launch} />
      <ReportPanel assessmentId={assessmentId} exports={listReportExports(actor, assessmentId)} />

      {/* Keyed by the filters so "Clear filters" (a client-side navigation) also resets the fields. */}
      <form key={JSON.stringify(filters)} method="get" action={`${base}#${RESULTS_ANCHOR}`} className="card filters" aria-label="Filter items">
        <div className="field">
          <label htmlFor="f-q">Search</label>
          <input id="f-q" name="q" type="search" defaultValue={filters.q ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="f-status">Status</label>
          <select id="f-status" name="status" defaultValue={filters.status ?? ''}>
            <option value="">Any status</option>
            {itemStatuses.map((s) => (
              <option key={s} value={s}>
                {statusLabels[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-owner">Owner</label>
          <select id="f-owner" name="owner" defaultValue={filters.owner ?? ''}>
            <option value="">Anyone</option>
            <option value="me">Assigned to me</option>
            <option value="none">Nobody</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <CategorySelect id="f-category" value={filters.category} />
        <div className="field">
          <label htmlFor="f-review">Sign-off</label>
          <select id="f-review" name="review" defaultValue={filters.review ?? ''}>
            <option value="">Any</option>
            <option value="waiting">Waiting for review</option>
            <option value="stale">Stale sign-off</option>
            <option value="signed">Signed off</option>
          </select>
        </div>
        <div className="checkbox">
          <input id="f-overdue" type="checkbox" name="overdue" value="1" defaultChecked={!!filters.overdue} />
          <label htmlFor="f-overdue">Overdue only</label>
        </div>
        <button type="submit">Apply filters</button>
        {hasFilters(filters) && (
          <Link href={`${base}#${RESULTS_ANCHOR}`} className="button secondary">
            Clear filters
          </Link>
        )}
      </form>

      <div id={RESULTS_ANCHOR} tabIndex={-1}>
        {hasFilters(filters) && (
          <p role="status">
            Showing {visible.length} of {enriched.length} items.
          </p>
        )}
      </div>

      {catalog.categories.map((category) => {
        const items = visible.filter((r) => r.item.category === category.slug);
        if (items.length === 0) return null;
        const progress = readiness.byCategory.get(category.slug);
        return (
          <section key={category.slug} className="category-block" aria-labelledby={`cat-${category.slug}`}>
            <h2 id={`cat-${category.slug}`}>
              <span>{category.title}</span>
              {progress && (
                <span className="progress-row">
                  {progress.applicable > 0 && <meter min={0} max={100} value={progress.percent} aria-label={`${category.title} progress`} />}
                  <span className="muted">{progress.applicable === 0 ? 'none apply' : `${progress.done} of ${progress.applicable} done · ${progress.percent} %`}</span>
                </span>
              )}
            </h2>
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Item</th>
                    <th scope="col">Status</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Due</th>
                    <th scope="col">Evidence</th>
                    <th scope="col">Sign-off</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <Link href={`${base}/items/${r.catalogItemId}`}>{r.item.title}</Link>
                        {r.excludedByProfile && <div className="na-reason">{notApplicableReason(r.item, profile, catalog.profileQuestions)}</div>}
                        {r.catalogNote && <div className="na-reason">{r.catalogNote}</div>}
                      </td>
                      <td>
                        <span className={`status status-${r.effectiveStatus}`}>{statusLabels[r.effectiveStatus]}</span>
                        {r.riskAcceptanceExpiredOn && <div className="overdue">Risk acceptance ran out after {r.riskAcceptanceExpiredOn}</div>}
                      </td>
                      <td>{r.ownerName ?? <span className="muted">—</span>}</td>
                      <td className={r.overdue ? 'overdue' : undefined}>
                        {r.dueDate ?? <span className="muted">—</span>}
                        {r.overdue && ' (overdue)'}
                      </td>
                      <td>
                        {r.evidenceCount}
                        {r.expiredEvidenceCount > 0 && <span className="overdue"> ({r.expiredEvidenceCount} expired)</span>}
                        {r.probeOutcome && (
                          <div>
                            <ProbeBadge outcome={r.probeOutcome} at={r.probedAt} />
                          </div>
                        )}
                      </td>
                      <td>
                        {r.excludedByProfile ? (
                          <span className="muted">—</span>
                        ) : r.signedOff ? (
                          <span className="badge signoff-badge">✓ Signed</span>
                        ) : r.everSigned ? (
                          <span className="badge stale-badge">⚠ Stale</span>
                        ) : (
                          <span className="badge unsigned-badge">Not signed</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
      {visible.length === 0 && <p className="muted">No items match these filters.</p>}
    </>
  );
}
