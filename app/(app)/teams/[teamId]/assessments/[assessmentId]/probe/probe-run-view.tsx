'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { CHECKS } from '@/lib/probe/checks';
import type { ProbeRunView } from '@/lib/probe/run-view';
import type { CheckResult } from '@/lib/probe/types';

export type RunForView = ProbeRunView<string>;

const POLL_MS = 800;

const stateLabels: Record<RunForView['state'], string> = { running: 'Running', finished: 'Finished', failed: 'Failed', interrupted: 'Interrupted' };

/** One run: a progress bar and the checks as they finish, polled while the run goes on. */
export function ProbeRunView({ assessmentId, initial }: { assessmentId: string; initial: RunForView }) {
  const router = useRouter();
  const [run, setRun] = useState(initial);
  const [pollError, setPollError] = useState<string | null>(null);

  useEffect(() => {
    if (run.state !== 'running') return;
    let stopped = false;
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/api/assessments/${assessmentId}/probe-runs/${run.id}`, { cache: 'no-store' });
        if (!response.ok) throw new Error(((await response.json().catch(() => null)) as { error?: string } | null)?.error ?? `The server answered ${response.status}.`);
        const next = (await response.json()) as RunForView;
        if (stopped) return;
        setPollError(null);
        setRun(next);
        // The page's evidence, history and badges change when a run ends.
        if (next.state !== 'running') router.refresh();
      } catch (e) {
        if (!stopped) setPollError(`Could not get the run’s progress: ${e instanceof Error ? e.message : 'no answer'}. Retrying.`);
        if (!stopped) setRun((r) => ({ ...r }));
      }
    }, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [assessmentId, run, router]);

  const done = run.checks.length;
  const counts = (s: CheckResult['status']) => run.checks.filter((c) => c.status === s).length;
  return (
    <section className="card" aria-labelledby="run-heading">
      <h2 id="run-heading">
        Run of <time dateTime={run.startedAt}>{run.startedAt.slice(0, 16).replace('T', ' ')} UTC</time>
      </h2>
      <p>
        {stateLabels[run.state]}
        {run.startedByName && <> · started by {run.startedByName}</>}
        {run.state !== 'running' && (
          <>
            {' '}
            · {counts('pass')} passed, {counts('fail')} failed, {counts('warn')} with warnings, {counts('error')} could not run, {counts('skip')} skipped
          </>
        )}
      </p>
      <label htmlFor="probe-progress">Checks finished</label>{' '}
      <progress id="probe-progress" max={run.total} value={done} aria-valuetext={`${done} of ${run.total} checks finished`} />{' '}
      <span aria-live="polite">
        {done} of {run.total}
      </span>
      {pollError && (
        <p className="alert warning" role="status">
          {pollError}
        </p>
      )}
      {run.errorMessage && (
        <p className={`alert ${run.state === 'finished' ? 'warning' : 'error'}`} role="alert">
          {run.errorMessage}
        </p>
      )}
      <ul className="check-list" aria-label="Checks">
        {run.checks.map((c) => (
          <li key={c.id}>
            <span className={`check-status ${c.status}`}>{c.status}</span> <strong>{CHECKS[c.id]?.title ?? c.id}</strong> <code>{c.id}</code>
            <div>{c.summary}</div>
            <div className="muted">Verifies: {c.items.join(', ')}</div>
            {c.proof.length > 0 && (
              <details>
                <summary>Proof of {c.id} ({c.proof.length} lines)</summary>
                <pre className="proof">{c.proof.join('\n')}</pre>
              </details>
            )}
          </li>
        ))}
      </ul>
      {run.resultSha256 && (
        <p className="muted">
          <a href={`/api/assessments/${assessmentId}/probe-runs/${run.id}?format=result`} download>
            Download the result (JSON)
          </a>{' '}
          · SHA-256 <code className="break">{run.resultSha256}</code>
        </p>
      )}
    </section>
  );
}
