import { describe, expect, it } from 'vitest';
import { nextAuthRefusal } from './next-auth-requests';

const base = 'https://preflight.example.com';
const ask = (over: Partial<Parameters<typeof nextAuthRefusal>[0]>) => nextAuthRefusal({ method: 'GET', segments: ['session'], callbackUrls: [], callbackCookie: undefined, base, ...over });

describe('requests next-auth would answer with a 500', () => {
  it('lets ordinary sign-in traffic through', () => {
    expect(ask({})).toBeNull();
    expect(ask({ method: 'POST', segments: ['callback', 'credentials'], callbackUrls: ['/dashboard'] })).toBeNull();
    expect(ask({ segments: ['callback', 'oidc'], callbackCookie: `${base}/teams` })).toBeNull();
    // An offsite but well-formed address is next-auth's redirect callback's business, not a 500.
    expect(ask({ callbackUrls: ['https://elsewhere.example/x'] })).toBeNull();
  });

  it('refuses a credentials callback by GET', () => {
    expect(ask({ segments: ['callback', 'credentials'] })?.status).toBe(405);
  });

  it('refuses a callback address that is not http(s), in the query or the cookie', () => {
    expect(ask({ callbackUrls: ['javascript:alert(1)'] })?.status).toBe(400);
    expect(ask({ callbackUrls: ['/ok', 'data:text/html,x'] })?.status).toBe(400);
    expect(ask({ callbackCookie: 'javascript:alert(1)' })).toMatchObject({ status: 400, clearCallbackCookie: true });
  });
});
