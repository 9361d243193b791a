// Plain module (no "server-only"): the boot script and the custom server load it before Next starts.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateSigningKeySecret } from './report/signing/keys';

export const SECRETS_FILE_NAME = 'secrets.json';

export type EnvRecord = Record<string, string | undefined>;

type LocalSecrets = { AUTH_SECRET?: string; EVIDENCE_KEYS?: string; EVIDENCE_ACTIVE_KEY_ID?: string; AUDIT_KEY?: string; REPORT_SIGNING_KEY?: string };

export class MissingSecretsError extends Error {}

function listed(names: readonly string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names.join('');
}

const SECRET_VARIABLES = ['AUTH_SECRET', 'EVIDENCE_KEYS', 'EVIDENCE_ACTIVE_KEY_ID', 'AUDIT_KEY', 'REPORT_SIGNING_KEY'] as const;

/**
 * The environment for a child process that works on `dataDir`: every secret variable blanked, so the child
 * loads that folder's own secrets.json. Inheriting another folder's keys would seal its audit entries under the
 * wrong key, and the server would then refuse to write.
 */
// Typed for spawn(): Next declares NODE_ENV required on ProcessEnv, which a plain record cannot show.
export function envForDataDir(dataDir: string, env: EnvRecord = process.env, extra: EnvRecord = {}): NodeJS.ProcessEnv {
  return { ...env, ...Object.fromEntries(SECRET_VARIABLES.map((k) => [k, ''])), DATA_DIR: dataDir, ...extra } as unknown as NodeJS.ProcessEnv;
}

export function resolveDataDir(env: EnvRecord = process.env): string {
  return path.resolve(env.DATA_DIR || './data');
}

function newEvidenceKeyId(): string {
  const d = new Date();
  return `k${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}-${randomBytes(3).toString('hex')}`;
}

/**
 * Makes AUTH_SECRET, EVIDENCE_KEYS and AUDIT_KEY available in `env`. Values from the environment win. On a local run,
 * missing ones are generated once into DATA_DIR/secrets.json (mode 0600) and loaded from there on every
 * start. With REQUIRE_ENV_SECRETS=1 (real deployments) a missing secret stops the start instead.
 * Returns human-readable notes for the console; never the secret values.
 */
export function ensureSecrets(env: EnvRecord = process.env): string[] {
  const notes: string[] = [];
  const missing = (['AUTH_SECRET', 'EVIDENCE_KEYS', 'AUDIT_KEY', 'REPORT_SIGNING_KEY'] as const).filter((k) => !env[k]);
  if (missing.length === 0) return notes;
  if (env.REQUIRE_ENV_SECRETS === '1' || env.REQUIRE_ENV_SECRETS === 'true') {
    throw new MissingSecretsError(
      `Missing ${listed(missing)} in the environment, and REQUIRE_ENV_SECRETS forbids generating them. ` +
        'Set them (see README, "Environment variables") and start again.',
    );
  }
  const dataDir = resolveDataDir(env);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, SECRETS_FILE_NAME);
  let stored: LocalSecrets = {};
  if (existsSync(file)) {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) {
      chmodSync(file, 0o600);
      notes.push(`Tightened permissions of ${file} to 0600 (they were ${mode.toString(8)}).`);
    }
    stored = JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  }
  // Only what this start needs from the file is generated; a value the environment gives stays out of it.
  const generated: string[] = [];
  if (missing.includes('AUTH_SECRET') && !stored.AUTH_SECRET) {
    stored.AUTH_SECRET = randomBytes(32).toString('base64url');
    generated.push('AUTH_SECRET');
  }
  if (missing.includes('EVIDENCE_KEYS') && !stored.EVIDENCE_KEYS) {
    const id = newEvidenceKeyId();
    stored.EVIDENCE_KEYS = `${id}:${randomBytes(32).toString('base64')}`;
    stored.EVIDENCE_ACTIVE_KEY_ID = id;
    generated.push('EVIDENCE_KEYS');
  }
  if (missing.includes('AUDIT_KEY') && !stored.AUDIT_KEY) {
    stored.AUDIT_KEY = randomBytes(32).toString('base64url');
    generated.push('AUDIT_KEY');
  }
  if (missing.includes('REPORT_SIGNING_KEY') && !stored.REPORT_SIGNING_KEY) {
    stored.REPORT_SIGNING_KEY = generateSigningKeySecret();
    generated.push('REPORT_SIGNING_KEY');
  }
  const loaded = missing.filter((k) => !generated.includes(k));
  if (generated.length) {
    writeFileSync(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
    notes.push(`Generated ${listed(generated)} into ${file} (mode 0600). Keep this file private and backed up.`);
  }
  if (loaded.length) notes.push(`Loaded ${listed(loaded)} from ${file}.`);
  for (const key of missing) env[key] = stored[key];
  if (missing.includes('EVIDENCE_KEYS') && !env.EVIDENCE_ACTIVE_KEY_ID && stored.EVIDENCE_ACTIVE_KEY_ID) {
    env.EVIDENCE_ACTIVE_KEY_ID = stored.EVIDENCE_ACTIVE_KEY_ID;
  }
  return notes;
}
