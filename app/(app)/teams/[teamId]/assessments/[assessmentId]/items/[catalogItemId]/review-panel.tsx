import type { ReviewRecord } from '@/db/queries/reviews';
import { ReviewForm } from './review-form';
import { WithdrawSignOffForm } from './withdraw-sign-off-form';
import Link from 'next/link';
import { LocalTime } from '@/app/_components/local-time';


type ReviewState = {
  digest: string;
  reviews: ReviewRecord[];
  signOff: ReviewRecord | null;
  stale: ReviewRecord | null;
  changesRequested: ReviewRecord | null;
  withdrawn: ReviewRecord | null;
  isReviewer: boolean;
  conflict: string | null;
  canReview: boolean;
  canWithdraw: boolean;
};

const decisionWords: Record<ReviewRecord['decision'], string> = { approved: 'approved', changes_requested: 'requested changes', withdrawn: 'withdrew their sign-off' };

/** The item's sign-off as everyone on the team sees it, and the review controls for a reviewer who may sign. */
export function ReviewPanel({
  state,
  reviewable,
  locked,
  assessmentId,
  catalogItemId,
  nextInQueue,
}: {
  state: ReviewState;
  reviewable: boolean;
  locked: string | null;
  assessmentId: string;
  catalogItemId: string;
  // The reviewer's next item to decide, offered once nothing here waits for their decision.
  nextInQueue: { href: string; title: string; appName: string } | null;
}) {
  const { signOff, stale, changesRequested, withdrawn } = state;
  return (
    <section className="card review-card" aria-labelledby="review-heading">
      <h2 id="review-heading">Review</h2>
      {signOff ? (
        <p className="signoff signoff-current">
          <span className="badge signoff-badge">✓ Signed off</span> by {signOff.reviewerName ?? 'a former reviewer'} on <LocalTime value={signOff.at} />
          {signOff.comment && <>: “{signOff.comment}”</>}
        </p>
      ) : stale ? (
        <p className="signoff signoff-stale" role="status">
          <span className="badge stale-badge">⚠ Sign-off stale</span> {stale.reviewerName ?? 'A former reviewer'} signed this off on <LocalTime value={stale.at} />, and the status,
          justification or evidence changed since. It needs a new review.
        </p>
      ) : reviewable ? (
        <p className="muted">Not signed off yet: waiting for a reviewer.</p>
      ) : (
        <p className="muted">Not ready for review: a reviewer signs off items marked met, partially met, not met or not applicable.</p>
      )}
      {changesRequested && !signOff && (
        <div className="alert info" role="note">
          <strong>Changes requested</strong> by {changesRequested.reviewerName ?? 'a former reviewer'} on <LocalTime value={changesRequested.at} />: {changesRequested.comment}
        </div>
      )}
      {withdrawn && (
        <div className="alert info" role="note">
          <strong>Sign-off withdrawn</strong> by {withdrawn.reviewerName ?? 'a former reviewer'} on <LocalTime value={withdrawn.at} />: {withdrawn.comment}
        </div>
      )}
      {state.isReviewer && locked && <p className="muted">{locked}</p>}
      {state.isReviewer && !locked && state.conflict && reviewable && !signOff && <p className="alert info">You can’t sign off this item. {state.conflict}</p>}
      {state.canReview && !locked && <ReviewForm assessmentId={assessmentId} catalogItemId={catalogItemId} digest={state.digest} />}
      {state.canWithdraw && !locked && <WithdrawSignOffForm assessmentId={assessmentId} catalogItemId={catalogItemId} />}
      {state.isReviewer && !state.canReview && (
        <p>
          {nextInQueue ? (
            <Link href={nextInQueue.href}>
              Next in your queue: {nextInQueue.title} ({nextInQueue.appName}) →
            </Link>
          ) : (
            <Link href="/reviews">Nothing else waits for you. Open the review queue</Link>
          )}
        </p>
      )}
      <p className="muted break">
        Digest of the state under review (status, justification, evidence): <code>{state.digest}</code>
      </p>
      {state.reviews.length > 0 && (
        <details>
          <summary>Review history ({state.reviews.length})</summary>
          <ul className="plain-list">
            {state.reviews.map((r) => (
              <li key={r.id}>
                <LocalTime value={r.at} /> · {r.reviewerName ?? 'former reviewer'} · {decisionWords[r.decision]}
                {r.comment && <>: {r.comment}</>}
                {r.decision === 'approved' && r.digest !== state.digest && <span className="muted"> (for an earlier state)</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
