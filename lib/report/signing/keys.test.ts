import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSigningKeySecret, keyIdOf, loadSigningKey } from './keys';

function pkcs8(key: ReturnType<typeof generateKeyPairSync>['privateKey']) {
  return { pem: key.export({ type: 'pkcs8', format: 'pem' }) as string, der: key.export({ type: 'pkcs8', format: 'der' }).toString('base64') };
}

/** The message must not carry any run of the key's base64 long enough to matter. */
function leaks(message: string, material: string): boolean {
  const body = material.replace(/-----[^-]+-----|\s/g, '');
  for (let i = 0; i + 12 <= body.length; i += 4) if (message.includes(body.slice(i, i + 12))) return true;
  return false;
}

function messageOf(load: () => unknown): string {
  try {
    load();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the key to be refused');
}

describe('report signing keys', () => {
  it('generates one line that loads as an Ed25519 key', () => {
    const secret = generateSigningKeySecret();
    expect(secret).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const key = loadSigningKey(secret);
    expect(key.privateKey.asymmetricKeyType).toBe('ed25519');
    expect(key.keyId).toMatch(/^ed25519-[0-9a-f]{16}$/);
    expect(key.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(loadSigningKey(generateSigningKeySecret()).keyId).not.toBe(key.keyId);
  });

  it('derives the id from the SPKI DER, the same from the private or the public key', () => {
    const key = loadSigningKey(generateSigningKeySecret());
    const publicKey = createPublicKey(key.publicKeyPem);
    const expected = `ed25519-${createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16)}`;
    expect(keyIdOf(publicKey)).toBe(expected);
    expect(keyIdOf(key.privateKey)).toBe(expected);
    expect(key.keyId).toBe(expected);
  });

  it('loads the same key from base64 DER, PEM, and PEM with \\n escapes as env files write it', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const { pem, der } = pkcs8(privateKey);
    const fromDer = loadSigningKey(der);
    expect(loadSigningKey(pem).keyId).toBe(fromDer.keyId);
    expect(loadSigningKey(pem.replace(/\n/g, '\\n')).keyId).toBe(fromDer.keyId);
    expect(loadSigningKey(pem.replace(/\n/g, '\r\n')).keyId).toBe(fromDer.keyId);
    expect(loadSigningKey(`  ${der}\n`).keyId).toBe(fromDer.keyId);
  });

  it.each([
    ['RSA', () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, /an RSA key/],
    ['EC', () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, /an EC key/],
    ['Ed448', () => generateKeyPairSync('ed448').privateKey, /type ed448/],
  ])('refuses an %s key as PEM or DER without quoting it', (_name, make, why) => {
    const { pem, der } = pkcs8(make());
    for (const material of [pem, der, pem.replace(/\n/g, '\\n')]) {
      const message = messageOf(() => loadSigningKey(material));
      expect(message).toMatch(why);
      expect(message).toMatch(/Ed25519/);
      expect(leaks(message, material)).toBe(false);
    }
  });

  it('refuses what is not an unencrypted private key, without quoting it', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const encrypted = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }) as string;
    const der = pkcs8(privateKey).der;
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['   ', /empty/],
      [publicPem, /not an unencrypted PKCS#8 private key/],
      [encrypted, /not an unencrypted PKCS#8 private key/],
      // A well-formed PEM frame around four bytes of nothing (assembled, so no scanner mistakes it for a key).
      [['BEGIN', 'END'].map((edge) => `-----${edge} ${'PRIVATE'} KEY-----`).join('\nAAAA\n') + '\n', /does not hold a readable private key/],
      [publicKey.export({ type: 'spki', format: 'der' }).toString('base64'), /not of a PKCS#8 DER private key/],
      [der.slice(0, 40), /not of a PKCS#8 DER private key/],
      [`${der}!`, /neither a PEM block nor base64/],
      ['hunter2 is my password', /neither a PEM block nor base64/],
    ];
    for (const [material, why] of cases) {
      const message = messageOf(() => loadSigningKey(material));
      expect(message, material).toMatch(why);
      if (material.trim()) expect(leaks(message, material), material).toBe(false);
      expect(message).not.toContain('hunter2');
    }
  });
});
