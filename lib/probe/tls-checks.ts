// TLS facts straight from handshakes: which protocol versions a host accepts, whether it takes non-AEAD suites,
// and whether its certificate is trusted, names the host and is not about to expire. Every handshake dials through
// the probe client, so it goes to the pinned address and counts against the run's budgets.
import tls from 'node:tls';
import type { EngineClient, TlsOutcome } from './http-client';
import { combineHosts, type CheckOutcome, type HostOutcome } from './outcome';

export type TlsHost = { host: string; port: number };

const label = (h: TlsHost) => `${h.host}:${h.port}`;

const VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
type Version = (typeof VERSIONS)[number];
const LEGACY: ReadonlySet<Version> = new Set(['TLSv1', 'TLSv1.1']);

// OpenSSL 3 leaves TLS 1.0/1.1 out at its default security level; level 0 lets the probe ask for them at all.
const LEGACY_CIPHERS = 'DEFAULT@SECLEVEL=0';
// Every TLS 1.2 suite that is not AEAD (CBC with HMAC), anonymous, null and PSK/SRP ones left out.
export const NON_AEAD_CIPHERS = 'ALL:!AESGCM:!CHACHA20:!AESCCM:!ARIAGCM:!aNULL:!eNULL:!PSK:!SRP:@SECLEVEL=0';

const UNREACHABLE = /connection refused|no answer within|could not resolve|reset by the server|ENETUNREACH|EHOSTUNREACH/;

function suiteName(o: TlsOutcome & { ok: true }): string {
  return o.cipher.standardName || o.cipher.name;
}

export async function protocolsOnHost(client: EngineClient, h: TlsHost): Promise<HostOutcome> {
  const proof: string[] = [];
  const accepted: Version[] = [];
  const errors: string[] = [];
  for (const v of VERSIONS) {
    const o = await client.tlsHandshake({
      host: h.host,
      port: h.port,
      options: { minVersion: v, maxVersion: v, ...(LEGACY.has(v) ? { ciphers: LEGACY_CIPHERS } : {}) },
    });
    if (o.ok) {
      accepted.push(v);
      proof.push(`${v} accepted: negotiated ${o.protocol} ${suiteName(o)}`);
    } else {
      errors.push(o.error);
      proof.push(`${v} refused: ${o.error}`);
    }
  }
  const legacy = accepted.filter((v) => LEGACY.has(v));
  const modern = accepted.filter((v) => !LEGACY.has(v));
  const base = { host: label(h), proof };
  if (accepted.length === 0 && errors.every((e) => UNREACHABLE.test(e))) {
    return { ...base, status: 'error', summary: `Could not reach ${label(h)} for a TLS handshake: ${errors[0]}.` };
  }
  if (legacy.length) {
    return { ...base, status: 'fail', summary: `${label(h)} still accepts ${legacy.join(' and ')}; turn off everything below TLS 1.2.` };
  }
  if (modern.length === 0) return { ...base, status: 'fail', summary: `${label(h)} accepts neither TLS 1.2 nor TLS 1.3.` };
  return { ...base, status: 'pass', summary: `Accepts ${modern.join(' and ')} only; TLS 1.0 and 1.1 are refused.` };
}

/** AES-256-GCM or ChaCha20-Poly1305 with a SHA-256 or stronger hash, in OpenSSL's or the IANA spelling. */
export function isPreferredSuite(name: string): boolean {
  const n = name.toUpperCase().replace(/-/g, '_');
  return /(AES_?256_GCM|CHACHA20_POLY1305)/.test(n) && /SHA_?(256|384|512)/.test(n);
}

