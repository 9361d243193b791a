import 'server-only';
import { NextResponse } from 'next/server';
import { env } from '@/lib/env';

/** Redirects within this instance. The origin comes from configuration, never from the request's Host header. */
export function redirectWithin(pathWithQuery: string, status: 302 | 303 = 302): NextResponse {
  return NextResponse.redirect(new URL(pathWithQuery, env().PUBLIC_URL), status);
}
