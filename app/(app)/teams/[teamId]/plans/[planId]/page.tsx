import type { Metadata } from 'next';
import Link from 'next/link';
import { PlanContentView } from '@/app/_components/plan-content-view';
import { getPlan } from '@/db/queries/plans';
import { requireUser } from '@/app/_server/current-user';
import { orNotFound, todayIso } from '@/app/_server/page-helpers';
import type { PlanContent } from '@/lib/plans/content';
import { PlanEditor } from './plan-editor';
import { LocalTime } from '@/app/_components/local-time';

export const metadata: Metadata = { title: 'Plan' };

export default async function PlanPage({ params }: { params: Promise<{ teamId: string; planId: string }> }) {
  const actor = await requireUser();
  const { teamId, planId } = await params;
  const { plan, versions, template, canEdit, updatedBy } = orNotFound(() => getPlan(actor, planId, teamId));
  const content = JSON.parse(plan.draftContent) as PlanContent;
  const overdue = !!plan.nextReviewDate && plan.nextReviewDate < todayIso();
  const base = `/teams/${teamId}/plans/${planId}`;
  return (
    <>
      <p>
        <Link href={`/teams/${teamId}/plans`}>← Plans</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{plan.title}</h1>
          <p className="muted">
            {template.title} · {versions.length ? `latest published version ${versions[0]!.number}` : 'not published yet'}
            {updatedBy && ` · draft last saved by ${updatedBy}`}
          </p>
        </div>
      </div>
      {overdue && (
        <div className="alert error" role="status">
          Review overdue: this plan was due for review on {plan.nextReviewDate}.
        </div>
      )}
      <section className="card" aria-labelledby="versions-heading">
        <h2 id="versions-heading">Published versions</h2>
        {versions.length === 0 ? (
          <p className="muted">None yet. Publishing the draft makes version 1, which can then be attached to checklist items.</p>
        ) : (
          <>
            <ul className="plain-list">
              {versions.map((v) => (
                <li key={v.id}>
                  <Link href={`${base}/versions/${v.number}`}>Version {v.number}</Link> · <LocalTime value={v.publishedAt} /> · {v.publishedBy ?? 'former member'} ·{' '}
                  <code>{v.sha256.slice(0, 12)}…</code>
                </li>
              ))}
            </ul>
            {versions.length > 1 && (
              <form method="get" action={`${base}/compare`} className="inline-form" aria-label="Compare versions">
                <div className="field">
                  <label htmlFor="compare-a">Compare version</label>
                  <select id="compare-a" name="a" defaultValue={String(versions[1]!.number)}>
                    {versions.map((v) => (
                      <option key={v.id} value={v.number}>
                        {v.number}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="compare-b">with version</label>
                  <select id="compare-b" name="b" defaultValue={String(versions[0]!.number)}>
                    {versions.map((v) => (
                      <option key={v.id} value={v.number}>
                        {v.number}
                      </option>
                    ))}
                  </select>
                </div>
                <button type="submit">Compare</button>
              </form>
            )}
          </>
        )}
      </section>
      {canEdit ? (
        <PlanEditor
          planId={plan.id}
          version={plan.draftVersion}
          title={plan.title}
          nextReviewDate={plan.nextReviewDate ?? ''}
          lastExercisedDate={plan.lastExercisedDate ?? ''}
          content={content}
          template={template}
        />
      ) : (
        <>
          <h2>Current draft</h2>
          <p className="muted">
            Next review {plan.nextReviewDate ?? '—'} · last exercised {plan.lastExercisedDate ?? '—'}
          </p>
          <PlanContentView template={template} content={content} />
        </>
      )}
    </>
  );
}
