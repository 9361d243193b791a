// A throwaway certificate authority for tests: real chains the probe verifies like any other, without network or
// files. RSA keys come from node:crypto (forge's pure-JS key generation takes seconds); forge only signs.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import net from 'node:net';

export type IssuedCert = { key: string; cert: string };
export type TestCa = {
  caPem: string;
  /** A leaf for these names (DNS names and IP addresses), valid from yesterday for `days` (default 30+60). */
  issue(names: string[], opts?: { days?: number; notBefore?: Date }): IssuedCert;
};

function rsaPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function serial(): string {
  // Positive: a leading 0 nibble keeps the DER integer from reading as negative.
  return `0${randomBytes(15).toString('hex')}`;
}

export function createTestCa(commonName = 'Preflight Test CA'): TestCa {
  const caKeys = rsaPair();
  const caKey = forge.pki.privateKeyFromPem(caKeys.privatePem);
  const ca = forge.pki.createCertificate();
  ca.publicKey = forge.pki.publicKeyFromPem(caKeys.publicPem);
  ca.serialNumber = serial();
  ca.validity.notBefore = new Date(Date.now() - 86_400_000);
  ca.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
  const caName = [{ name: 'commonName', value: commonName }];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKey, forge.md.sha256.create());

  return {
    caPem: forge.pki.certificateToPem(ca),
    issue(names, opts = {}) {
      const keys = rsaPair();
      const cert = forge.pki.createCertificate();
      cert.publicKey = forge.pki.publicKeyFromPem(keys.publicPem);
      cert.serialNumber = serial();
      const notBefore = opts.notBefore ?? new Date(Date.now() - 86_400_000);
      cert.validity.notBefore = notBefore;
      cert.validity.notAfter = new Date(notBefore.getTime() + (opts.days ?? 90) * 86_400_000);
      cert.setSubject([{ name: 'commonName', value: names[0] ?? 'localhost' }]);
      cert.setIssuer(caName);
      cert.setExtensions([
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: names.map((n) => (net.isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
      ]);
      cert.sign(caKey, forge.md.sha256.create());
      return { key: keys.privatePem, cert: forge.pki.certificateToPem(cert) };
    },
  };
}
