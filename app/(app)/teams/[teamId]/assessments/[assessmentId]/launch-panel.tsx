'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { approveLaunchAction, reopenAssessmentAction } from './review-actions';
import { LocalTime } from '@/app/_components/local-time';

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
  const [confirming, setConfirming] = useState<'approve' | { reopen: string } | null>(null);
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

  function reopenWith(reason: string) {
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
  }

  // A reason that is too short is refused beside the field before anything is asked.
  const submitReopen = reopen.handleSubmit(({ reason }) => {
    setError(null);
    if (reason.trim().length < 5) {
      reopen.setError('reason', { message: 'Give a reason for reopening (at least 5 characters).' });
      return;
    }
    setConfirming({ reopen: reason });
  });

  return (
    <section className={`card${launch.approvedAt ? ' launch-approved' : ''}`} aria-labelledby="launch-heading">
      <h2 id="launch-heading">Launch approval</h2>
      <FormAlert error={error} />
      {launch.approvedAt ? (
        <p>
          Approved by {launch.approvedBy ?? 'a former reviewer'} on <LocalTime value={launch.approvedAt} />.
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
        <button
          type="button"
          disabled={pending}
          onClick={() => {
            // While something still blocks it, there is nothing to confirm: the server says what is missing.
            if (ready) setConfirming('approve');
            else approve();
          }}
        >
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
      <ConfirmDialog
        open={confirming === 'approve'}
        title="Approve the launch?"
        consequence="The assessment becomes read-only and the report can be exported showing the launch as approved. Nobody can change items, evidence or the profile until a reviewer or an admin reopens it, with a reason on record."
        confirmLabel="Approve launch"
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          setConfirming(null);
          approve();
        }}
      />
      <ConfirmDialog
        open={confirming !== null && confirming !== 'approve'}
        title="Reopen the assessment?"
        consequence="Reopening withdraws the launch approval; the team can change items again and sign-offs may go stale. The launch needs a new approval afterwards."
        confirmLabel="Reopen assessment"
        tone="danger"
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          const reason = typeof confirming === 'object' && confirming ? confirming.reopen : '';
          setConfirming(null);
          reopenWith(reason);
        }}
      />
      {launch.decisions.length > 0 && (
        <details>
          <summary>Launch decisions ({launch.decisions.length})</summary>
          <ul className="plain-list">
            {launch.decisions.map((d) => (
              <li key={d.id}>
                <LocalTime value={d.at} /> · {d.actorName ?? 'former user'} · {d.kind === 'approved' ? 'approved the launch' : `reopened: ${d.reason}`}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
