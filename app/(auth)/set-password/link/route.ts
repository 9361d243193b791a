import type { NextRequest } from 'next/server';
import { findSetPasswordTokenUser } from '@/db/queries/auth';
import { linkCookieOptions, plausibleToken, SET_PASSWORD_COOKIE } from '@/lib/auth/link-cookies';
import { redirectWithin } from '@/lib/http';

export async function GET(request: NextRequest) {
  const token = request.nextUrl.searchParams.get('token');
  if (!plausibleToken(token) || !findSetPasswordTokenUser(token)) {
    const invalid = redirectWithin('/set-password?link=invalid');
    invalid.cookies.set(SET_PASSWORD_COOKIE, '', { ...linkCookieOptions, maxAge: 0 });
    return invalid;
  }
  const response = redirectWithin('/set-password');
  response.cookies.set(SET_PASSWORD_COOKIE, token, linkCookieOptions);
  return response;
}
