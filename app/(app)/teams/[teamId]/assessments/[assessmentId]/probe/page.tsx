import type { Metadata } from 'next';
import Link from 'next/link';
import { getProbePage, type ProbeRunView as Run } from '@/db/queries/probe';
import { requireUser } from '@/app/_server/current-user';
import { orNotFound } from '@/app/_server/page-helpers';
import { ProbeRunView, type RunForView } from './probe-run-view';
import { ProbeTargetForm } from './probe-target-form';
import { RunProbeButton } from './run-probe-button';

export const metadata: Metadata = { title: 'Probe' };

function forView(run: Run): RunForView {
  return { ...run, startedAt: run.startedAt.toISOString(), finishedAt: run.finishedAt?.toISOString() ?? null };
}

export default async function ProbePage({ params, searchParams }: { params: Promise<{ teamId: string; assessmentId: string }>; searchParams: Promise<{ run?: string | string[] }> }) {
  const actor = await requireUser();
  const { teamId, assessmentId } = await params;
  const { run: wanted } = await searchParams;
  const { assessment, target, runs, canRun, blockedReason } = orNotFound(() => getProbePage(actor, assessmentId, teamId));
  const shown = runs.find((r) => r.id === wanted) ?? runs[0] ?? null;
  const running = runs.some((r) => r.state === 'running');
  const base = `/teams/${teamId}/assessments/${assessmentId}`;
  return (
    <>
      <p>
        <Link href={base}>← {assessment.appName} checklist</Link>
      </p>
      <h1>Probe</h1>
      <p>
        The probe checks <strong className="break">{target.baseUrl}</strong> from outside, as an attacker would: TLS versions and ciphers, the certificate, HSTS, TRACE, caching,
        Referrer-Policy, cookies, security headers, and for a Connect app every module and lifecycle URL with missing and forged JWTs. Each result is filed as evidence on the items it
        verifies; a later run replaces it as a new revision.
      </p>
      {blockedReason && (
        <p className="alert warning" role="status">
          {blockedReason}
        </p>
      )}
      {canRun && !blockedReason && <RunProbeButton assessmentId={assessmentId} running={running} />}
      {shown ? <ProbeRunView key={shown.id} assessmentId={assessmentId} initial={forView(shown)} /> : <p className="muted">No probe has run for this assessment yet.</p>}
      {canRun && (
        <ProbeTargetForm
          assessmentId={assessmentId}
          defaults={{
            extraHosts: target.extraHosts,
            httpPort: target.httpPort,
            gateProbeMaxAgeDays: target.gateProbeMaxAgeDays,
            descriptorMode: target.descriptorMode,
            descriptorUrl: target.descriptorUrl,
            descriptorName: target.descriptorName,
            manifestName: target.manifestName,
            authUrl: target.authUrl,
            authHeaderName: target.authHeaderName,
            hasAuthSecret: target.hasAuthSecret,
          }}
        />
      )}
      {runs.length > 0 && (
        <section className="card" aria-labelledby="runs-heading">
          <h2 id="runs-heading">Recent runs</h2>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">By</th>
                  <th scope="col">State</th>
                  <th scope="col">Passed</th>
                  <th scope="col">Failed</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link href={`?run=${r.id}`} aria-current={r.id === shown?.id ? 'true' : undefined}>
                        {r.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC
                      </Link>
                    </td>
                    <td>{r.startedByName ?? '—'}</td>
                    <td>{r.state}</td>
                    <td>{r.passed}</td>
                    <td>{r.failed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
