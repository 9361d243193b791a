import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { SIGN_IN_STEP_COOKIE } from '@/lib/auth/constants';

/**
 * What next-auth's callbacks need to hand back beside its own response: the sign-in step cookie, and how the
 * session about to be created went past the password (OIDC sessions are made by the adapter, which is told
 * nothing else). The auth route runs next-auth inside `runSignIn` and adds the cookies to its response.
 */
type SignInContext = { setCookies: string[]; sessionSecondFactor: string | null };

const storage = new AsyncLocalStorage<SignInContext>();

export async function runSignIn(handler: () => Promise<Response>): Promise<Response> {
  const context: SignInContext = { setCookies: [], sessionSecondFactor: null };
  const response = await storage.run(context, handler);
  if (context.setCookies.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const cookie of context.setCookies) headers.append('Set-Cookie', cookie);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

function current(): SignInContext {
  const context = storage.getStore();
  if (!context) throw new Error('sign-in context missing: next-auth ran outside the auth route');
  return context;
}

export function stepCookie(token: string, expiresAt: Date): string {
  const maxAge = Math.max(0, Math.round((expiresAt.getTime() - Date.now()) / 1000));
  return `${SIGN_IN_STEP_COOKIE}=${token}; Path=/; Max-Age=${maxAge}; HttpOnly; Secure; SameSite=Lax`;
}

export function setStepCookie(token: string, expiresAt: Date): void {
  current().setCookies.push(stepCookie(token, expiresAt));
}

export function clearStepCookie(): void {
  current().setCookies.push(`${SIGN_IN_STEP_COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax`);
}

export function setSessionSecondFactor(method: string | null): void {
  current().sessionSecondFactor = method;
}

export function sessionSecondFactor(): string | null {
  return storage.getStore()?.sessionSecondFactor ?? null;
}
