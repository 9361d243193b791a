'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { withdrawSignOffAction } from '../../review-actions';
import { REVIEW_COMMENT_MAX } from '../../review-schemas';

const REASON_MESSAGE = 'Give a reason for withdrawing the sign-off (at least 5 characters).';

/** The signer takes their sign-off back: a reason first, then a confirmation that names what follows. */
export function WithdrawSignOffForm({ assessmentId, catalogItemId }: { assessmentId: string; catalogItemId: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const form = useForm<{ reason: string }>({ defaultValues: { reason: '' } });
  const reasonError = form.formState.errors.reason?.message;

  const submit = form.handleSubmit(({ reason }) => {
    setError(null);
    const trimmed = reason.trim();
    if (trimmed.length < 5) {
      form.setError('reason', { message: REASON_MESSAGE });
      form.setFocus('reason');
      return;
    }
    if (trimmed.length > REVIEW_COMMENT_MAX) {
      form.setError('reason', { message: `Use at most ${REVIEW_COMMENT_MAX.toLocaleString('en')} characters.` });
      return;
    }
    setConfirming(trimmed);
  });

  function withdraw(reason: string) {
    startTransition(async () => {
      const result = await withdrawSignOffAction({ assessmentId, catalogItemId, reason });
      if (!result.ok) {
        setError(result.error);
        if (result.fieldErrors?.reason) form.setError('reason', { message: result.fieldErrors.reason });
        return;
      }
      form.reset();
      router.refresh();
    });
  }

  return (
    <form noValidate onSubmit={(e) => void submit(e)} aria-label="Withdraw my sign-off">
      <FormAlert error={error} />
      <Field id="withdraw-reason" label="Reason for withdrawing your sign-off" hint="The item goes back to waiting for review; the reason goes in its history." error={reasonError}>
        <textarea
          id="withdraw-reason"
          rows={2}
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={describedBy('withdraw-reason', { hint: true, error: reasonError })}
          {...form.register('reason', { onChange: () => form.clearErrors('reason') })}
        />
      </Field>
      <button type="submit" className="secondary" disabled={pending}>
        Withdraw my sign-off
      </button>
      <ConfirmDialog
        open={confirming !== null}
        title="Withdraw your sign-off?"
        consequence="The item is no longer signed off and goes back to waiting for review; the launch cannot be approved until someone signs it off again. Your sign-off does not come back by itself."
        confirmLabel="Withdraw sign-off"
        tone="danger"
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          const reason = confirming ?? '';
          setConfirming(null);
          withdraw(reason);
        }}
      />
    </form>
  );
}
