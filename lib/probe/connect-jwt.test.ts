import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { canonicalRequest, createInstallSigner, forgeLifecycleTokens, forgeModuleTokens, installPayload, queryStringHash } from './connect-jwt';

describe('query string hash', () => {
  it('builds the canonical request Connect signs: method, path under baseUrl, sorted encoded query without jwt', () => {
    expect(canonicalRequest('get', 'https://app.example.com/connect/page/?b=2&a=x%20y&a=1&jwt=abc', 'https://app.example.com/connect/')).toBe('GET&/page&a=1,x%20y&b=2');
    expect(canonicalRequest('POST', 'https://app.example.com/', 'https://app.example.com')).toBe('POST&/&');
    expect(canonicalRequest('GET', 'https://app.example.com/a&b?q=it%27s', 'https://app.example.com')).toBe("GET&/a%26b&q=it%27s");
    expect(queryStringHash('GET', 'https://app.example.com/p?x=1', 'https://app.example.com')).toBe(createHash('sha256').update('GET&/p&x=1').digest('hex'));
  });
});

describe('forged module tokens', () => {
  it('signs HS256 with a secret other than the app’s and carries realistic claims', async () => {
    const probeSecret = randomBytes(32);
    const appSecret = randomBytes(32);
    const url = 'https://app.example.com/page?project=preflight';
    const { wrongSecret, algNone } = await forgeModuleTokens('GET', url, 'https://app.example.com', probeSecret);

    expect(decodeProtectedHeader(wrongSecret)).toEqual({ alg: 'HS256', typ: 'JWT' });
    // It really is a valid HS256 token, for a key the app does not hold.
    await expect(jwtVerify(wrongSecret, probeSecret, { algorithms: ['HS256'] })).resolves.toBeTruthy();
    await expect(jwtVerify(wrongSecret, appSecret, { algorithms: ['HS256'] })).rejects.toThrow(/signature/);
    const claims = decodeJwt(wrongSecret);
    expect(claims.qsh).toBe(queryStringHash('GET', url, 'https://app.example.com'));
    expect(typeof claims.iss).toBe('string');
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(180);

    expect(decodeProtectedHeader(algNone)).toEqual({ alg: 'none' });
    expect(algNone.endsWith('.')).toBe(true);
    expect(decodeJwt(algNone).qsh).toBe(claims.qsh);
  });

  it('uses a fresh random secret each time unless given one', async () => {
    const a = await forgeModuleTokens('GET', 'https://a.example/x', 'https://a.example');
    const b = await forgeModuleTokens('GET', 'https://a.example/x', 'https://a.example');
    expect(a.wrongSecret.split('.')[2]).not.toBe(b.wrongSecret.split('.')[2]);
  });
});

describe('forged lifecycle tokens', () => {
  it('signs RS256 with the probe’s own key and kid, which the app’s real key does not verify', async () => {
    const signer = await createInstallSigner();
    const payload = installPayload('installed', 'my-app');
    expect(payload.baseUrl).toBe('https://example.atlassian.net');
    expect(payload.sharedSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const url = 'https://app.example.com/installed';
    const tokens = await forgeLifecycleTokens(url, 'https://app.example.com', payload, signer);

    const header = decodeProtectedHeader(tokens.foreignKey);
    expect(header).toMatchObject({ alg: 'RS256', kid: signer.kid });
    const atlassian = await generateKeyPair('RS256');
    await expect(jwtVerify(tokens.foreignKey, atlassian.publicKey, { algorithms: ['RS256'] })).rejects.toThrow(/signature/);
    const claims = decodeJwt(tokens.foreignKey);
    expect(claims).toMatchObject({ iss: payload.clientKey, aud: 'https://app.example.com', qsh: queryStringHash('POST', url, 'https://app.example.com') });

    expect(decodeProtectedHeader(tokens.algNone)).toEqual({ alg: 'none' });
    expect(decodeJwt(tokens.algNone).iss).toBe(payload.clientKey);

    // The self-signed one verifies with the secret in the payload, which is exactly why an app must not trust it.
    await expect(jwtVerify(tokens.payloadSecret, new TextEncoder().encode(payload.sharedSecret), { algorithms: ['HS256'] })).resolves.toBeTruthy();
  });
});
