import 'server-only';
import type { NextRequest } from 'next/server';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { authenticateBearer } from '@/db/auth/bearer';
import { noteAccessDenial } from '@/app/_server/access-denials';
import { parseInput } from '@/app/_server/action-result';
import { API_HEADERS } from '@/app/_server/route-handler';
import { problem, PROBLEM_TYPE, type Problem } from '@/lib/api/problem';
import { ApiAuthError, type ApiPrincipal } from '@/lib/api/principal';
import { RateLimiter } from '@/lib/api/rate-limit';
import { CLIENT_IP_HEADER } from '@/lib/auth/constants';
import { env } from '@/lib/env';
import { AppError, NotFoundError, ValidationError } from '@/lib/errors';
import { log } from '@/lib/log';
import { readCappedText } from '@/lib/security/action-request';

// The frame of every /api/v1 route: bearer authentication (never the session cookie, so no request a browser
// sends on its own can act), the per-token rate limit, and errors as problem+json with a sentence, never a stack.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const JSON_BODY_LIMIT_BYTES = 64 * 1024;

let limiter: RateLimiter | undefined;
function rateLimiter(): RateLimiter {
  const perMinute = env().API_RATE_PER_MINUTE;
  if (limiter?.capacity !== perMinute) limiter = new RateLimiter(perMinute, perMinute / 60);
  return limiter;
}

export type ApiContext<P> = { request: NextRequest; principal: ApiPrincipal; params: P };

export function problemResponse(p: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(p), { status: p.status, headers: { ...API_HEADERS, 'Content-Type': PROBLEM_TYPE, ...headers } });
}

export function apiJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...API_HEADERS, ...headers } });
}

/** An /api/v1 handler: authenticated, rate-limited, and every failure a problem document. */
export function apiRoute<P extends Record<string, string> = Record<string, never>>(handler: (ctx: ApiContext<P>) => Promise<Response> | Response) {
  return async (request: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const principal = authenticateBearer(request.headers.get('authorization'), request.headers.get(CLIENT_IP_HEADER));
      const wait = rateLimiter().take(principal.tokenId);
      if (wait !== null) return problemResponse(problem(429, `This token made too many requests. Try again in ${wait} s.`), { 'Retry-After': String(wait) });
      const params = (await context.params) ?? ({} as P);
      return await handler({ request, principal, params });
    } catch (error) {
      unstable_rethrow(error);
      noteAccessDenial(error);
      if (error instanceof ApiAuthError) return problemResponse(problem(401, error.message), { 'WWW-Authenticate': 'Bearer realm="preflight"' });
      if (error instanceof AppError) {
        const current = (error as AppError & { current?: unknown }).current;
        return problemResponse(problem(error.status, error.message, { errors: error.fieldErrors, current }));
      }
      log.error({ err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error), path: request.nextUrl.pathname }, 'API route failed');
      return problemResponse(problem(500, 'Something went wrong on our side. Nothing was saved.'));
    }
  };
}

/** A path id that is not a UUID names nothing: 404, as for an id that does not exist. */
export function pathId(value: string): string {
  if (!UUID.test(value)) throw new NotFoundError();
  return value;
}

export function queryOf<S extends z.ZodType>(request: NextRequest, schema: S): z.infer<S> {
  return parseInput(schema, Object.fromEntries(request.nextUrl.searchParams));
}

/** A JSON body, capped, parsed and validated; a wrong type, a bad document or a wrong shape is a 4xx. */
export async function jsonBodyOf<S extends z.ZodType>(request: NextRequest, schema: S, { optional = false } = {}): Promise<z.infer<S>> {
  const type = request.headers.get('content-type');
  const text = await readCappedText(request.body, JSON_BODY_LIMIT_BYTES);
  if (text === null) throw new AppError(`The body is larger than ${JSON_BODY_LIMIT_BYTES / 1024} KB.`, 413);
  if (!text.trim() && optional) return parseInput(schema, {});
  if (!type || !/^application\/json\s*(;|$)/i.test(type)) throw new AppError('Send the body as JSON with Content-Type: application/json.', 415);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError('The body is not valid JSON.');
  }
  return parseInput(schema, value);
}
