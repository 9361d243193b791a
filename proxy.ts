import { NextResponse, type NextRequest } from 'next/server';
import { buildCsp } from './lib/security/csp';

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const csp = buildCsp(nonce, { dev: process.env.NODE_ENV === 'development', https: process.env.PUBLIC_URL?.startsWith('https:') });
  const requestHeaders = new Headers(request.headers);
  // Next reads the nonce for its own scripts from the request's CSP header.
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  // Every page and API answer is per-user or security-relevant; nothing here may sit in a shared cache.
  response.headers.set('Cache-Control', 'no-store, max-age=0');
  return response;
}

export const config = {
  // Static build assets are public and immutable. Evidence routes stay out: the proxy buffers request bodies
  // (uploads) and its headers would override the download's sandbox CSP; those routes set their own.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/evidence/).*)'],
};
