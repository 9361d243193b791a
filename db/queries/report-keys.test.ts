import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { generateSigningKeySecret, loadSigningKey } from '@/lib/report/signing/keys';
import { signReport } from '@/lib/report/signing/sign';
import { verifyReport } from '@/lib/report/signing/verify';
import { useTempDatabase } from '@/db/testing/temp-db';
import type { DB } from '../connection';
import { auditLog } from '../schema';
import { activeReportSigningKey, publishedReportKeys } from './report-keys';

let db: DB;
beforeEach(() => {
  db = useTempDatabase();
});

const csv = Buffer.from('report_id,title\n0b7e4c1a-6f0e-4d7b-9a53-2f1c8e9d4b21,x\n');
const meta = (generatedAt: Date) => ({ reportId: '0b7e4c1a-6f0e-4d7b-9a53-2f1c8e9d4b21', appName: 'Poker', generatedAt: generatedAt.toISOString() });

describe('report signing keys', () => {
  it('publishes the key on first use, once, and audits it', () => {
    const secret = generateSigningKeySecret();
    const t0 = new Date('2026-12-01T10:00:00.000Z');
    const key = activeReportSigningKey(t0, secret);
    activeReportSigningKey(new Date('2026-12-01T11:00:00.000Z'), secret);
    expect(key.keyId).toBe(loadSigningKey(secret).keyId);
    expect(publishedReportKeys()).toEqual([{ keyId: key.keyId, algorithm: 'Ed25519', publicKeyPem: key.publicKeyPem, validFrom: t0.toISOString(), validUntil: null }]);
    const audited = db.select().from(auditLog).all().filter((e) => e.action === 'report.signing-key-activated');
    expect(audited).toHaveLength(1);
    // The published half only: no private key material leaves the environment.
    expect(JSON.stringify(publishedReportKeys())).not.toContain('PRIVATE');
  });

  it('keeps the old public key after rotation, so reports it signed before still verify and later ones do not', () => {
    const oldSecret = generateSigningKeySecret();
    const newSecret = generateSigningKeySecret();
    const before = new Date('2026-11-01T10:00:00.000Z');
    const rotation = new Date('2026-12-01T10:00:00.000Z');
    const oldKey = activeReportSigningKey(before, oldSecret);
    const signedBefore = signReport(csv, 'csv', meta(new Date('2026-11-15T10:00:00.000Z')), oldKey);
    const newKey = activeReportSigningKey(rotation, newSecret);
    const keys = publishedReportKeys();
    expect(keys.map((k) => [k.keyId, k.validUntil])).toEqual([
      [oldKey.keyId, rotation.toISOString()],
      [newKey.keyId, null],
    ]);
    expect(verifyReport(signedBefore.bytes, JSON.stringify(signedBefore.envelope), keys)).toMatchObject({ genuine: true, key: { keyId: oldKey.keyId } });
    // A report claiming the old key after its retirement: a stolen old key is no use for new reports.
    const backdated = signReport(csv, 'csv', meta(new Date('2026-12-02T10:00:00.000Z')), oldKey);
    expect(verifyReport(backdated.bytes, JSON.stringify(backdated.envelope), keys)).toMatchObject({ genuine: false, reason: 'key-not-valid' });
    const fresh = signReport(csv, 'csv', meta(new Date('2026-12-02T10:00:00.000Z')), newKey);
    expect(verifyReport(fresh.bytes, JSON.stringify(fresh.envelope), keys)).toMatchObject({ genuine: true, key: { keyId: newKey.keyId } });
  });

  it('refuses to sign again with a retired key', () => {
    const a = generateSigningKeySecret();
    activeReportSigningKey(new Date('2026-11-01T10:00:00.000Z'), a);
    activeReportSigningKey(new Date('2026-12-01T10:00:00.000Z'), generateSigningKeySecret());
    expect(() => activeReportSigningKey(new Date(), a)).toThrow(AppError);
    expect(() => activeReportSigningKey(new Date(), a)).toThrow(/was retired on 2026-12-01T10:00:00.000Z/);
  });
});
