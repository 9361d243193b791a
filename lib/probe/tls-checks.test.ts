import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProbeClient } from './http-client';
import { assessCertificate, isPreferredSuite, tlsCertificateCheck, tlsCiphersCheck, tlsProtocolsCheck, type CertificateFacts } from './tls-checks';
import { createTestCa } from './testing/test-ca';
import { startTargetServer, type TargetServer } from './testing/target-server';
import { defaultLimits } from './types';

const ca = createTestCa();
const otherCa = createTestCa('Somebody Else CA');
let weak: TargetServer;
let hardened: TargetServer;
let untrusted: TargetServer;
let wrongHost: TargetServer;
let tls13Only: tls.Server;
let tls13Port: number;
let closedPort: number;

beforeAll(async () => {
  [weak, hardened, untrusted, wrongHost] = await Promise.all([
    startTargetServer({ profile: 'weak', ca }),
    startTargetServer({ profile: 'hardened', ca }),
    startTargetServer({ profile: 'hardened', ca, cert: otherCa.issue(['localhost', '127.0.0.1']) }),
    startTargetServer({ profile: 'hardened', ca, names: ['elsewhere.example'] }),
  ]);
  const leaf = ca.issue(['127.0.0.1']);
  tls13Only = tls.createServer({ key: leaf.key, cert: leaf.cert, minVersion: 'TLSv1.3' }, (s) => s.end());
  await new Promise<void>((r) => tls13Only.listen(0, '127.0.0.1', r));
  tls13Port = (tls13Only.address() as AddressInfo).port;
  const probe = tls.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
});

afterAll(async () => {
  await Promise.all([weak, hardened, untrusted, wrongHost].map((s) => s.close()));
  await new Promise((r) => tls13Only.close(r));
});

const client = (withCa = true) =>
  createProbeClient({ policy: { allowPrivate: true, allowHosts: [] }, limits: defaultLimits, allowedHosts: ['127.0.0.1'], ca: withCa ? [ca.caPem] : [] });
const at = (port: number) => [{ host: '127.0.0.1', port }];

describe('tls.protocols', () => {
  it('fails a server that accepts TLS 1.0', async () => {
    const r = await tlsProtocolsCheck(client(), at(weak.httpsPort));
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(/accepts TLSv1 and TLSv1\.1/);
    expect(r.proof.some((l) => /TLSv1 accepted: negotiated TLSv1 /.test(l))).toBe(true);
  });

  it('passes a server with TLS 1.2 and 1.3 only, with the refusals as proof', async () => {
    const r = await tlsProtocolsCheck(client(), at(hardened.httpsPort));
    expect(r.status).toBe('pass');
    expect(r.proof).toEqual(expect.arrayContaining([expect.stringMatching(/TLSv1 refused: .*protocol version/), expect.stringMatching(/TLSv1\.3 accepted: negotiated TLSv1\.3 TLS_AES_256_GCM_SHA384/)]));
    expect(r.proof.every((l) => !l.includes('\n'))).toBe(true);
  });

  it('is an error, not a pass, when nothing listens', async () => {
    const r = await tlsProtocolsCheck(client(), at(closedPort));
    expect(r.status).toBe('error');
    expect(r.summary).toMatch(/connection refused/);
  });

  it('counts handshakes against the run budget', async () => {
    const c = client();
    await tlsProtocolsCheck(c, at(hardened.httpsPort));
    expect(c.stats().requests).toBe(4);
  });
});

describe('tls.ciphers', () => {
  it('fails a server that accepts a CBC suite at TLS 1.2', async () => {
    const r = await tlsCiphersCheck(client(), at(weak.httpsPort));
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(/non-AEAD suite TLS_.*CBC/);
  });

  it('passes an AEAD-only server and records what a default client negotiates', async () => {
    const r = await tlsCiphersCheck(client(), at(hardened.httpsPort));
    expect(r.status).toBe('pass');
    expect(r.proof.join('\n')).toMatch(/non-AEAD offer refused/);
    expect(r.proof.join('\n')).toMatch(/default client: negotiated TLSv1\.3 TLS_AES_256_GCM_SHA384/);
  });

  it('passes a TLS 1.3-only server', async () => {
    const r = await tlsCiphersCheck(client(), at(tls13Port));
    expect(r.status).toBe('pass');
    expect(r.summary).toMatch(/TLS 1\.3 only/);
  });

  it('knows the preferred suites in both spellings', () => {
    expect(isPreferredSuite('TLS_AES_256_GCM_SHA384')).toBe(true);
    expect(isPreferredSuite('TLS_CHACHA20_POLY1305_SHA256')).toBe(true);
    expect(isPreferredSuite('ECDHE-RSA-AES256-GCM-SHA384')).toBe(true);
    expect(isPreferredSuite('TLS_AES_128_GCM_SHA256')).toBe(false);
    expect(isPreferredSuite('TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA')).toBe(false);
  });
});

describe('tls.certificate', () => {
  const now = new Date();

  it('passes a trusted certificate naming the host', async () => {
    const r = await tlsCertificateCheck(client(), at(hardened.httpsPort), now);
    expect(r.status).toBe('pass');
    expect(r.proof.join('\n')).toMatch(/issuer: CN=Preflight Test CA[\s\S]*days left: 8\d[\s\S]*chain: trusted/);
  });

  it('fails when the CA is not given (untrusted chain)', async () => {
    const r = await tlsCertificateCheck(client(false), at(hardened.httpsPort), now);
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(/chain is not trusted/);
  });

  it('fails a certificate from a CA nobody trusts, even with the team CA given', async () => {
    const r = await tlsCertificateCheck(client(), at(untrusted.httpsPort), now);
    expect(r.status).toBe('fail');
    expect(r.proof.join('\n')).toMatch(/issuer: CN=Somebody Else CA/);
  });

  it('fails a certificate for another host', async () => {
    const r = await tlsCertificateCheck(client(), at(wrongHost.httpsPort), now);
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(/does not name 127\.0\.0\.1/);
    expect(r.summary).not.toMatch(/chain/);
  });

  const facts: CertificateFacts = {
    host: 'app.example',
    chainError: null,
    identityError: null,
    subject: 'CN=app.example',
    issuer: 'CN=CA',
    validTo: 'Jun 30 12:00:00 2030 GMT',
    altNames: 'DNS:app.example',
  };
  const on = (iso: string) => new Date(iso);

  it('warns under 30 days and fails when expired', () => {
    expect(assessCertificate(facts, on('2030-05-01T00:00:00Z')).status).toBe('pass');
    const soon = assessCertificate(facts, on('2030-06-10T00:00:00Z'));
    expect(soon.status).toBe('warn');
    expect(soon.summary).toMatch(/expires in 20 days/);
    expect(assessCertificate(facts, on('2030-07-01T00:00:00Z')).summary).toMatch(/expired/);
    expect(assessCertificate({ ...facts, chainError: 'CERT_HAS_EXPIRED' }, on('2030-05-01T00:00:00Z')).status).toBe('fail');
    expect(assessCertificate({ ...facts, validTo: 'garbage' }, on('2030-05-01T00:00:00Z')).status).toBe('fail');
  });

  it('names every problem at once', () => {
    const r = assessCertificate({ ...facts, chainError: 'SELF_SIGNED_CERT_IN_CHAIN', identityError: 'bad name' }, on('2031-01-01T00:00:00Z'));
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(/expired.*not trusted \(SELF_SIGNED_CERT_IN_CHAIN\).*does not name app\.example/);
  });
});
