import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { authOptions } from '@/app/_server/auth-options';
import { jsonResponse } from '@/app/_server/route-handler';
import { runSignIn } from '@/app/_server/sign-in-context';
import { env } from '@/lib/env';
import { CALLBACK_URL_COOKIE, nextAuthRefusal } from '@/lib/auth/next-auth-requests';

// Built on first use, not at import: the build imports route modules without the runtime secrets.
let handler: ReturnType<typeof NextAuth> | undefined;
function authHandler() {
  handler ??= NextAuth(authOptions());
  return handler;
}

type Context = { params: Promise<{ nextauth: string[] }> };

/** What next-auth would answer with a 500 gets a 4xx that says why (lib/auth/next-auth-requests.ts). */
async function refused(request: NextRequest, context: Context): Promise<Response | null> {
  const refusal = nextAuthRefusal({
    method: request.method,
    segments: (await context.params).nextauth,
    callbackUrls: request.nextUrl.searchParams.getAll('callbackUrl'),
    callbackCookie: request.cookies.get(CALLBACK_URL_COOKIE)?.value,
    base: env().PUBLIC_URL,
  });
  if (!refusal) return null;
  const headers: Record<string, string> = refusal.status === 405 ? { Allow: 'POST' } : {};
  if (refusal.clearCallbackCookie) headers['Set-Cookie'] = `${CALLBACK_URL_COOKIE}=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax`;
  return jsonResponse({ error: refusal.message }, refusal.status, headers);
}

/**
 * next-auth answers an action or provider it does not know with a plain-text 400 that reads "Error: This action
 * with HTTP GET is not supported by NextAuth.js": it names the library and reads like an exception. Not-found says it.
 */
async function withoutLibraryErrors(response: Response): Promise<Response> {
  if (response.status !== 400 || !(await response.clone().text()).startsWith('Error: ')) return response;
  return jsonResponse({ error: 'Not found.' }, 404);
}

async function handle(request: NextRequest, context: Context): Promise<Response> {
  return (await refused(request, context)) ?? withoutLibraryErrors(await runSignIn(() => authHandler()(request, context)));
}

export const GET = handle;
export const POST = handle;
