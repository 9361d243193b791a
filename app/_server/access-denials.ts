import 'server-only';
import { recordAccessDenied } from '@/db/queries/audit';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';

/** Puts a refused access on the audit trail; never lets the bookkeeping replace the refusal itself. */
export function noteAccessDenial(error: unknown): void {
  if (!(error instanceof AppError) || !error.denial) return;
  try {
    recordAccessDenied(error.denial);
  } catch (e) {
    log.error({ err: e instanceof Error ? e.message : String(e) }, 'could not record an access denial');
  }
}
