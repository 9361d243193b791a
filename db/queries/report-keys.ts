import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import type { PublishedKey } from '@/lib/report/signing/envelope';
import { loadSigningKey, type SigningKey } from '@/lib/report/signing/keys';
import { AppError } from '@/lib/errors';
import { getDb } from '../index';
import { reportSigningKeys } from '../schema';
import { appendAudit } from './audit';

let cached: { secret: string; key: SigningKey } | null = null;

/**
 * The key that signs report exports now: REPORT_SIGNING_KEY, with its public half published. The first use of a
 * new key opens its validity and closes that of the key before it, in one transaction, so the published list
 * always says which key signed reports made when.
 */
export function activeReportSigningKey(now = new Date(), secret = env().REPORT_SIGNING_KEY): SigningKey {
  if (cached?.secret !== secret) cached = { secret, key: loadSigningKey(secret) };
  const key = cached.key;
  getDb().transaction(
    (tx) => {
      const row = tx.select().from(reportSigningKeys).where(eq(reportSigningKeys.keyId, key.keyId)).get();
      if (row?.validUntil) {
        // A retired key would sign reports that its own published window says it cannot have signed.
        throw new AppError(`The report signing key ${key.keyId} was retired on ${row.validUntil.toISOString()}. Set a new REPORT_SIGNING_KEY to sign reports again.`, 503);
      }
      if (row) return;
      const retired = tx.update(reportSigningKeys).set({ validUntil: now }).where(and(isNull(reportSigningKeys.validUntil), ne(reportSigningKeys.keyId, key.keyId))).returning({ keyId: reportSigningKeys.keyId }).all();
      tx.insert(reportSigningKeys).values({ keyId: key.keyId, publicKeyPem: key.publicKeyPem, validFrom: now, validUntil: null }).run();
      appendAudit(tx, { action: 'report.signing-key-activated', actor: null, actorLabel: 'system', target: { type: 'report-signing-key', id: key.keyId }, details: { keyId: key.keyId, retired: retired.map((r) => r.keyId) } });
      log.info({ event: 'report.signing-key-activated', keyId: key.keyId, retired: retired.map((r) => r.keyId) }, 'report signing key activated');
    },
    { behavior: 'immediate' },
  );
  return key;
}

/** Every key this instance ever signed with, oldest first: public, so anyone holding a report can check it. */
export function publishedReportKeys(): PublishedKey[] {
  return getDb()
    .select()
    .from(reportSigningKeys)
    .orderBy(asc(reportSigningKeys.validFrom))
    .all()
    .map((k) => ({ keyId: k.keyId, algorithm: 'Ed25519' as const, publicKeyPem: k.publicKeyPem, validFrom: k.validFrom.toISOString(), validUntil: k.validUntil?.toISOString() ?? null }));
}
