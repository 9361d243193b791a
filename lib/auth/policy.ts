import { env } from '@/lib/env';

/** How long a session lives: idle timeout (renewed on use) and an absolute cap from sign-in. */
export type SessionPolicy = { idleMs: number; absoluteMs: number };

export function sessionPolicy(): SessionPolicy {
  const e = env();
  return { idleMs: e.SESSION_IDLE_MINUTES * 60_000, absoluteMs: e.SESSION_MAX_HOURS * 3_600_000 };
}
