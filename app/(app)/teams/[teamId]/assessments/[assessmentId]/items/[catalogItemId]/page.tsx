import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Markdown } from '@/app/_components/markdown';
import { getAssessment, parseProfile } from '@/db/queries/assessments';
import { getChecklistItem } from '@/db/queries/item-page';
import { nextReviewFor } from '@/db/queries/review-queue';
import { expireRiskAcceptances } from '@/db/queries/risk-acceptance';
import { isReviewable } from '@/lib/review/four-eyes';
import { itemValues } from '@/db/queries/items';
import { requireUser } from '@/app/_server/current-user';
import { describeAppliesWhen, notApplicableReason } from '@/lib/catalog/applicability';
import { currentCatalog } from '@/lib/catalog/load';
import { statusLabels } from '@/lib/checklist/statuses';
import { orNotFound, todayIso } from '@/app/_server/page-helpers';
import { EvidencePanel } from './evidence-panel';
import { ItemForm } from './item-form';
import { ReviewPanel } from './review-panel';
import { LocalTime } from '@/app/_components/local-time';
import { ProbeBadge } from '@/app/_components/probe-badge';
import { parseProbeEvidence } from '@/lib/probe/evidence-view';

export const metadata: Metadata = { title: 'Checklist item' };

export default async function ItemPage({ params }: { params: Promise<{ teamId: string; assessmentId: string; catalogItemId: string }> }) {
  const actor = await requireUser();
  const { teamId, assessmentId, catalogItemId } = await params;
  const catalog = currentCatalog();
  const catalogItem = catalog.itemsById.get(catalogItemId);
  if (!catalogItem) notFound();
  // Checked first: only someone who may see the item triggers the lazy expiry of its risk acceptance.
  orNotFound(() => getAssessment(actor, assessmentId, teamId));
  // An acceptance that ran out shows as expired the first time anyone looks, not at the next start.
  expireRiskAcceptances(todayIso(), { assessmentId });
  const data = orNotFound(() => getChecklistItem(actor, assessmentId, catalogItemId, teamId));
  const { assessment, item, history, people, riskAcceptors, evidence, canEdit, updatedBy, review, attachablePlans } = data;
  const currentEvidence = evidence.filter((e) => !e.deletedAt && !e.replacedAt).length;
  const probeEvidence = evidence.find((e) => e.kind === 'probe' && !e.deletedAt && !e.replacedAt) ?? null;
  const locked = assessment.launchApprovedAt
    ? 'This assessment is approved for launch and read-only. Reopen it from the checklist to change anything.'
    : assessment.state === 'archived'
      ? 'This assessment is archived.'
      : null;
  const values = itemValues(item);
  const profile = parseProfile(assessment);
  const effectiveStatus = item.excludedByProfile ? 'not_applicable' : item.status;
  const category = catalog.categories.find((c) => c.slug === catalogItem.category);
  const base = `/teams/${teamId}/assessments/${assessmentId}`;
  const next = review.isReviewer ? nextReviewFor(actor, { assessmentId, catalogItemId }) : null;
  const reviewPanel =
    !item.excludedByProfile && !item.removedFromCatalogAt ? (
      <ReviewPanel state={review} reviewable={isReviewable(item.status)} locked={locked} assessmentId={assessmentId} catalogItemId={catalogItemId} nextInQueue={next} />
    ) : null;
  // A reviewer who decides reads the answer and the evidence first; everyone else sees the review state on top.
  const reviewerDecides = review.canReview && !locked;

  return (
    <>
      <p>
        <Link href={base}>← {assessment.appName} checklist</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{catalogItem.title}</h1>
          <p className="muted">
            {category?.title} · <span className={`badge ${catalogItem.severity}`}>{catalogItem.severity} severity</span> · {catalogItem.seedRef ? `source ${catalogItem.seedRef}` : 'added by Preflight'} ·{' '}
            <span className={`status status-${effectiveStatus}`}>{statusLabels[effectiveStatus]}</span>
            {probeEvidence && (
              <>
                {' '}
                · <ProbeBadge outcome={probeEvidence.probeOutcome} at={probeEvidence.createdAt} />
              </>
            )}
          </p>
        </div>
      </div>
      {item.catalogNote && <div className="alert info">{item.catalogNote}</div>}
      {item.riskAcceptanceExpiredOn && (
        <div className="alert warning" role="status">
          The risk acceptance ran out after {item.riskAcceptanceExpiredOn}, so this item is not met again. Accept the risk anew with a new date, or plan to close the
          gap.
        </div>
      )}
      {locked && <div className="alert info">{locked}</div>}
      <div className="two-col item-layout">
        <div className="item-main">
          {!reviewerDecides && reviewPanel}
          {item.excludedByProfile ? (
            <div className="card">
              <h2>Not applicable by profile</h2>
              <p>{notApplicableReason(catalogItem, profile, catalog.profileQuestions)}</p>
              {canEdit && <Link href={`${base}/settings`}>Change the profile</Link>}
            </div>
          ) : canEdit ? (
            <ItemForm
              assessmentId={assessmentId}
              catalogItemId={catalogItemId}
              version={item.version}
              values={values}
              people={people}
              riskAcceptors={riskAcceptors}
              evidenceCount={currentEvidence}
              criteria={catalogItem.acceptanceCriteria}
            />
          ) : (
            <div className="card">
              <h2>Answer</h2>
              <p>
                Owner: {people.find((p) => p.id === item.ownerId)?.name ?? '—'} · Due: {item.dueDate ?? '—'}
              </p>
              {item.justification && <p>Justification: {item.justification}</p>}
              {item.gapText && (
                <p>
                  {item.gapResponse === 'risk_acceptance' ? 'Risk acceptance' : 'Plan'}: {item.gapText}
                  {item.gapResponse === 'risk_acceptance' && ` (accepted by ${riskAcceptors.find((p) => p.id === item.riskAcceptedById)?.name ?? 'a former member'} until ${item.gapDueDate})`}
                  {item.gapResponse === 'plan' && item.gapDueDate && ` (closed by ${item.gapDueDate})`}
                </p>
              )}
              <ul>
                {catalogItem.acceptanceCriteria.map((c) => (
                  <li key={c.id}>
                    {values.criteriaMet.includes(c.id) ? '✓ ' : '○ '}
                    {c.text}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <section className="card" aria-labelledby="notes-heading">
            <h2 id="notes-heading">Notes</h2>
            {item.notes ? <Markdown source={item.notes} /> : <p className="muted">No notes yet.</p>}
          </section>
        </div>
        {/* Full width below the answer on a wide screen: the evidence table needs the room. Before the guidance in
            the page's order, so on a phone it follows the answer directly. */}
        <div className="item-wide">
          <EvidencePanel
            assessmentId={assessmentId}
            catalogItemId={catalogItemId}
            canEdit={canEdit}
            canPurge={data.canPurgeEvidence}
            today={todayIso()}
            plans={attachablePlans}
            signedOffBy={review.signOff ? (review.signOff.reviewerName ?? 'A former reviewer') : null}
            rows={evidence.map((e) => ({
              id: e.id,
              kind: e.kind,
              name: e.name,
              url: e.url,
              body: e.body,
              sizeBytes: e.sizeBytes,
              sha256: e.sha256,
              mimeType: e.mimeType,
              planHref: e.planId && e.planVersionNumber ? `/teams/${teamId}/plans/${e.planId}/versions/${e.planVersionNumber}` : null,
              supersededAt: e.supersededAt?.toISOString() ?? null,
              uploaderName: e.uploaderName,
              createdAt: e.createdAt.toISOString(),
              validUntil: e.validUntil,
              revision: e.revision,
              lineageId: e.lineageId,
              replacedAt: e.replacedAt?.toISOString() ?? null,
              deletedAt: e.deletedAt?.toISOString() ?? null,
              purgedAt: e.purgedAt?.toISOString() ?? null,
              probe: e.kind === 'probe' ? parseProbeEvidence(e.body) : null,
              probeRunHref: e.probeRunId ? `${base}/probe?run=${e.probeRunId}` : null,
            }))}
          />
          {reviewerDecides && reviewPanel}
        </div>
        <aside className="item-aside">
          <details className="card" open>
            <summary>
              <strong>Guidance</strong>
            </summary>
            <h3>Why it matters</h3>
            <p>{catalogItem.why}</p>
            <h3>How to verify</h3>
            <p>{catalogItem.verify}</p>
            <h3>Expected evidence</h3>
            <ul>
              {catalogItem.expectedEvidence.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
            <h3>Applies to</h3>
            <p>{describeAppliesWhen(catalogItem, catalog.profileQuestions)}</p>
          </details>
          <section className="card" aria-labelledby="history-heading">
            <h2 id="history-heading">History</h2>
            {updatedBy && <p className="muted">Last saved by {updatedBy}.</p>}
            {history.length === 0 ? (
              <p className="muted">No changes yet.</p>
            ) : (
              <div className="table-scroll" tabIndex={0} role="group" aria-label="Item history">
                <table>
                  <caption className="sr-only">Changes to this item, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Who</th>
                      <th scope="col">Change</th>
                    </tr>
                  </thead>
                  <tbody>
                    {history.map((h) => (
                      <tr key={h.id}>
                        <td>
                          <LocalTime value={h.at} />
                        </td>
                        <td>{h.actorName ?? '—'}</td>
                        <td>
                          <strong>{h.field}</strong>: {truncate(h.oldValue) || '—'} → {truncate(h.newValue) || '—'}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </aside>
      </div>
    </>
  );
}

function truncate(value: string | null): string {
  if (!value) return '';
  return value.length > 160 ? `${value.slice(0, 157)}…` : value;
}
