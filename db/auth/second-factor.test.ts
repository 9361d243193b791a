import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DB } from '@/db/connection';
import { updateSettings } from '@/db/queries/instance-settings';
import { beginTotpEnrolment, confirmTotpEnrolment, factorSummary, mfaEnrolmentDue, ownMfa, pendingTotp, regenerateRecoveryCodes, removeTotp, resetMfa, LAST_REQUIRED_FACTOR } from '@/db/queries/mfa';
import { createSession, findSessionUser } from '@/db/queries/sessions';
import { startSecondStep } from '@/db/queries/sign-in-challenges';
import { createUserWithPassword } from '@/db/queries/users';
import { auditLog, recoveryCodes, securityAlerts, totpFactors } from '@/db/schema';
import { useTempDatabase } from '@/db/testing/temp-db';
import type { Actor } from '@/lib/auth/actor';
import { hashPassword } from '@/lib/auth/password';
import { MAX_FAILURES_PER_ACCOUNT } from '@/lib/auth/throttle';
import { checkTotp, newTotpSecret, totpCodeAt, TOTP_PERIOD_SECONDS } from '@/lib/auth/totp';
import { log } from '@/lib/log';
import { attemptPasswordSignIn } from './password-sign-in';
import { attemptSecondStep, REPLAYED_CODE, SECOND_STEP_EXPIRED, WRONG_CODE } from './second-factor';

const PASSWORD = 'Orbit-Lantern-42-Quietly';
const STEP_MS = TOTP_PERIOD_SECONDS * 1000;
let db: DB;
let hash: string;
let actor: Actor;
let secret: string;

async function enrol(who: Actor): Promise<{ secret: string; codes: string[] }> {
  const s = newTotpSecret();
  beginTotpEnrolment(who, s);
  const pending = pendingTotp(who)!;
  const check = await checkTotp({ secret: s, code: await totpCodeAt(s, Date.now() - STEP_MS), lastTimeStep: null });
  if (!check.ok) throw new Error('enrolment code did not verify');
  const { recoveryCodes: codes } = confirmTotpEnrolment(who, { sealed: pending.sealed, timeStep: check.timeStep });
  return { secret: s, codes: codes! };
}

const audits = (action: string) => db.select().from(auditLog).where(eq(auditLog.action, action)).all();

beforeEach(async () => {
  db = useTempDatabase();
  hash ??= await hashPassword(PASSWORD);
  const user = createUserWithPassword(null, { email: 'rita@example.com', name: 'Rita', isAdmin: false, passwordHash: hash });
  actor = { id: user.id, email: user.email, name: user.name, isAdmin: false, ip: null };
  secret = (await enrol(actor)).secret;
});

