import 'server-only';
import { noteAccessDenial } from '@/app/_server/access-denials';
import { notFound } from 'next/navigation';
import { NotFoundError } from '@/lib/errors';

/** Runs a query for a page; a not-found from the data layer becomes the page's 404. */
export function orNotFound<T>(query: () => T): T {
  try {
    return query();
  } catch (e) {
    if (e instanceof NotFoundError) {
      noteAccessDenial(e);
      notFound();
    }
    throw e;
  }
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}
