import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getActor } from '@/app/_server/current-user';
import { secondStepChoices } from '@/db/queries/mfa';
import { findChallenge } from '@/db/queries/sign-in-challenges';
import { safeCallbackPath } from '@/lib/auth/callback-path';
import { SIGN_IN_STEP_COOKIE } from '@/lib/auth/constants';
import { env } from '@/lib/env';
import { SecondFactorForm } from './second-factor-form';

export const metadata: Metadata = { title: 'Confirm it is you' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SecondFactorPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(typeof params.callbackUrl === 'string' ? params.callbackUrl : undefined, env().PUBLIC_URL);
  if (await getActor()) redirect(callbackUrl);
  const challenge = findChallenge((await cookies()).get(SIGN_IN_STEP_COOKIE)?.value);
  if (!challenge || challenge.purpose !== 'second-factor' || !challenge.user) {
    return (
      <div className="card">
        <h1>Sign-in step expired</h1>
        <p>This sign-in waited too long for its second step, or it was already finished. Start again with your email and password.</p>
        <p>
          <Link href={`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Back to sign in</Link>
        </p>
      </div>
    );
  }
  const choices = secondStepChoices(challenge.user);
  return (
    <div className="card">
      <h1>Confirm it is you</h1>
      <p>
        Signing in as <strong>{choices.email}</strong>. Your account has a second sign-in step.
      </p>
      <SecondFactorForm callbackUrl={callbackUrl} totp={choices.totp} passkeys={choices.passkeys > 0} recoveryCodesLeft={choices.recoveryCodesLeft} />
      <p className="muted">
        Lost your phone and your recovery codes? Ask an admin to reset your second factor. <Link href="/login">Start over</Link>
      </p>
    </div>
  );
}
