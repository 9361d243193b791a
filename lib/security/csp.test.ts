import { describe, expect, it } from 'vitest';
import { buildCsp } from './csp';
import { safeCallbackPath } from '../auth/callback-path';

describe('content security policy', () => {
  it('allows scripts only by nonce in production', () => {
    const csp = buildCsp('abc123');
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(buildCsp('n', { https: true })).toContain('upgrade-insecure-requests');
  });
});

describe('sign-in callback path', () => {
  it.each([
    [undefined, '/'],
    ['/teams/1', '/teams/1'],
    ['//evil.example', '/'],
    ['https://evil.example/', '/'],
    ['/\\evil.example', '/'],
  ])('%s → %s', (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });
});
