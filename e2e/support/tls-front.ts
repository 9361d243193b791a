import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IssuedCert } from '../../lib/probe/testing/test-ca';

// The TLS a deployment's proxy should offer (README, "Behind a reverse proxy"): 1.2 or later, AEAD suites only,
// AES-256-GCM first. Node's defaults still accept CBC suites at TLS 1.2, which the probe rightly fails.
export const FRONT_TLS = {
  minVersion: 'TLSv1.2' as const,
  ciphers: ['ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305', 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256'].join(':'),
  honorCipherOrder: true,
};

export type TlsFront = { baseUrl: string; httpPort: number; close(): Promise<void> };

// What a deployment puts in front of Preflight: TLS 1.2+ with a certificate, and plain http answered with a
// redirect. Requests pass through unchanged (method, path, headers), so what the probe sees is Preflight's answer.
export async function startTlsFront(upstream: string, cert: IssuedCert): Promise<TlsFront> {
  const target = new URL(upstream);
  const secure = https.createServer({ ...cert, ...FRONT_TLS }, (req, res) => {
    const forward = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host, 'x-forwarded-proto': 'https' } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
  const httpsPort = (secure.address() as AddressInfo).port;
  const plain = http.createServer((req, res) => res.writeHead(301, { Location: `https://127.0.0.1:${httpsPort}${req.url ?? '/'}` }).end());
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  const close = (s: http.Server) => new Promise<void>((resolve) => s.close(() => resolve()));
  return {
    baseUrl: `https://127.0.0.1:${httpsPort}/`,
    httpPort: (plain.address() as AddressInfo).port,
    async close() {
      secure.closeAllConnections();
      plain.closeAllConnections();
      await Promise.all([close(secure), close(plain)]);
    },
  };
}
