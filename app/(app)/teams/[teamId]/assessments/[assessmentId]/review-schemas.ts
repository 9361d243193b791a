import { z } from 'zod';

export const REVIEW_COMMENT_MAX = 2_000;

const comment = z.string().trim().max(REVIEW_COMMENT_MAX, `Use at most ${REVIEW_COMMENT_MAX.toLocaleString('en')} characters.`);
const ReviewTarget = z.object({
  assessmentId: z.uuid(),
  catalogItemId: z.string().regex(/^[a-z0-9-]{3,60}$/),
  // The digest of the state the reviewer saw; a sign-off binds to it.
  digest: z.string().regex(/^[0-9a-f]{64}$/, 'The reviewed state is missing. Reload the page.'),
});

export const SignOffSchema = ReviewTarget.extend({ comment });
export const RequestChangesSchema = ReviewTarget.extend({ comment: comment.min(1, 'Say what has to change.') });

export const ApproveLaunchSchema = z.object({ assessmentId: z.uuid(), comment });
export const ReopenSchema = z.object({
  assessmentId: z.uuid(),
  reason: z.string().trim().min(5, 'Give a reason for reopening (at least 5 characters).').max(REVIEW_COMMENT_MAX, `Use at most ${REVIEW_COMMENT_MAX.toLocaleString('en')} characters.`),
});

export const WithdrawSignOffSchema = z.object({
  assessmentId: z.uuid(),
  catalogItemId: z.string().regex(/^[a-z0-9-]{3,60}$/),
  reason: z.string().trim().min(5, 'Give a reason for withdrawing the sign-off (at least 5 characters).').max(REVIEW_COMMENT_MAX, `Use at most ${REVIEW_COMMENT_MAX.toLocaleString('en')} characters.`),
});
