import { env } from '@/lib/env';
import type { SessionPolicy } from '@/db/queries/sessions';

export function sessionPolicy(): SessionPolicy {
  const e = env();
  return { idleMs: e.SESSION_IDLE_MINUTES * 60_000, absoluteMs: e.SESSION_MAX_HOURS * 3_600_000 };
}
