import { env } from '@/lib/env';
import { parseKeyRing, type KeyRing } from './keys';

let cached: KeyRing | undefined;

/** The evidence key ring from the environment, parsed once per process. */
export function keyRing(): KeyRing {
  cached ??= parseKeyRing(env().EVIDENCE_KEYS, env().EVIDENCE_ACTIVE_KEY_ID);
  return cached;
}
