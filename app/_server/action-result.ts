import 'server-only';
import { noteAccessDenial } from '@/app/_server/access-denials';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { AppError, ValidationError } from '@/lib/errors';
import { log } from '@/lib/log';
import { plainIssueMessage } from '@/lib/validation/plain-messages';
import { malformedTextPath } from '@/lib/validation/well-formed';

export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  // `status` is the HTTP status the same refusal gets from a route (401, 403, 404, 409, 422…), for callers that
  // must tell a refusal from a validation error without parsing the message.
  | { ok: false; error: string; status: number; fieldErrors?: Record<string, string> };

export const GENERIC_ERROR = 'Something went wrong on our side and nothing was saved. Please try again.';

export const MALFORMED_TEXT_MESSAGE = 'This text contains a broken character (half of an emoji or symbol). Type it again.';

/** Parses untrusted input; a failure becomes a ValidationError carrying one message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input, { error: plainIssueMessage });
  if (parsed.success) {
    const malformed = malformedTextPath(parsed.data);
    if (!malformed) return parsed.data;
    throw new ValidationError('Please correct the highlighted fields.', { [malformed.join('.') || '_form']: MALFORMED_TEXT_MESSAGE });
  }
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.join('.') || '_form';
    fieldErrors[key] ??= issue.message;
  }
  throw new ValidationError('Please correct the highlighted fields.', fieldErrors);
}

/** Runs a server action body: known errors become results, unknown ones are logged and shown generically. */
export async function runAction<T>(body: () => Promise<T> | T): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await body() };
  } catch (error) {
    unstable_rethrow(error);
    noteAccessDenial(error);
    if (error instanceof AppError) {
      return { ok: false, error: error.message, status: error.status, ...(Object.keys(error.fieldErrors).length ? { fieldErrors: error.fieldErrors } : {}) };
    }
    log.error({ err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) }, 'server action failed');
    return { ok: false, error: GENERIC_ERROR, status: 500 };
  }
}
