import { NextResponse, type NextRequest } from 'next/server';
import { actionBodyRefusal, actionHeadersRefusal, readCappedText, TOO_LARGE, type ActionRefusal } from './lib/security/action-request';
import { buildCsp } from './lib/security/csp';

function refuse({ status, message }: ActionRefusal): NextResponse {
  return new NextResponse(`${message}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } });
}

/** A server-action call Next would answer with a 500 (lib/security/action-request.ts) gets a 4xx here instead. */
async function malformedActionCall(request: NextRequest): Promise<NextResponse | null> {
  if (request.method !== 'POST' || !request.headers.has('next-action')) return null;
  const early = actionHeadersRefusal(request.headers.get('content-type'), request.headers.get('content-length'));
  if (early) return refuse(early);
  // A clone, so Next still reads the body itself; read only up to the limit, so a huge body is never held whole.
  const text = await readCappedText(request.clone().body);
  const late = text === null ? TOO_LARGE : actionBodyRefusal(text);
  return late ? refuse(late) : null;
}

export async function proxy(request: NextRequest) {
  const refused = await malformedActionCall(request);
  if (refused) return refused;
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
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/evidence/|api/v1/).*)'],
};
