import 'server-only';
import { cookies, headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { findSessionUser } from '@/db/queries/sessions';
import { mfaEnrolmentDue } from '@/db/queries/mfa';
import { AppError, ForbiddenError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/actor';
import { CLIENT_IP_HEADER, SESSION_COOKIE } from '@/lib/auth/constants';
import { sessionPolicy } from '@/lib/auth/policy';

export class UnauthenticatedError extends AppError {
  constructor() {
    super('Your session has ended. Sign in again.', 401);
  }
}

/** The signed-in person for this request, or null. Cached per request: layouts and pages share one lookup. */
export const getActor = cache(async (): Promise<Actor | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return null;
  const found = findSessionUser(token, sessionPolicy());
  if (!found) return null;
  const ip = (await headers()).get(CLIENT_IP_HEADER);
  const { user } = found;
  return { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin, ip, mfaEnrolmentDue: mfaEnrolmentDue(user, found.secondFactor) };
});

export const MFA_ENROLMENT_PAGE = '/account/mfa';
export const MFA_ENROLMENT_DUE = 'Your administrator requires a second sign-in step for your account. Set up an authenticator app or a passkey on your sign-in security page first.';

type Gate = { duringMfaEnrolment?: boolean };

/**
 * For pages: sends a visitor without a session to the sign-in page, and someone the MFA policy covers who has no
 * second factor yet to enrolment (only the enrolment page itself passes `duringMfaEnrolment`).
 */
export async function requireUser(gate: Gate = {}): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect('/login');
  if (actor.mfaEnrolmentDue && !gate.duringMfaEnrolment) redirect(`${MFA_ENROLMENT_PAGE}?required=1`);
  return actor;
}

/** For admin pages: everyone else sees the same not-found as for a page that does not exist. */
export async function requireAdminPage(): Promise<Actor> {
  const actor = await requireUser();
  if (!actor.isAdmin) notFound();
  return actor;
}

/** For server actions and route handlers: throws instead of redirecting, so the caller returns a clean 401. */
export async function requireActor(gate: Gate = {}): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw new UnauthenticatedError();
  if (actor.mfaEnrolmentDue && !gate.duringMfaEnrolment) throw new ForbiddenError(MFA_ENROLMENT_DUE);
  return actor;
}

export async function requestIp(): Promise<string | null> {
  return (await headers()).get(CLIENT_IP_HEADER);
}
