// RFC 9457 problem details: every API error is `application/problem+json` with a sentence a person understands.
export const PROBLEM_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Server error',
};

export type Problem = { type: string; title: string; status: number; detail: string; errors?: Record<string, string>; current?: unknown };

export function problem(status: number, detail: string, extra: Pick<Problem, 'errors' | 'current'> = {}): Problem {
  return { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail, ...(extra.errors && Object.keys(extra.errors).length ? { errors: extra.errors } : {}), ...(extra.current !== undefined ? { current: extra.current } : {}) };
}
