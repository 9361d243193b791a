// Headers that do not depend on the request. The CSP needs a per-request nonce, so it is set in proxy.ts.
const securityHeaders = [
  { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  {
    key: 'Permissions-Policy',
    value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
];

/** @type {import('next').NextConfig} */
module.exports = {
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ['better-sqlite3', 'pino', 'pdfkit', 'fontkit'],
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      // Evidence previews set their own (SAMEORIGIN) so the item page can frame a PDF; everything else is DENY.
      { source: '/((?!api/evidence/).*)', headers: [{ key: 'X-Frame-Options', value: 'DENY' }] },
    ];
  },
};
