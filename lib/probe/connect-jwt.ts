// Forged Connect JWTs. Each is correct in every way but the one that matters (its signature), so an app that
// accepts it is one that does not verify signatures, not one that merely skips a claim check.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, UnsecuredJWT, generateKeyPair, type CryptoKey } from 'jose';

const TOKEN_LIFETIME_S = 180;

/** Connect's query string hash: SHA-256 of `METHOD&path&canonical-query`, path taken relative to baseUrl. */
export function queryStringHash(method: string, url: string, baseUrl: string): string {
  return createHash('sha256').update(canonicalRequest(method, url, baseUrl)).digest('hex');
}

export function canonicalRequest(method: string, url: string, baseUrl: string): string {
  const target = new URL(url);
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, '');
  let path = target.pathname;
  if (basePath && (path === basePath || path.startsWith(`${basePath}/`))) path = path.slice(basePath.length);
  if (path.length > 1) path = path.replace(/\/+$/, '');
  if (!path) path = '/';
  return `${method.toUpperCase()}&${path.replaceAll('&', '%26')}&${canonicalQuery(target.searchParams)}`;
}

function canonicalQuery(params: URLSearchParams): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key === 'jwt') continue;
    const values = grouped.get(key) ?? [];
    values.push(value);
    grouped.set(key, values);
  }
  return [...grouped.keys()]
    .sort()
    .map((key) => `${percentEncode(key)}=${(grouped.get(key) ?? []).sort().map(percentEncode).join(',')}`)
    .join('&');
}

function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Claims a product puts in a context JWT; iss is a clientKey-shaped value no installation has. */
function contextClaims(method: string, url: string, baseUrl: string): Record<string, unknown> {
  return { qsh: queryStringHash(method, url, baseUrl), sub: `557058:${randomUUID()}`, context: {} };
}

export type ModuleForgeries = { wrongSecret: string; algNone: string };

/**
 * Tokens for one request: HS256 signed with a secret the app cannot know (random unless a test passes one), and
 * `alg: none` with no signature at all.
 */
export async function forgeModuleTokens(method: string, url: string, baseUrl: string, secret?: Uint8Array): Promise<ModuleForgeries> {
  const claims = contextClaims(method, url, baseUrl);
  const issuer = randomUUID();
  const now = Math.floor(Date.now() / 1000);
  const wrongSecret = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(issuer)
    .setIssuedAt(now)
    .setExpirationTime(now + TOKEN_LIFETIME_S)
    .sign(secret ?? randomBytes(32));
  const algNone = new UnsecuredJWT(claims).setIssuer(issuer).setIssuedAt(now).setExpirationTime(now + TOKEN_LIFETIME_S).encode();
  return { wrongSecret, algNone };
}

export type InstallSigner = { privateKey: CryptoKey; kid: string };

/**
 * A key pair standing in for Atlassian's install-signing key. Connect signs lifecycle calls with RS256 and a `kid`
 * whose public key the app fetches from Atlassian's CDN; an app must refuse any other key, this one included.
 */
export async function createInstallSigner(): Promise<InstallSigner> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  return { privateKey, kid: randomUUID() };
}

export type InstallPayload = Record<string, unknown> & { clientKey: string; sharedSecret: string; baseUrl: string };

/** What the product POSTs to a lifecycle hook, with throwaway identifiers and a random shared secret. */
export function installPayload(eventType: string, appKey: string): InstallPayload {
  return {
    key: appKey,
    clientKey: randomUUID(),
    sharedSecret: randomBytes(32).toString('base64url'),
    serverVersion: '100000',
    pluginsVersion: '1001.0.0-SNAPSHOT',
    baseUrl: 'https://example.atlassian.net',
    displayUrl: 'https://example.atlassian.net',
    productType: 'jira',
    description: 'Atlassian JIRA at https://example.atlassian.net',
    eventType,
  };
}

export type LifecycleForgeries = { algNone: string; foreignKey: string; payloadSecret: string };

/**
 * Tokens for one lifecycle call: `alg: none`; RS256 from a key the app does not fetch from Atlassian; and HS256 signed
 * with the shared secret inside the very payload being sent, which apps that predate signed installs accepted.
 */
export async function forgeLifecycleTokens(url: string, appBaseUrl: string, payload: InstallPayload, signer: InstallSigner): Promise<LifecycleForgeries> {
  const now = Math.floor(Date.now() / 1000);
  const claims = { qsh: queryStringHash('POST', url, appBaseUrl), sub: `557058:${randomUUID()}`, context: {} };
  const algNone = new UnsecuredJWT(claims)
    .setIssuer(payload.clientKey)
    .setAudience(appBaseUrl)
    .setIssuedAt(now)
    .setExpirationTime(now + TOKEN_LIFETIME_S)
    .encode();
  const foreignKey = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: signer.kid })
    .setIssuer(payload.clientKey)
    .setAudience(appBaseUrl)
    .setIssuedAt(now)
    .setExpirationTime(now + TOKEN_LIFETIME_S)
    .sign(signer.privateKey);
  const payloadSecret = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(payload.clientKey)
    .setIssuedAt(now)
    .setExpirationTime(now + TOKEN_LIFETIME_S)
    .sign(new TextEncoder().encode(payload.sharedSecret));
  return { algNone, foreignKey, payloadSecret };
}
