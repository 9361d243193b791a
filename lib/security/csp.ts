/** The per-request Content-Security-Policy. Scripts run only with this request's nonce; nothing may frame us. */
export function buildCsp(nonce: string, options: { dev?: boolean; https?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Only behind https: on http://localhost it would upgrade our own assets to an address that does not answer.
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}
