import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getActor } from '@/app/_server/current-user';
import { safeCallbackPath } from '@/lib/auth/callback-path';
import { OIDC_ERROR_MESSAGES } from '@/lib/auth/oidc-decision';
import { env } from '@/lib/env';
import { signInSettings } from '@/db/queries/instance-settings';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

const notices: Record<string, string> = {
  'admin-created': 'Your admin account is ready. Sign in to continue.',
  'password-set': 'Your password is set. Sign in to continue.',
  'signed-out': 'You are signed out.',
};
const errors: Record<string, string> = {
  AccessDenied: 'Single sign-on worked, but no active Preflight account matches that identity. Ask an admin to create one.',
  OAuthSignin: 'Single sign-on could not be started. Try again or use your password.',
  OAuthCallback: 'Single sign-on did not complete. Try again or use your password.',
  // next-auth's code when the IdP answers with an error (the person cancelled, say) or a later step fails.
  Callback: 'Single sign-on did not complete. Try again or use your password.',
  OAuthCreateAccount: 'Single sign-on worked, but no active Preflight account matches that identity. Ask an admin to create one.',
  OAuthAccountNotLinked: 'That single sign-on identity belongs to a different Preflight account. Sign out first, then try again.',
  SessionRequired: 'Sign in to see that page.',
  ...OIDC_ERROR_MESSAGES,
};

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const one = (k: string) => (typeof params[k] === 'string' ? (params[k] as string) : undefined);
  const e = env();
  const callbackUrl = safeCallbackPath(one('callbackUrl'), e.PUBLIC_URL);
  if (await getActor()) redirect(callbackUrl);
  // Own keys only: `?error=constructor` must not pick up Object.prototype's members.
  const pick = (map: Record<string, string>, key: string | undefined) => (key && Object.hasOwn(map, key) ? map[key] : undefined);
  const notice = pick(notices, one('notice'));
  const error = pick(errors, one('error'));
  return (
    <div className="card">
      <h1>Sign in to Preflight</h1>
      {notice && <div className="alert success" role="status">{notice}</div>}
      {error && <div className="alert error" role="alert">{error}</div>}
      <LoginForm callbackUrl={callbackUrl} email={one('email')?.slice(0, 254)} oidc={e.oidcEnabled ? { name: e.OIDC_NAME } : undefined} passwordless={signInSettings().passwordlessPasskeys} />
      <p className="muted">Forgot your password? Ask an admin for a new one-time link.</p>
    </div>
  );
}
