import { createHash, randomBytes } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
// Lowercase Base32 without 0/1/o/l, so a code read off paper is not mistyped; 16 characters carry 80 bits.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

function randomCode(): string {
  const bytes = randomBytes(16);
  let out = '';
  // 256 is a multiple of 32, so `byte % 32` is uniform.
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out.match(/.{4}/g)!.join('-');
}

export function newRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(randomCode());
  return [...codes];
}

/** Case, spaces and dashes do not matter; anything that cannot be a code is null. */
export function normalizeRecoveryCode(input: string): string | null {
  const compact = input.toLowerCase().replace(/[\s-]/g, '');
  if (compact.length !== 16 || [...compact].some((c) => !ALPHABET.includes(c))) return null;
  return compact;
}

/** Codes carry 80 random bits, so a plain SHA-256 cannot be searched back; a slow hash would add nothing. */
export function hashRecoveryCode(normalized: string): string {
  return createHash('sha256').update(`preflight-recovery-v1:${normalized}`, 'utf8').digest('hex');
}
