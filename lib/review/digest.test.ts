import { describe, expect, it } from 'vitest';
import { reviewDigest, type ReviewedState } from './digest';
import { fourEyesConflict, isReviewable } from './four-eyes';

const base: ReviewedState = {
  status: 'met',
  excludedByProfile: false,
  justification: '',
  gapResponse: null,
  gapText: '',
  gapDueDate: null,
  evidence: [
    { id: 'a', sha256: '11'.repeat(32) },
    { id: 'b', sha256: '22'.repeat(32) },
  ],
};

describe('reviewDigest', () => {
  const original = reviewDigest(base);

  it('is a SHA-256 hex digest and stable for the same state', () => {
    expect(original).toMatch(/^[0-9a-f]{64}$/);
    expect(reviewDigest(structuredClone(base))).toBe(original);
  });

  it('does not depend on the order evidence is listed in', () => {
    expect(reviewDigest({ ...base, evidence: [...base.evidence].reverse() })).toBe(original);
  });

  it.each<[string, Partial<ReviewedState>]>([
    ['status', { status: 'partially_met' }],
    ['justification', { justification: 'Does not apply: no storage.' }],
    ['gap plan text', { gapText: 'We will fix it' }],
    ['gap response', { gapResponse: 'risk_acceptance' }],
    ['gap due date', { gapDueDate: '2027-01-01' }],
    ['who accepts the risk', { riskAcceptedById: 'user-1' }],
    ['applicability', { excludedByProfile: true }],
    ['an added piece of evidence', { evidence: [...base.evidence, { id: 'c', sha256: null }] }],
    ['a removed piece of evidence', { evidence: [base.evidence[0]!] }],
    ['a replaced piece of evidence (new id)', { evidence: [base.evidence[0]!, { id: 'b2', sha256: '22'.repeat(32) }] }],
    ['a plan version being superseded', { evidence: [base.evidence[0]!, { ...base.evidence[1]!, supersededAt: new Date() }] }],
    ['the hash of a piece of evidence', { evidence: [base.evidence[0]!, { id: 'b', sha256: '33'.repeat(32) }] }],
  ])('changes when %s changes', (_, change) => {
    expect(reviewDigest({ ...base, ...change })).not.toBe(original);
  });

  it('keeps digests signed before risk acceptances named a person: an absent acceptor changes nothing', () => {
    expect(reviewDigest({ ...base, riskAcceptedById: null })).toBe(original);
    // The digest of this state as computed before acceptors existed: stored sign-offs must keep matching it.
    expect(original).toBe('b545511c8991bead85b7e52946077c2c76419ff55e2fd0817ae96110a08f653d');
  });

  it('ignores anything that is not part of the reviewed state (notes, owner, due date)', () => {
    const withExtras = { ...base, notes: 'changed', ownerId: 'someone', dueDate: '2030-01-01' } as ReviewedState;
    expect(reviewDigest(withExtras)).toBe(original);
  });
});

describe('fourEyesConflict', () => {
  const authors = { ownerId: 'owner', statusSetById: 'setter', evidenceUploaderIds: ['uploader', null] };

  it('refuses the owner, whoever set the status and evidence uploaders', () => {
    expect(fourEyesConflict(authors, 'owner')).toMatch(/own this item/);
    expect(fourEyesConflict(authors, 'setter')).toMatch(/set this item/);
    expect(fourEyesConflict(authors, 'uploader')).toMatch(/added evidence/);
  });

  it('refuses plan authors and anyone who changed a signed field since the last sign-off, naming the change', () => {
    const more = { ...authors, planAuthorIds: ['planner'], contributions: [{ userId: 'editor', what: 'justification' }, { userId: 'deleter', what: 'evidence' }, { userId: 'odd', what: 'something new' }] };
    expect(fourEyesConflict(more, 'planner')).toMatch(/published a plan version/);
    expect(fourEyesConflict(more, 'editor')).toBe('You changed its justification since it was last signed off, so someone else has to sign it off.');
    expect(fourEyesConflict(more, 'deleter')).toMatch(/changed its evidence since/);
    expect(fourEyesConflict(more, 'odd')).toMatch(/^You changed it since/);
    expect(fourEyesConflict(more, 'reviewer')).toBeNull();
  });

  it('refuses whoever accepts the risk and names a change of acceptor', () => {
    expect(fourEyesConflict({ ...authors, riskAcceptorId: 'cto' }, 'cto')).toBe('You accept this item’s risk, so someone else has to sign it off.');
    expect(fourEyesConflict({ ...authors, contributions: [{ userId: 'editor', what: 'risk accepted by' }] }, 'editor')).toMatch(/changed who accepts its risk since/);
  });

  it('lets anyone else sign off', () => {
    expect(fourEyesConflict(authors, 'reviewer')).toBeNull();
    expect(fourEyesConflict({ ownerId: null, statusSetById: null, evidenceUploaderIds: [] }, 'reviewer')).toBeNull();
  });

  it('knows which statuses can be reviewed', () => {
    expect(['met', 'partially_met', 'not_met', 'not_applicable'].every((s) => isReviewable(s as never))).toBe(true);
    expect(isReviewable('in_progress')).toBe(false);
    expect(isReviewable('not_started')).toBe(false);
  });
});
