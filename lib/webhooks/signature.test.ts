import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, signatureHeader, verifySignature } from './signature';

const NOW = 1_800_000_000;

describe('webhook signatures', () => {
  it('makes prefixed secrets of 32 random bytes', () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.slice(6), 'base64url')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(a);
  });

  it('verifies what it signed, within the tolerance', () => {
    const secret = generateWebhookSecret();
    const body = '{"event":"item.signed-off","data":{"x":"é"}}';
    const header = signatureHeader(secret, body, NOW);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, header, body, 300, NOW)).toBe(true);
    expect(verifySignature(secret, header, body, 300, NOW + 300)).toBe(true);
    expect(verifySignature(secret, header, body, 300, NOW - 300)).toBe(true);
  });

  it('refuses a changed body, another secret, an old or future timestamp, and malformed headers', () => {
    const secret = generateWebhookSecret();
    const body = '{"a":1}';
    const header = signatureHeader(secret, body, NOW);
    expect(verifySignature(secret, header, '{"a":2}', 300, NOW)).toBe(false);
    expect(verifySignature(generateWebhookSecret(), header, body, 300, NOW)).toBe(false);
    expect(verifySignature(secret, header, body, 300, NOW + 301)).toBe(false);
    expect(verifySignature(secret, header, body, 300, NOW - 301)).toBe(false);
    // The timestamp is signed too: moving it forward breaks the signature.
    expect(verifySignature(secret, header.replace(`t=${NOW}`, `t=${NOW + 10}`), body, 300, NOW)).toBe(false);
    for (const bad of [null, undefined, '', 'garbage', `t=${NOW}`, `v1=${'0'.repeat(64)}`, `t=${NOW},v1=abc`, `t=x,v1=${'0'.repeat(64)}`]) {
      expect(verifySignature(secret, bad, body, 300, NOW), String(bad)).toBe(false);
    }
  });

  it('accepts any one of several v1 values', () => {
    const secret = generateWebhookSecret();
    const body = '{}';
    const good = signatureHeader(secret, body, NOW).split(',v1=')[1]!;
    expect(verifySignature(secret, `t=${NOW},v1=${'0'.repeat(64)},v1=${good}`, body, 300, NOW)).toBe(true);
  });
});
