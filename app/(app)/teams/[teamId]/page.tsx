import type { Metadata } from 'next';
import Link from 'next/link';
import { listAssessments } from '@/db/queries/assessments';
import { getTeam } from '@/db/queries/teams';
import { requireUser } from '@/app/_server/current-user';
import { orNotFound, todayIso } from '@/app/_server/page-helpers';
import { AddMemberForm } from './add-member-form';
import { MemberRowActions } from './member-row-actions';

export const metadata: Metadata = { title: 'Team' };

export default async function TeamPage({ params, searchParams }: { params: Promise<{ teamId: string }>; searchParams: Promise<{ notice?: string; archived?: string }> }) {
  const actor = await requireUser();
  const { teamId } = await params;
  const { notice, archived } = await searchParams;
  const { team, members, may } = orNotFound(() => getTeam(actor, teamId));
  const showArchived = archived === '1';
  const assessments = listAssessments(actor, teamId, { includeArchived: showArchived });
  const canCreate = may.createAssessment;
  const today = todayIso();
  return (
    <>
      <div className="page-head">
        <h1>{team.name}</h1>
        <div className="row-actions">
          <Link className="button secondary" href={`/teams/${team.id}/dashboard`}>
            Dashboard
          </Link>
          <Link className="button secondary" href={`/teams/${team.id}/plans`}>
            Plans
          </Link>
          <Link className="button secondary" href={`/teams/${team.id}/webhooks`}>
            Webhooks
          </Link>
          <Link className="button secondary" href={`/teams/${team.id}/tokens`}>API tokens</Link>
          {canCreate && (
            <Link className="button" href={`/teams/${team.id}/assessments/new`}>
              New assessment
            </Link>
          )}
        </div>
      </div>
      {notice === 'created' && <div className="alert success" role="status">Team created. Add people to it below.</div>}
      {team.description && <p>{team.description}</p>}
      <section aria-labelledby="assessments-heading">
        <h2 id="assessments-heading">Assessments</h2>
        {assessments.length === 0 ? (
          <p className="muted">No {showArchived ? '' : 'active '}assessments yet.</p>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">App</th>
                  <th scope="col">Readiness</th>
                  <th scope="col">Target launch</th>
                  <th scope="col">State</th>
                  <th scope="col">Catalog</th>
                </tr>
              </thead>
              <tbody>
                {assessments.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <Link href={`/teams/${team.id}/assessments/${a.id}`}>{a.appName}</Link>
                    </td>
                    <td>
                      <div className="progress-row">
                        <meter min={0} max={100} value={a.percent} aria-label={`Readiness of ${a.appName}`} />
                        <span>
                          {a.percent} % ({a.done} of {a.applicable})
                        </span>
                      </div>
                    </td>
                    <td className={a.targetLaunchDate < today && a.state === 'active' ? 'overdue' : undefined}>{a.targetLaunchDate}</td>
                    <td>
                      {a.state === 'archived' ? (
                        'Archived'
                      ) : a.launchApprovedAt ? (
                        <span className="badge signoff-badge">✓ Approved for launch</span>
                      ) : (
                        'In progress'
                      )}
                    </td>
                    <td>{a.catalogVersion}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p>
          <Link href={showArchived ? `/teams/${team.id}` : `/teams/${team.id}?archived=1`}>{showArchived ? 'Hide archived assessments' : 'Show archived assessments'}</Link>
        </p>
      </section>
      {may.manageMembers && <AddMemberForm teamId={team.id} />}
      <h2>People ({members.length})</h2>
      {members.length === 0 ? (
        <p className="muted">Nobody is on this team yet.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                {may.manageMembers && <th scope="col">Manage</th>}
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.userId}>
                  <td>
                    {m.name} {m.disabled && <span className="badge">disabled</span>}
                  </td>
                  <td>{m.email}</td>
                  <td>{m.role}</td>
                  {may.manageMembers && (
                    <td>
                      <MemberRowActions teamId={team.id} userId={m.userId} name={m.name} role={m.role} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