export async function ciphersOnHost(client: EngineClient, h: TlsHost): Promise<HostOutcome> {
  const proof: string[] = [];
  const dial = (options: Parameters<EngineClient['tlsHandshake']>[0]['options']) => client.tlsHandshake({ host: h.host, port: h.port, options });
  const cbc = await dial({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: NON_AEAD_CIPHERS });
  proof.push(cbc.ok ? `TLSv1.2 non-AEAD offer accepted: ${suiteName(cbc)}` : `TLSv1.2 non-AEAD offer refused: ${cbc.error}`);
  const tls12 = await dial({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
  proof.push(tls12.ok ? `TLSv1.2 default client: negotiated ${tls12.protocol} ${suiteName(tls12)}` : `TLSv1.2 default client refused: ${tls12.error}`);
  const best = await dial({});
  proof.push(best.ok ? `default client: negotiated ${best.protocol} ${suiteName(best)}` : `default client refused: ${best.error}`);
  const base = { host: label(h), proof };

  if (cbc.ok) {
    return { ...base, status: 'fail', summary: `${label(h)} accepts the non-AEAD suite ${suiteName(cbc)} at TLS 1.2; offer only GCM or ChaCha20-Poly1305 suites.` };
  }
  if (!best.ok) {
    return { ...base, status: 'error', summary: `No TLS handshake with ${label(h)} succeeded: ${best.error}.` };
  }
  const negotiated = [best, ...(tls12.ok ? [tls12] : [])];
  const weakPreferred = negotiated.filter((o) => !isPreferredSuite(suiteName(o)));
  if (weakPreferred.length) {
    return {
      ...base,
      status: 'warn',
      summary: `Only AEAD suites are accepted, but ${label(h)} prefers ${weakPreferred.map(suiteName).join(' and ')}; put AES-256-GCM or ChaCha20-Poly1305 first.`,
    };
  }
  if (!tls12.ok) return { ...base, status: 'pass', summary: `TLS 1.3 only (${suiteName(best)}): every TLS 1.3 suite is AEAD.` };
  return { ...base, status: 'pass', summary: `Only AEAD suites accepted; negotiates ${suiteName(best)} (TLS 1.2: ${suiteName(tls12)}).` };
}

export type CertificateFacts = {
  host: string;
  chainError: string | null;
  identityError: string | null;
  subject: string;
  issuer: string;
  validTo: string;
  altNames: string;
};

const DAY_MS = 86_400_000;
export const CERT_WARN_DAYS = 30;

function dn(name: Record<string, string | string[]> | undefined): string {
  if (!name) return '(none)';
  return Object.entries(name).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`).join(', ') || '(empty)';
}

/** Pure: the verdict on facts gathered from a handshake, so expiry and mismatch cases are testable without servers. */
export function assessCertificate(f: CertificateFacts, now: Date): CheckOutcome {
  const expires = new Date(f.validTo);
  const daysLeft = Math.floor((expires.getTime() - now.getTime()) / DAY_MS);
  const proof = [
    `subject: ${f.subject}`,
    `issuer: ${f.issuer}`,
    `subjectaltname: ${f.altNames || '(none)'}`,
    `valid_to: ${f.validTo}`,
    `days left: ${Number.isFinite(daysLeft) ? daysLeft : 'unknown'}`,
    `chain: ${f.chainError ? `not trusted (${f.chainError})` : 'trusted'}`,
    `hostname ${f.host}: ${f.identityError ?? 'matches'}`,
  ];
  const problems: string[] = [];
  if (Number.isNaN(expires.getTime())) problems.push('its expiry date cannot be read');
  else if (daysLeft < 0 || f.chainError === 'CERT_HAS_EXPIRED') problems.push(`it expired on ${f.validTo}`);
  if (f.chainError && f.chainError !== 'CERT_HAS_EXPIRED') problems.push(`its chain is not trusted (${f.chainError})`);
  if (f.identityError) problems.push(`it does not name ${f.host}`);
  if (problems.length) return { status: 'fail', summary: `The certificate of ${f.host} fails: ${problems.join('; ')}.`, proof };
  if (daysLeft < CERT_WARN_DAYS) {
    return { status: 'warn', summary: `The certificate of ${f.host} is trusted but expires in ${daysLeft} days (${f.validTo}); renew it.`, proof };
  }
  return { status: 'pass', summary: `Trusted certificate for ${f.host}, ${daysLeft} days left.`, proof };
}

export async function certificateOnHost(client: EngineClient, h: TlsHost, now: Date): Promise<HostOutcome> {
  const o = await client.tlsHandshake({ host: h.host, port: h.port, options: {} });
  if (!o.ok) return { host: label(h), status: 'error', summary: `No TLS handshake with ${label(h)}: ${o.error}.`, proof: [`handshake failed: ${o.error}`] };
  const cert = o.certificate;
  if (!cert || !cert.valid_to) return { host: label(h), status: 'fail', summary: `${label(h)} presented no certificate.`, proof: [] };
  const identity = tls.checkServerIdentity(h.host, cert);
  // Node folds a name mismatch into authorizationError; the identity check reports that one, in words.
  const chainError = o.authorized || o.authorizationError === 'ERR_TLS_CERT_ALTNAME_INVALID' ? null : o.authorizationError ?? 'not trusted';
  const outcome = assessCertificate(
    {
      host: h.host,
      chainError,
      identityError: identity ? identity.message : null,
      subject: dn(cert.subject as unknown as Record<string, string>),
      issuer: dn(cert.issuer as unknown as Record<string, string>),
      validTo: cert.valid_to,
      altNames: cert.subjectaltname ?? '',
    },
    now,
  );
  return { host: label(h), ...outcome, proof: [`negotiated ${o.protocol} ${suiteName(o)}`, ...outcome.proof] };
}

async function perHost(hosts: TlsHost[], fn: (h: TlsHost) => Promise<HostOutcome>): Promise<CheckOutcome> {
  return combineHosts(await Promise.all(hosts.map(fn)));
}

export const tlsProtocolsCheck = (client: EngineClient, hosts: TlsHost[]) => perHost(hosts, (h) => protocolsOnHost(client, h));
export const tlsCiphersCheck = (client: EngineClient, hosts: TlsHost[]) => perHost(hosts, (h) => ciphersOnHost(client, h));
export const tlsCertificateCheck = (client: EngineClient, hosts: TlsHost[], now: Date) => perHost(hosts, (h) => certificateOnHost(client, h, now));
