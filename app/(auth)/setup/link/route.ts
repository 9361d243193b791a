import type { NextRequest } from 'next/server';
import { isSetupTokenLive } from '@/db/queries/auth';
import { linkCookieOptions, plausibleToken, SETUP_COOKIE } from '@/lib/auth/link-cookies';
import { redirectWithin } from '@/lib/http';

export async function GET(request: NextRequest) {
  const token = request.nextUrl.searchParams.get('token');
  if (!plausibleToken(token) || !isSetupTokenLive(token)) {
    const invalid = redirectWithin('/setup?link=invalid');
    invalid.cookies.set(SETUP_COOKIE, '', { ...linkCookieOptions, maxAge: 0 });
    return invalid;
  }
  const response = redirectWithin('/setup');
  response.cookies.set(SETUP_COOKIE, token, linkCookieOptions);
  return response;
}