describe('sign-in with a second factor', { timeout: 60_000 }, () => {
  it('the password alone leaves the second step due and counts nothing against the account', async () => {
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT + 2; i++) expect((await attemptPasswordSignIn('rita@example.com', PASSWORD, '10.1.0.1')).kind).toBe('second-factor-due');
    expect(audits('auth.sign-in.succeeded')).toHaveLength(0);
  });

  it('the password with the current code signs in; the same code again is refused as reused', async () => {
    const code = await totpCodeAt(secret, Date.now());
    expect(await attemptPasswordSignIn('rita@example.com', PASSWORD, '10.1.0.2', { totp: code })).toMatchObject({ kind: 'ok', secondFactor: 'totp' });
    expect(await attemptPasswordSignIn('rita@example.com', PASSWORD, '10.1.0.2', { totp: code })).toEqual({ kind: 'refused', message: REPLAYED_CODE });
    const [succeeded] = audits('auth.sign-in.succeeded');
    expect(JSON.parse(succeeded!.details)).toMatchObject({ method: 'password+totp' });
  });

  it('two requests racing with one code: exactly one signs in', async () => {
    const code = await totpCodeAt(secret, Date.now());
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => attemptPasswordSignIn('rita@example.com', PASSWORD, '10.1.0.3', { totp: code })));
    expect(outcomes.filter((o) => o.kind === 'ok')).toHaveLength(1);
  });

  it('wrong codes count like wrong passwords: the fifth locks the account, and then even the right code is refused', async () => {
    const kinds: string[] = [];
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT + 1; i++) kinds.push((await attemptPasswordSignIn('rita@example.com', PASSWORD, '10.1.0.4', { totp: '000000' })).kind);
    expect(kinds).toEqual(['refused', 'refused', 'refused', 'refused', 'locked', 'locked']);
    expect((await attemptPasswordSignIn('rita@example.com', PASSWORD, '10.1.0.5', { totp: await totpCodeAt(secret, Date.now()) })).kind).toBe('locked');
    expect(audits('auth.mfa.failed')).toHaveLength(MAX_FAILURES_PER_ACCOUNT);
    // Three wrong codes after a correct password raise the alert.
    expect(db.select().from(securityAlerts).where(eq(securityAlerts.kind, 'mfa-code-failures')).all()).toHaveLength(1);
  });

  it('a password step between wrong codes does not reset their count', async () => {
    const user = db.select().from(totpFactors).get()!;
    expect(user).toBeTruthy();
    const token = startSecondStep(actor, 'password', '10.1.0.6').token;
    for (let i = 0; i < 3; i++) expect((await attemptSecondStep(token, { totp: '111111' }, '10.1.0.6')).kind).toBe('refused');
    expect((await attemptPasswordSignIn('rita@example.com', PASSWORD, '10.1.0.6')).kind).toBe('second-factor-due');
    expect((await attemptSecondStep(token, { totp: '111111' }, '10.1.0.6')).kind).toBe('refused');
    expect((await attemptSecondStep(token, { totp: '111111' }, '10.1.0.6')).kind).toBe('locked');
  });

  it('the second step on its own: the challenge names the user, works once, and then is gone', async () => {
    const { token } = startSecondStep(actor, 'password', '10.1.0.7');
    expect(await attemptSecondStep(token, { totp: '123' }, '10.1.0.7')).toEqual({ kind: 'refused', message: WRONG_CODE });
    expect(await attemptSecondStep(token, { totp: await totpCodeAt(secret, Date.now()) }, '10.1.0.7')).toMatchObject({ kind: 'ok', secondFactor: 'totp' });
    expect(await attemptSecondStep(token, { totp: await totpCodeAt(secret, Date.now() + STEP_MS) }, '10.1.0.7')).toEqual({ kind: 'refused', message: SECOND_STEP_EXPIRED });
    expect(await attemptSecondStep('not-a-token', { totp: '123456' }, '10.1.0.7')).toEqual({ kind: 'refused', message: SECOND_STEP_EXPIRED });
  });

  it('a recovery code works once, in any spelling, and the count goes down', async () => {
    const codes = regenerateRecoveryCodes(actor);
    expect(await attemptPasswordSignIn('rita@example.com', PASSWORD, '10.1.0.8', { recoveryCode: codes[0]!.toUpperCase().replace(/-/g, ' ') })).toMatchObject({ kind: 'ok', secondFactor: 'recovery-code' });
    expect((await attemptPasswordSignIn('rita@example.com', PASSWORD, '10.1.0.8', { recoveryCode: codes[0]! })).kind).toBe('refused');
    expect(factorSummary(db, actor.id).recoveryCodesLeft).toBe(9);
    expect(JSON.parse(audits('auth.mfa.recovery-code-used')[0]!.details)).toEqual({ left: 9 });
  });
});

