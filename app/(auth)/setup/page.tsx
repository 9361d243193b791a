import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import Link from 'next/link';
import { adminExists, INVALID_SETUP_LINK, isSetupTokenLive, SETUP_ALREADY_DONE } from '@/db/queries/auth';
import { plausibleToken, SETUP_COOKIE } from '@/lib/auth/link-cookies';
import { SetupForm } from './setup-form';

export const metadata: Metadata = { title: 'Set up Preflight' };

export default async function SetupPage() {
  const token = (await cookies()).get(SETUP_COOKIE)?.value;
  const live = plausibleToken(token) && isSetupTokenLive(token);
  return (
    <div className="card">
      <h1>Set up Preflight</h1>
      {adminExists() ? (
        <>
          <div className="alert info" role="status">{SETUP_ALREADY_DONE}</div>
          <p>
            Have an account? <Link href="/login">Sign in</Link>.
          </p>
        </>
      ) : live ? (
        <>
          <p>Create the first admin account. This link works once.</p>
          <SetupForm />
        </>
      ) : (
        <>
          <div className="alert error" role="alert">{INVALID_SETUP_LINK}</div>
          <p>
            Already set up? <Link href="/login">Sign in</Link>.
          </p>
        </>
      )}
    </div>
  );
}
