import type { Metadata } from 'next';
import Link from 'next/link';
import { listPlans } from '@/db/queries/plans';
import { getTeam } from '@/db/queries/teams';
import { requireUser } from '@/app/_server/current-user';
import { orNotFound, todayIso } from '@/app/_server/page-helpers';
import { currentTemplates } from '@/lib/plans/templates';
import { CreatePlanForm } from './create-plan-form';

export const metadata: Metadata = { title: 'Plans' };

export default async function PlansPage({ params }: { params: Promise<{ teamId: string }> }) {
  const actor = await requireUser();
  const { teamId } = await params;
  const { team, may } = orNotFound(() => getTeam(actor, teamId));
  const plans = listPlans(actor, teamId);
  const templates = currentTemplates();
  const today = todayIso();
  const canCreate = may.createPlan;
  return (
    <>
      <p>
        <Link href={`/teams/${teamId}`}>← {team.name}</Link>
      </p>
      <h1>Plans</h1>
      <p className="muted">Incident-response and disaster-recovery plans from guided templates. Published versions can be attached to checklist items as evidence.</p>
      {plans.length === 0 ? (
        <p className="muted">No plans yet.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="sr-only">The team’s plans</caption>
            <thead>
              <tr>
                <th scope="col">Plan</th>
                <th scope="col">Template</th>
                <th scope="col">Published</th>
                <th scope="col">Draft complete</th>
                <th scope="col">Next review</th>
                <th scope="col">Last exercised</th>
              </tr>
            </thead>
            <tbody>
              {plans.map((p) => {
                const overdue = !!p.nextReviewDate && p.nextReviewDate < today;
                return (
                  <tr key={p.id}>
                    <td>
                      <Link href={`/teams/${teamId}/plans/${p.id}`}>{p.title}</Link>
                    </td>
                    <td>{templates.get(p.templateId)?.title ?? p.templateId}</td>
                    <td>{p.latestVersion ? `version ${p.latestVersion}, ${p.latestPublishedAt?.toISOString().slice(0, 10)}` : <span className="muted">not yet</span>}</td>
                    <td>{p.percent} %</td>
                    <td className={overdue ? 'overdue' : undefined}>
                      {p.nextReviewDate ?? <span className="muted">—</span>}
                      {overdue && ' (review overdue)'}
                    </td>
                    <td>{p.lastExercisedDate ?? <span className="muted">—</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {canCreate && (
        <>
          <h2>Start a plan from a template</h2>
          <CreatePlanForm teamId={teamId} templates={[...templates.values()].map((t) => ({ id: t.id, title: t.title }))} />
        </>
      )}
    </>
  );
}