describe('stored secrets', () => {
  it('the TOTP secret is sealed at rest, recovery codes are hashed, and neither reaches the log', async () => {
    const calls: unknown[] = [];
    for (const level of ['info', 'warn', 'error', 'debug'] as const) vi.spyOn(log, level).mockImplementation(((...args: unknown[]) => void calls.push(args)) as never);
    const other = createUserWithPassword(null, { email: 'sam@example.com', name: 'Sam', isAdmin: false, passwordHash: hash });
    const sam: Actor = { id: other.id, email: other.email, name: other.name, isAdmin: false, ip: null };
    const { secret: samSecret, codes } = await enrol(sam);
    await attemptPasswordSignIn('sam@example.com', PASSWORD, '10.2.0.1', { totp: await totpCodeAt(samSecret, Date.now()) });
    await attemptPasswordSignIn('sam@example.com', PASSWORD, '10.2.0.1', { totp: '999999' });
    await attemptPasswordSignIn('sam@example.com', PASSWORD, '10.2.0.1', { recoveryCode: codes[1]! });
    const raw = JSON.stringify(db.$client.prepare('select * from totp_factors').all()) + JSON.stringify(db.$client.prepare('select * from recovery_codes').all());
    expect(raw).not.toContain(samSecret);
    for (const c of codes) expect(raw).not.toContain(c.replace(/-/g, ''));
    const logged = JSON.stringify(calls) + JSON.stringify(db.select().from(auditLog).all());
    expect(calls.length).toBeGreaterThan(0);
    expect(logged).not.toContain(samSecret);
    for (const c of codes) expect(logged).not.toContain(c.replace(/-/g, ''));
    expect(db.select().from(recoveryCodes).all().every((r) => /^[0-9a-f]{64}$/.test(r.codeHash))).toBe(true);
    vi.restoreAllMocks();
  });
});

describe('enrolment policy and resets', () => {
  it('the policy makes enrolment due for exactly the people it covers who have no factor', () => {
    const admin = createUserWithPassword(null, { email: 'ada@example.com', name: 'Ada', isAdmin: true, passwordHash: hash });
    const adminActor: Actor = { id: admin.id, email: admin.email, name: admin.name, isAdmin: true, ip: null };
    const member = createUserWithPassword(null, { email: 'mo@example.com', name: 'Mo', isAdmin: false, passwordHash: hash });
    expect(mfaEnrolmentDue(admin, null)).toBe(false);
    updateSettings(adminActor, { mfaRequiredFor: 'admins', passwordlessPasskeys: false, oidcMfa: 'trust-idp' });
    expect([mfaEnrolmentDue(admin, null), mfaEnrolmentDue(member, null), mfaEnrolmentDue(actor, null)]).toEqual([true, false, false]);
    // A session the IdP vouched for (its amr said MFA) counts as one.
    expect(mfaEnrolmentDue(admin, 'idp')).toBe(false);
    updateSettings(adminActor, { mfaRequiredFor: 'everyone', passwordlessPasskeys: false, oidcMfa: 'trust-idp' });
    expect([mfaEnrolmentDue(admin, null), mfaEnrolmentDue(member, null), mfaEnrolmentDue(actor, null)]).toEqual([true, true, false]);
    // Rita has her app, so the policy keeps her from removing it: she would have nothing left.
    expect(() => removeTotp(actor)).toThrow(LAST_REQUIRED_FACTOR);
    expect(ownMfa(actor).totpConfirmedAt).not.toBeNull();
    expect(JSON.parse(audits('settings.updated')[1]!.details)).toEqual({ mfaRequiredFor: { from: 'admins', to: 'everyone' } });
  });

  it('an admin reset removes every factor, ends the sessions and raises the alert; a member cannot reset', () => {
    const admin = createUserWithPassword(null, { email: 'ada@example.com', name: 'Ada', isAdmin: true, passwordHash: hash });
    const adminActor: Actor = { id: admin.id, email: admin.email, name: admin.name, isAdmin: true, ip: null };
    const policy = { idleMs: 60_000, absoluteMs: 60_000 };
    const session = createSession(actor.id, null, policy, 'totp');
    expect(() => resetMfa(actor, actor.id, 'admin')).toThrow();
    expect(resetMfa(adminActor, actor.id, 'admin').sessionsEnded).toBe(1);
    expect(findSessionUser(session.token, policy)).toBeNull();
    expect(factorSummary(db, actor.id)).toEqual({ totp: false, passkeys: 0, recoveryCodesLeft: 0, hasFactor: false });
    expect(audits('user.mfa-reset')).toHaveLength(1);
    expect(db.select().from(securityAlerts).where(eq(securityAlerts.kind, 'mfa-disabled')).get()?.subjectLabel).toBe('Rita <rita@example.com>');
  });
});
