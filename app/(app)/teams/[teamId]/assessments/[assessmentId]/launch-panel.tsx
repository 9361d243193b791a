'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { approveLaunchAction, reopenAssessmentAction } from './review-actions';
import { dateTime } from '@/lib/format';

type Launch = {
  approvedAt: Date | null;
  approvedBy: string | null;
  decisions: { id: string; kind: 'approved' | 'reopened'; reason: string; at: Date; actorName: string | null }[];
  blockers: { unsigned: { catalogItemId: string; title: string }[]; expired: { name: string; validUntil: string | null; catalogItemId: string }[] };
  canApprove: boolean;
  canReopen: boolean;
};


/** Launch approval: what still blocks it, the approve button for reviewers, and reopening with a reason. */
export function LaunchPanel({ assessmentId, launch }: { assessmentId: string; launch: Launch }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const reopen = useForm<{ reason: string }>({ defaultValues: { reason: '' } });
  const reasonError = reopen.formState.errors.reason?.message;
  const { unsigned, expired } = launch.blockers;
  const ready = unsigned.length === 0 && expired.length === 0;

  function approve() {
    setError(null);
    startTransition(async () => {
      const result = await approveLaunchAction({ assessmentId, comment: '' });
      if (!result.ok) setError(result.error);
      router.refresh();
    });
  }

  const submitReopen = reopen.handleSubmit(({ reason }) => {
    setError(null);
    if (reason.trim().length < 5) {
      reopen.setError('reason', { message: 'Give a reason for reopening (at least 5 characters).' });
      return;
    }
    startTransition(async () => {
      const result = await reopenAssessmentAction({ assessmentId, reason });
      if (!result.ok) {
        setError(result.error);
        if (result.fieldErrors?.reason) reopen.setError('reason', { message: result.fieldErrors.reason });
        return;
      }
      reopen.reset();
      router.refresh();
    });
  });

  return (
    <section className={`card${launch.approvedAt ? ' launch-approved' : ''}`} aria-labelledby="launch-heading">
      <h2 id="launch-heading">Launch approval</h2>
      <FormAlert error={error} />
      {launch.approvedAt ? (
        <p>
          Approved by {launch.approvedBy ?? 'a former reviewer'} on {dateTime(launch.approvedAt)}.
        </p>
      ) : ready ? (
        <p>Every applicable item is signed off and no evidence has expired: ready for launch approval.</p>
      ) : (
        <ul>
          {unsigned.length > 0 && (
            <li>
              {unsigned.length} applicable item{unsigned.length === 1 ? '' : 's'} not signed off yet
              {unsigned.length <= 5 && <>: {unsigned.map((u) => u.title).join('; ')}</>}
            </li>
          )}
          {expired.length > 0 && (
            <li>
              {expired.length} piece{expired.length === 1 ? '' : 's'} of evidence expired: {expired.slice(0, 5).map((e) => `${e.name} (valid until ${e.validUntil})`).join('; ')}
            </li>
          )}
        </ul>
      )}
      {launch.canApprove && (
        <button type="button" disabled={pending} onClick={approve}>
          Approve launch
        </button>
      )}
      {launch.canReopen && (
        <form noValidate onSubmit={(e) => void submitReopen(e)} aria-label="Reopen the assessment">
          <Field id="reopen-reason" label="Reason for reopening" hint="Reopening withdraws the launch approval; the reason goes on record." error={reasonError}>
            <textarea
              id="reopen-reason"
              rows={2}
              aria-invalid={reasonError ? true : undefined}
              aria-describedby={describedBy('reopen-reason', { hint: true, error: reasonError })}
              {...reopen.register('reason')}
            />
          </Field>
          <button type="submit" className="secondary" disabled={pending}>
            Reopen assessment
          </button>
        </form>
      )}
      {launch.decisions.length > 0 && (
        <details>
          <summary>Launch decisions ({launch.decisions.length})</summary>
          <ul className="plain-list">
            {launch.decisions.map((d) => (
              <li key={d.id}>
                {dateTime(d.at)} · {d.actorName ?? 'former user'} · {d.kind === 'approved' ? 'approved the launch' : `reopened: ${d.reason}`}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
