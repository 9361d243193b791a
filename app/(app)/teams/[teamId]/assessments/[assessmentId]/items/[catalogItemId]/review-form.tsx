'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { describedBy, Field } from '@/app/_components/field';
import { FormAlert } from '@/app/_components/form-alert';
import { requestChangesAction, signOffItemAction } from '../../review-actions';
import { REVIEW_COMMENT_MAX } from '../../review-schemas';

type Values = { comment: string };

/** Approve or send back. The digest the page was rendered with travels along, so a sign-off covers what was seen. */
export function ReviewForm({ assessmentId, catalogItemId, digest }: { assessmentId: string; catalogItemId: string; digest: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const form = useForm<Values>({ defaultValues: { comment: '' } });
  const commentError = form.formState.errors.comment?.message;

  function submit(decision: 'approve' | 'changes') {
    return form.handleSubmit((values) => {
      setError(null);
      const comment = values.comment.trim();
      if (comment.length > REVIEW_COMMENT_MAX) {
        form.setError('comment', { message: `Use at most ${REVIEW_COMMENT_MAX.toLocaleString('en')} characters.` });
        return;
      }
      if (decision === 'changes' && !comment) {
        form.setError('comment', { message: 'Say what has to change.' });
        form.setFocus('comment');
        return;
      }
      startTransition(async () => {
        const input = { assessmentId, catalogItemId, digest, comment };
        const result = decision === 'approve' ? await signOffItemAction(input) : await requestChangesAction(input);
        if (!result.ok) {
          setError(result.error);
          if (result.fieldErrors?.comment) form.setError('comment', { message: result.fieldErrors.comment });
          return;
        }
        setDone(decision === 'approve' ? 'Signed off.' : 'Sent back to the team with your comment.');
        form.reset();
        router.refresh();
      });
    });
  }

  return (
    <form noValidate onSubmit={(e) => e.preventDefault()} aria-label="Review this item">
      <FormAlert error={error} success={done} />
      <Field id="review-comment" label="Review comment" hint="Required when you request changes; optional when you approve." error={commentError}>
        <textarea
          id="review-comment"
          rows={3}
          aria-invalid={commentError ? true : undefined}
          aria-describedby={describedBy('review-comment', { hint: true, error: commentError })}
          {...form.register('comment', { onChange: () => form.clearErrors('comment') })}
        />
      </Field>
      <div className="row-actions">
        <button type="button" disabled={pending} onClick={() => void submit('approve')()}>
          Approve and sign off
        </button>
        <button type="button" disabled={pending} onClick={() => void submit('changes')()}>
          Request changes
        </button>
      </div>
    </form>
  );
}
