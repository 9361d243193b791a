import { createHash, randomBytes } from 'node:crypto';

/**
 * The shape of Preflight API tokens. A fixed prefix lets secret scanners (GitHub push protection, gitleaks) and
 * people recognise a leaked one; the 32 random bytes after it are the whole secret. The database keeps only the
 * SHA-256 of the token, found through a unique index, so a token is never compared as a string and never stored.
 */
export const API_TOKEN_PREFIX = 'pft_';
export const API_TOKEN_RANDOM_BYTES = 32;
/** 32 bytes in unpadded base64url. */
export const API_TOKEN_BODY_LENGTH = 43;
/** Characters after the prefix that lists show, so a person can tell tokens apart (48 bits: not a usable secret). */
export const DISPLAY_PREFIX_LENGTH = 8;

const TOKEN_SHAPE = /^pft_[A-Za-z0-9_-]{43}$/;

export type IssuedToken = { token: string; tokenHash: string; displayPrefix: string };

export function looksLikeApiToken(value: string): boolean {
  return TOKEN_SHAPE.test(value);
}

/** Hex SHA-256: the token is already 256 random bits, so a plain fast hash is enough (no salt or stretching needed). */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function displayPrefixOf(token: string): string {
  return token.slice(API_TOKEN_PREFIX.length, API_TOKEN_PREFIX.length + DISPLAY_PREFIX_LENGTH);
}

export function generateApiToken(): IssuedToken {
  const token = API_TOKEN_PREFIX + randomBytes(API_TOKEN_RANDOM_BYTES).toString('base64url');
  return { token, tokenHash: hashApiToken(token), displayPrefix: displayPrefixOf(token) };
}
