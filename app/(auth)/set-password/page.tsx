import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { findSetPasswordTokenUser, INVALID_SET_PASSWORD_LINK } from '@/db/queries/auth';
import { plausibleToken, SET_PASSWORD_COOKIE } from '@/lib/auth/link-cookies';
import { SetPasswordForm } from './set-password-form';

export const metadata: Metadata = { title: 'Choose a password' };

export default async function SetPasswordPage() {
  const token = (await cookies()).get(SET_PASSWORD_COOKIE)?.value;
  const user = plausibleToken(token) ? findSetPasswordTokenUser(token) : null;
  return (
    <div className="card">
      <h1>Choose a password</h1>
      {user ? (
        <>
          <p>
            For <strong>{user.name}</strong> ({user.email}). This link works once.
          </p>
          <SetPasswordForm email={user.email} />
        </>
      ) : (
        <div className="alert error" role="alert">{INVALID_SET_PASSWORD_LINK}</div>
      )}
    </div>
  );
}
