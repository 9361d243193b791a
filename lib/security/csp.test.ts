import { describe, expect, it } from 'vitest';
import { buildCsp } from './csp';

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
