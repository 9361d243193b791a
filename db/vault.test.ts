import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { createFirstAdmin, issueSetupToken } from '@/db/queries/auth';
import { createAssessment } from '@/db/queries/assessments';
import { recordEvidence, referencedStoredNames } from '@/db/queries/evidence';
import { addTeamMember, createTeam } from '@/db/queries/teams';
import type { Actor } from '@/lib/auth/actor';
import { useTempDatabase } from '@/db/testing/temp-db';
import { decodeHeader, HEADER_SIZE, IntegrityError } from '@/lib/vault/envelope';
import { parseKeyRing, type KeyRing } from '@/lib/vault/keys';
import { rotateEvidenceKeys } from './key-rotation';
import { evidenceDir, LocalObjectStore } from '@/lib/vault/local-store';
import { openDecrypted, storeEncrypted, sweepEvidence, UnsupportedTypeError, UploadTooLargeError } from '@/lib/vault/store';

const k1 = randomBytes(32).toString('base64');
const k2 = randomBytes(32).toString('base64');
let dataDir: string;
let actor: Actor;
let assessmentId: string;

beforeEach(() => {
  useTempDatabase();
  dataDir = process.env.DATA_DIR!;
  const admin = createFirstAdmin({ token: issueSetupToken()!, email: 'a@example.com', name: 'A', passwordHash: 'h', ip: null });
  actor = { id: admin.id, email: admin.email, name: admin.name, isAdmin: true, ip: null };
  const team = createTeam(actor, { name: 'T', description: '' });
  addTeamMember(actor, team.id, { email: 'a@example.com', role: 'member' });
  assessmentId = createAssessment(actor, team.id, { appName: 'App', appKind: 'forge', baseUrl: 'https://a.example.com', targetLaunchDate: '2027-01-01', profile: {} }).id;
});

const text = (s: string) => Buffer.from(s, 'utf8');

async function storeAndRecord(ring: KeyRing, body: Buffer, name = 'notes.txt') {
  const id = crypto.randomUUID();
  const stored = await storeEncrypted(Readable.from([body]), { evidenceId: id, filename: name, maxBytes: 1_000_000, ring, dataDir });
  const row = recordEvidence(actor, {
    id,
    assessmentId,
    catalogItemId: 'secrets-rotated',
    validUntil: null,
    evidence: { kind: 'file', name, sizeBytes: stored.size, sha256: stored.sha256, storedName: stored.storedName, mimeType: stored.mime, keyId: stored.keyId, wrappedKey: stored.wrappedKey },
  });
  return { row, stored, file: new LocalObjectStore(evidenceDir(dataDir)).pathOf(stored.storedName) };
}

async function readBack(ring: KeyRing, row: { id: string; storedName: string | null; keyId: string | null; wrappedKey: string | null; sha256: string | null }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of openDecrypted({ id: row.id, storedName: row.storedName!, keyId: row.keyId!, wrappedKey: row.wrappedKey!, sha256: row.sha256! }, ring, dataDir)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('evidence store', () => {
  it('stores encrypted, reads back verified, and never writes the plaintext', async () => {
    const ring = parseKeyRing(`k1:${k1}`, undefined);
    const body = text('PLAINTEXT-MARKER '.repeat(10_000));
    const { row, file } = await storeAndRecord(ring, body);
    expect(readFileSync(file).includes(text('PLAINTEXT-MARKER'))).toBe(false);
    expect((await readBack(ring, row)).equals(body)).toBe(true);
  });

  it('refuses oversize and mistyped uploads and leaves nothing on disk', async () => {
    const ring = parseKeyRing(`k1:${k1}`, undefined);
    await expect(storeEncrypted(Readable.from([Buffer.alloc(2000, 0x41)]), { evidenceId: 'x', filename: 'a.txt', maxBytes: 1999, ring, dataDir })).rejects.toThrow(UploadTooLargeError);
    await expect(storeEncrypted(Readable.from([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])]), { evidenceId: 'x', filename: 'a.pdf', maxBytes: 1e6, ring, dataDir })).rejects.toThrow(UnsupportedTypeError);
    expect(readdirSync(evidenceDir(dataDir)).filter((f) => f !== 'tmp')).toEqual([]);
    expect(readdirSync(`${evidenceDir(dataDir)}/tmp`)).toEqual([]);
  });

  it('fails the read when the file on disk was altered', async () => {
    const ring = parseKeyRing(`k1:${k1}`, undefined);
    const { row, file } = await storeAndRecord(ring, text('x'.repeat(100_000)));
    const bytes = readFileSync(file);
    bytes[HEADER_SIZE + 70_000] = bytes[HEADER_SIZE + 70_000]! ^ 0xff;
    writeFileSync(file, bytes);
    await expect(readBack(ring, row)).rejects.toThrow(IntegrityError);
  });

  it('sweeps temporary files and files without a row, and keeps recorded ones', async () => {
    const ring = parseKeyRing(`k1:${k1}`, undefined);
    const { stored } = await storeAndRecord(ring, text('kept'));
    writeFileSync(`${evidenceDir(dataDir)}/tmp/abandoned.part`, 'x');
    writeFileSync(`${evidenceDir(dataDir)}/${'f'.repeat(32)}`, 'orphan');
    const referenced = referencedStoredNames();
    expect(await sweepEvidence(dataDir, (n) => referenced.has(n))).toEqual({ tempRemoved: 1, orphansRemoved: 1 });
    expect(readdirSync(evidenceDir(dataDir)).sort()).toEqual([stored.storedName, 'tmp'].sort());
  });
});

describe('key rotation', () => {
  it('re-wraps every file under the new key; afterwards the old key can go', async () => {
    const before = parseKeyRing(`k1:${k1}`, undefined);
    const files = await Promise.all([0, 1, 2].map((i) => storeAndRecord(before, text(`file ${i} `.repeat(5000)))));
    const bodiesBefore = files.map((f) => readFileSync(f.file).subarray(HEADER_SIZE));

    const both = parseKeyRing(`k1:${k1},k2:${k2}`, 'k2');
    const result = await rotateEvidenceKeys(both, dataDir);
    expect(result).toEqual({ rewrapped: 3, failed: [], remaining: 0 });
    // Bodies untouched; headers now name k2.
    files.forEach((f, i) => {
      const now = readFileSync(f.file);
      expect(now.subarray(HEADER_SIZE).equals(bodiesBefore[i]!)).toBe(true);
      expect(decodeHeader(now).keyId).toBe('k2');
    });
    // Running again does nothing.
    expect(await rotateEvidenceKeys(both, dataDir)).toEqual({ rewrapped: 0, failed: [], remaining: 0 });

    const onlyNew = parseKeyRing(`k2:${k2}`, undefined);
    const { getDb } = await import('@/db/connection');
    const { evidence } = await import('@/db/schema');
    for (const row of getDb().select().from(evidence).all()) {
      expect(row.keyId).toBe('k2');
      expect((await readBack(onlyNew, row)).toString()).toMatch(/^file \d /);
    }
  });

  it('reports files whose key is missing instead of failing silently', async () => {
    await storeAndRecord(parseKeyRing(`k1:${k1}`, undefined), text('old'));
    const result = await rotateEvidenceKeys(parseKeyRing(`k2:${k2}`, undefined), dataDir);
    expect(result.rewrapped).toBe(0);
    expect(result.failed[0]?.reason).toBe('key "k1" is not in EVIDENCE_KEYS');
    expect(result.remaining).toBe(1);
  });
});
