import { mkdtempSync, readFileSync, statSync, chmodSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSigningKey } from './report/signing/keys';
import { ensureSecrets, envForDataDir, MissingSecretsError, type EnvRecord } from './secrets';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'secrets-'));

describe('local secrets', () => {
  it('generates missing secrets once into a 0600 file and reloads the same values', () => {
    const dir = tempDir();
    const env1: EnvRecord = { DATA_DIR: dir };
    const notes = ensureSecrets(env1);
    expect(notes.join(' ')).toMatch(/Generated AUTH_SECRET, EVIDENCE_KEYS, AUDIT_KEY and REPORT_SIGNING_KEY/);
    const file = path.join(dir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(env1.AUTH_SECRET).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(env1.EVIDENCE_KEYS).toMatch(/^k\d{8}-[0-9a-f]{6}:[A-Za-z0-9+/]{43}=$/);
    expect(env1.AUDIT_KEY).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Notes never carry the values.
    expect(notes.join(' ')).not.toContain(env1.AUTH_SECRET!);
    expect(notes.join(' ')).not.toContain(env1.AUDIT_KEY!);
    expect(notes.join(' ')).not.toContain(env1.REPORT_SIGNING_KEY!);
    // The signing key is a usable Ed25519 private key, and the same one on the next start.
    expect(loadSigningKey(env1.REPORT_SIGNING_KEY!).keyId).toMatch(/^ed25519-[0-9a-f]{16}$/);

    const env2: EnvRecord = { DATA_DIR: dir };
    expect(ensureSecrets(env2).join(' ')).toMatch(/Loaded/);
    expect(env2.AUTH_SECRET).toBe(env1.AUTH_SECRET);
    expect(env2.EVIDENCE_KEYS).toBe(env1.EVIDENCE_KEYS);
    expect(env2.AUDIT_KEY).toBe(env1.AUDIT_KEY);
    expect(env2.REPORT_SIGNING_KEY).toBe(env1.REPORT_SIGNING_KEY);
  });

  it('adds AUDIT_KEY to a secrets file written before it existed, keeping the other values', () => {
    const dir = tempDir();
    const file = path.join(dir, 'secrets.json');
    writeFileSync(file, JSON.stringify({ AUTH_SECRET: 'b'.repeat(43), EVIDENCE_KEYS: 'k1:abc', EVIDENCE_ACTIVE_KEY_ID: 'k1' }), { mode: 0o600 });
    const env: EnvRecord = { DATA_DIR: dir };
    const notes = ensureSecrets(env).join(' ');
    expect(notes).toMatch(/Generated AUDIT_KEY and REPORT_SIGNING_KEY into/);
    expect(notes).toMatch(/Loaded AUTH_SECRET and EVIDENCE_KEYS from/);
    expect(env.AUTH_SECRET).toBe('b'.repeat(43));
    expect(env.EVIDENCE_KEYS).toBe('k1:abc');
    expect(env.AUDIT_KEY).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.parse(readFileSync(file, 'utf8')).AUDIT_KEY).toBe(env.AUDIT_KEY);
  });

  it('leaves values from the environment alone and writes nothing', () => {
    const dir = tempDir();
    const env: EnvRecord = { DATA_DIR: dir, AUTH_SECRET: 'a'.repeat(40), EVIDENCE_KEYS: 'k1:abc', AUDIT_KEY: 'c'.repeat(40), REPORT_SIGNING_KEY: 'set-by-the-operator' };
    expect(ensureSecrets(env)).toEqual([]);
    expect(env.AUTH_SECRET).toBe('a'.repeat(40));
    expect(() => statSync(path.join(dir, 'secrets.json'))).toThrow();
  });

  it('refuses to generate when REQUIRE_ENV_SECRETS is set, naming only the variables', () => {
    const env: EnvRecord = { DATA_DIR: tempDir(), REQUIRE_ENV_SECRETS: '1', EVIDENCE_KEYS: 'k1:abc' };
    expect(() => ensureSecrets(env)).toThrow(MissingSecretsError);
    expect(() => ensureSecrets(env)).toThrow(/Missing AUTH_SECRET, AUDIT_KEY and REPORT_SIGNING_KEY/);
  });

  it('tightens a secrets file that others can read', () => {
    const dir = tempDir();
    ensureSecrets({ DATA_DIR: dir });
    const file = path.join(dir, 'secrets.json');
    chmodSync(file, 0o644);
    expect(ensureSecrets({ DATA_DIR: dir }).join(' ')).toMatch(/Tightened permissions/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).AUTH_SECRET).toBeTruthy();
  });
});

describe('a child process on another data folder', () => {
  it('gets that folder’s secrets, never the parent’s', () => {
    const a = tempDir();
    const b = tempDir();
    const parent: EnvRecord = { DATA_DIR: a, PATH: '/usr/bin' };
    ensureSecrets(parent);
    const child = envForDataDir(b, parent, { PORT: '4000' });
    expect(child).toMatchObject({ DATA_DIR: b, PATH: '/usr/bin', PORT: '4000', AUTH_SECRET: '', EVIDENCE_KEYS: '', EVIDENCE_ACTIVE_KEY_ID: '', AUDIT_KEY: '' });
    ensureSecrets(child);
    expect(child.AUDIT_KEY).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(child.AUDIT_KEY).not.toBe(parent.AUDIT_KEY);
    expect(child.EVIDENCE_KEYS).not.toBe(parent.EVIDENCE_KEYS);
  });
});
