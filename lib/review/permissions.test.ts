import { describe, expect, it } from 'vitest';
import { mayReopenLaunch, mayReview, mayWithdrawSignOff } from './permissions';

const person = { id: 'u1', isAdmin: false };
const admin = { id: 'a1', isAdmin: true };

describe('review permissions', () => {
  it('lets reviewers of the team and admins review and reopen, nobody else', () => {
    for (const check of [mayReview, mayReopenLaunch]) {
      expect(check(person, 'reviewer')).toBe(true);
      expect(check(admin, null)).toBe(true);
      expect(check(admin, 'member')).toBe(true);
      for (const role of ['member', 'auditor', null]) expect(check(person, role), String(role)).toBe(false);
    }
  });

  it('lets only the signer withdraw a sign-off, and only while they review for the team', () => {
    expect(mayWithdrawSignOff(person, 'reviewer', 'u1')).toBe(true);
    expect(mayWithdrawSignOff(person, 'reviewer', 'someone-else')).toBe(false);
    expect(mayWithdrawSignOff(person, 'member', 'u1')).toBe(false);
    expect(mayWithdrawSignOff(person, 'reviewer', null)).toBe(false);
    // Admins withdraw their own sign-offs, not other people's.
    expect(mayWithdrawSignOff(admin, null, 'a1')).toBe(true);
    expect(mayWithdrawSignOff(admin, null, 'u1')).toBe(false);
  });
});
