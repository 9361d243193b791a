import type { AlertKind } from '@/lib/domain/enums';

/** Which audit column an alert groups by. */
export type AlertSubjectColumn = 'actorLabel' | 'ip' | 'actorId' | 'targetId';

export type AlertRule = {
  kind: AlertKind;
  action: string;
  subject: AlertSubjectColumn;
  /** This many matching entries within the window raise the alert. */
  threshold: number;
  windowMs: number;
  title: string;
};

const FIFTEEN_MINUTES = 15 * 60_000;

/**
 * The anomalies the monitoring guideline asks us to notice. Sign-in thresholds sit above the throttle's lock
 * (5 per account, 20 per address) so an alert means someone kept trying after being locked out.
 */
export const alertRules: readonly AlertRule[] = [
  { kind: 'sign-in-failures-account', action: 'auth.sign-in.failed', subject: 'actorLabel', threshold: 10, windowMs: FIFTEEN_MINUTES, title: 'Repeated failed sign-ins for one account' },
  { kind: 'sign-in-failures-ip', action: 'auth.sign-in.failed', subject: 'ip', threshold: 20, windowMs: FIFTEEN_MINUTES, title: 'Repeated failed sign-ins from one address' },
  { kind: 'access-denied', action: 'access.denied', subject: 'actorId', threshold: 10, windowMs: FIFTEEN_MINUTES, title: 'Repeated access to other teams’ records' },
  { kind: 'evidence-integrity', action: 'evidence.integrity-failed', subject: 'targetId', threshold: 1, windowMs: 365 * 24 * 60 * 60_000, title: 'Evidence failed its integrity check' },
  // A wrong second factor comes after the right password: three in a row mean someone may hold the password.
  { kind: 'mfa-code-failures', action: 'auth.mfa.failed', subject: 'actorLabel', threshold: 3, windowMs: FIFTEEN_MINUTES, title: 'Repeated wrong second-factor codes after a correct password' },
  { kind: 'mfa-disabled', action: 'auth.mfa.disabled', subject: 'targetId', threshold: 1, windowMs: 365 * 24 * 60 * 60_000, title: 'Multi-factor sign-in turned off for an admin or reviewer, or reset by an admin' },
  { kind: 'admin-without-mfa', action: 'auth.admin-without-mfa', subject: 'actorId', threshold: 1, windowMs: 365 * 24 * 60 * 60_000, title: 'An admin signed in without a second factor' },
];

export function rulesFor(action: string): AlertRule[] {
  return alertRules.filter((r) => r.action === action);
}

export function alertTitle(kind: AlertKind): string {
  return alertRules.find((r) => r.kind === kind)?.title ?? kind;
}
