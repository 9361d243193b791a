import 'server-only';
import { noteAccessDenial } from '@/app/_server/access-denials';
import { unstable_rethrow } from 'next/navigation';
import { env } from '@/lib/env';
import { AppError, ForbiddenError } from '@/lib/errors';
import { log } from '@/lib/log';
import { contentTypeRefusal, crossSiteRefusal } from '@/lib/security/request-origin';

/** Headers every API answer carries when the proxy does not run for it. */
export const API_HEADERS: Record<string, string> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
};

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...API_HEADERS, ...headers } });
}

/** Known errors become their status with a readable message; anything else a generic 500 without details. */
export async function handleRoute(body: () => Promise<Response>): Promise<Response> {
  try {
    return await body();
  } catch (error) {
    unstable_rethrow(error);
    noteAccessDenial(error);
    if (error instanceof AppError) return jsonResponse({ error: error.message, fieldErrors: error.fieldErrors }, error.status);
    log.error({ err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) }, 'route handler failed');
    return jsonResponse({ error: 'Something went wrong on our side. Nothing was saved.' }, 500);
  }
}

/** For routes that take a raw body and change state: refuses cross-site requests and any other body type. */
export function requireSameSiteRawBody(request: Request, expectedType = 'application/octet-stream'): void {
  const crossSite = crossSiteRefusal(request.headers, env().PUBLIC_URL);
  if (crossSite) throw new ForbiddenError(crossSite);
  const wrongType = contentTypeRefusal(request.headers, expectedType);
  if (wrongType) throw new AppError(wrongType, 415);
}
