// Requests next-auth 4 answers with a 500, because it takes them for a fault in its own configuration: a
// callbackUrl (query or cookie) that is not an http(s) address, and a credentials "callback" by any method but
// POST. Both come only from a hand-made request, so the route refuses them first with a 4xx that says why.

/** next-auth's cookie for the address to return to, under useSecureCookies. */
export const CALLBACK_URL_COOKIE = '__Secure-next-auth.callback-url';

export type NextAuthRefusal = { status: 400 | 405; message: string; clearCallbackCookie?: boolean };

/** The same test next-auth applies (core/lib/assert.js isValidHttpUrl). */
function isHttpUrl(url: string, base: string): boolean {
  try {
    return /^https?:/.test(new URL(url, url.startsWith('/') ? base : undefined).protocol);
  } catch {
    return false;
  }
}

export function nextAuthRefusal(input: { method: string; segments: string[]; callbackUrls: string[]; callbackCookie: string | undefined; base: string }): NextAuthRefusal | null {
  if (input.segments[0] === 'callback' && input.segments[1] === 'credentials' && input.method !== 'POST') {
    return { status: 405, message: 'Sign in through the sign-in form.' };
  }
  const message = 'The address to return to after signing in is not valid. Open the sign-in page again.';
  if (input.callbackUrls.some((u) => u && !isHttpUrl(u, input.base))) return { status: 400, message };
  if (input.callbackCookie && !isHttpUrl(input.callbackCookie, input.base)) return { status: 400, message, clearCallbackCookie: true };
  return null;
}
