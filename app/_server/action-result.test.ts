import { describe, expect, it } from 'vitest';
import { CreateTeamSchema } from '@/app/(app)/admin/teams/schemas';
import { SignOffSchema } from '@/app/(app)/teams/[teamId]/assessments/[assessmentId]/review-schemas';
import { ValidationError } from '@/lib/errors';
import { MALFORMED_TEXT_MESSAGE, parseInput } from './action-result';

function refusal(run: () => unknown): ValidationError {
  try {
    run();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('parseInput', () => {
  it('refuses text with a lone surrogate beside its field instead of storing bytes that read back differently', () => {
    const e = refusal(() => parseInput(CreateTeamSchema, { name: 'Pay\uD83Dments', description: '' }));
    expect(e.fieldErrors).toEqual({ name: MALFORMED_TEXT_MESSAGE });
  });

  it('words zod’s programmer messages for people (no regex, no "received undefined")', () => {
    const e = refusal(() => parseInput(SignOffSchema, { assessmentId: crypto.randomUUID(), catalogItemId: 'NOT AN ITEM', comment: '' }));
    expect(e.fieldErrors).toEqual({ catalogItemId: 'This value is not in the expected format.', digest: 'This field is required.' });
  });
});
