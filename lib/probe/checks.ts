import type { CheckId } from './types';

/** Each check's title and the catalog items it verifies. The ids are stable: stored runs refer to them. */
export const CHECKS: Record<CheckId, { title: string; items: string[] }> = {
  'tls.protocols': { title: 'TLS 1.0 and 1.1 refused, TLS 1.2 or later offered', items: ['server-tls-minimum-version'] },
  'tls.ciphers': { title: 'Only AEAD cipher suites offered', items: ['server-tls-minimum-version', 'crypto-approved-algorithms'] },
  'tls.certificate': { title: 'Certificate trusted, matching the host and not about to expire', items: ['server-https-only'] },
  'https.redirect': { title: 'Plain HTTP redirects to HTTPS', items: ['server-https-only'] },
  'hsts.max-age': { title: 'HSTS max-age of at least one year', items: ['server-hsts-one-year'] },
  'http.methods': { title: 'TRACE and TRACK refused', items: ['server-unused-http-methods-disabled'] },
  'http.cache-control': { title: 'Sensitive pages marked no-store', items: ['server-cache-control-sensitive'] },
  'http.referrer-policy': { title: 'Referrer-Policy keeps URLs from leaking', items: ['leak-referer-tokens'] },
  'cookies.flags': { title: 'Session cookies are Secure, HttpOnly and SameSite', items: ['session-cookie-flags'] },
  'headers.baseline': { title: 'CSP, nosniff and framing protection sent', items: ['output-context-encoding'] },
  'headers.version-leak': { title: 'No software versions in Server or X-Powered-By', items: ['server-patched'] },
  'connect.authentication': { title: 'Descriptor authentication is JWT', items: ['authn-connect-jwt'] },
  'connect.modules-reject-unauthenticated': {
    title: 'Every module and webhook URL refuses missing and forged JWTs',
    items: ['authn-connect-jwt', 'authn-every-request'],
  },
  'connect.lifecycle-signed': { title: 'Lifecycle hooks refuse unsigned and forged installs', items: ['authn-connect-jwt'] },
  'connect.scopes': { title: 'Broad scopes listed for a person to justify', items: ['authz-least-privilege-scopes'] },
  'connect.base-url': { title: 'baseUrl is HTTPS, on the descriptor host, with a valid certificate', items: ['server-connect-baseurl-owned'] },
  'forge.egress': { title: 'Forge fetch permissions name hosts, over HTTPS', items: ['egress-domain-allowlist'] },
  'forge.scopes': { title: 'Broad Forge scopes listed for a person to justify', items: ['authz-least-privilege-scopes'] },
};

/** Catalog items any check verifies, for "verified by probe" on the checklist. */
export const PROBED_ITEMS: ReadonlySet<string> = new Set(Object.values(CHECKS).flatMap((c) => c.items));
