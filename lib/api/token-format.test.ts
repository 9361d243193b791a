import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { API_TOKEN_BODY_LENGTH, displayPrefixOf, generateApiToken, hashApiToken, looksLikeApiToken } from './token-format';

describe('API token format', () => {
  it('is pft_ followed by 43 base64url characters carrying 32 random bytes', () => {
    const { token } = generateApiToken();
    expect(token.startsWith('pft_')).toBe(true);
    expect(token).toHaveLength(4 + API_TOKEN_BODY_LENGTH);
    expect(token.slice(4)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(32);
    expect(looksLikeApiToken(token)).toBe(true);
  });

  it('never repeats and uses the whole alphabet (no fixed bytes)', () => {
    const tokens = Array.from({ length: 500 }, () => generateApiToken().token);
    expect(new Set(tokens).size).toBe(500);
    const chars = new Set(tokens.join('').replaceAll('pft_', ''));
    // 64 symbols; 500 tokens × 43 chars leave none out by chance.
    expect(chars.size).toBe(64);
  });

  it('stores the SHA-256 hex of the whole token and the 8 characters after the prefix', () => {
    const issued = generateApiToken();
    expect(issued.tokenHash).toBe(createHash('sha256').update(issued.token).digest('hex'));
    expect(issued.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiToken(issued.token)).toBe(issued.tokenHash);
    expect(issued.displayPrefix).toBe(issued.token.slice(4, 12));
    expect(displayPrefixOf(issued.token)).toHaveLength(8);
    expect(issued.tokenHash.includes(issued.token.slice(4))).toBe(false);
  });

  it('recognises only the exact shape', () => {
    const { token } = generateApiToken();
    for (const bad of ['', 'pft_', token.slice(0, -1), `${token}A`, token.replace('pft_', 'PFT_'), token.replace('pft_', 'pfx_'), `${token.slice(0, -1)}=`, `${token.slice(0, -1)}+`, ` ${token}`]) {
      expect(looksLikeApiToken(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});
