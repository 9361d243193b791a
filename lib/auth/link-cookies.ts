// One-time links arrive as ?token=… and are swapped for a short-lived HttpOnly cookie plus a redirect, so the
// token leaves the address bar and can never leak through a Referer header or browser history.
export const SETUP_COOKIE = '__Host-preflight.setup';
export const SET_PASSWORD_COOKIE = '__Host-preflight.set-password';
export const LINK_COOKIE_MAX_AGE = 60 * 60;

export const linkCookieOptions = {
  httpOnly: true,
  secure: true,
  sameSite: 'strict' as const,
  path: '/',
  maxAge: LINK_COOKIE_MAX_AGE,
};

/** Tokens we issue are 43 base64url characters; anything else is not worth a database lookup. */
export function plausibleToken(token: string | null | undefined): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
}
