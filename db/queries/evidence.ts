import { and, desc, eq, exists, gt, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Actor } from '@/lib/auth/actor';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { getDb } from '../index';
import { assessmentItems, assessments, evidence, planVersions, users, type Evidence } from '../schema';
import { enforce, lockOf, requireAssessment } from './access';
import { appendAudit } from './audit';
import { recordContribution, syncReviewState } from './reviews';
import type { Executor } from './executor';

/** Internal to the data layer: the item that takes new evidence, with the caller's right to add it checked. */
export function requireItemForEvidence(tx: Executor, actor: Actor, assessmentId: string, catalogItemId: string) {
  const { assessment, standing } = requireAssessment(tx, actor, assessmentId, 'assessment.read');
  const item = tx.select().from(assessmentItems).where(and(eq(assessmentItems.assessmentId, assessment.id), eq(assessmentItems.catalogItemId, catalogItemId))).get();
  if (!item) throw new NotFoundError();
  enforce(actor, standing, 'evidence.write', { kind: 'evidence', lock: lockOf(assessment), deleted: false }, { type: 'assessment-item', id: item.id });
  if (item.removedFromCatalogAt) throw new ValidationError('This item was removed from the catalog; it takes no new evidence.');
  return { assessment, item };
}

export type EvidenceAction = 'evidence.read' | 'evidence.write' | 'evidence.restore' | 'evidence.purge';

/**
 * Internal to the data layer: evidence by id with `action` checked. Outside the caller's teams it is the same
 * not-found as a missing id; reading deleted evidence is not-found for everyone but admins (lib/permissions.ts).
 */
export function requireEvidence(tx: Executor, actor: Actor, evidenceId: string, action: EvidenceAction) {
  const row = tx.select({ evidence, assessmentId: assessmentItems.assessmentId, catalogItemId: assessmentItems.catalogItemId }).from(evidence).innerJoin(assessmentItems, eq(assessmentItems.id, evidence.assessmentItemId)).where(eq(evidence.id, evidenceId)).get();
  if (!row) throw new NotFoundError();
  const { assessment, standing } = requireAssessment(tx, actor, row.assessmentId, 'assessment.read');
  const lock = lockOf(assessment);
  const target = { type: 'evidence', id: evidenceId };
  enforce(actor, standing, action, { kind: 'evidence', lock, deleted: row.evidence.deletedAt !== null }, target);
  return { evidence: row.evidence, assessment, catalogItemId: row.catalogItemId };
}

/** May the actor add evidence to this item? Asked by the upload route before it reads a byte of the body. */
export function assertMayAddEvidence(actor: Actor, assessmentId: string, catalogItemId: string): void {
  requireItemForEvidence(getDb(), actor, assessmentId, catalogItemId);
}

/** A stored file the actor may download, or not-found (also for links, notes, and purged bodies). */
export function evidenceFileForDownload(actor: Actor, evidenceId: string) {
  const { evidence: row } = requireEvidence(getDb(), actor, evidenceId, 'evidence.read');
  if (row.kind !== 'file' || !row.storedName || !row.keyId || !row.wrappedKey || !row.sha256 || row.purgedAt) throw new NotFoundError();
  return { ...row, storedName: row.storedName, keyId: row.keyId, wrappedKey: row.wrappedKey, sha256: row.sha256 };
}

/**
 * Internal to the data layer. After any evidence change: the actor counts as an author for four eyes, and the
 * sign-off is re-checked against the new digest. The item's version stays: it guards the fields the item form
 * edits, and evidence is none of them, so adding proof before marking an item met never looks like a conflict.
 */
export function touchItem(tx: Executor, itemId: string, actorId: string, options: { asAuthor?: boolean } = {}) {
  if (options.asAuthor !== false) recordContribution(tx, itemId, actorId, 'evidence');
  syncReviewState(tx, itemId, actorId);
}

/**
 * Internal to the data layer. Marks plan-version evidence superseded wherever its plan has a newer version, but
 * only in assessments that are open: an approved or archived one stays exactly as it was signed until it is
 * reopened or restored, which calls this again. Returns how many pieces of evidence it marked.
 */
export function supersedeOutdatedPlanEvidence(tx: Executor, scope: { planId: string } | { assessmentId: string }, actorId: string, options: { asAuthor: boolean }): number {
  const newer = alias(planVersions, 'newer');
  const outdated = tx
    .select({ id: evidence.id, itemId: evidence.assessmentItemId })
    .from(evidence)
    .innerJoin(planVersions, eq(planVersions.id, evidence.planVersionId))
    .innerJoin(assessmentItems, eq(assessmentItems.id, evidence.assessmentItemId))
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .where(
      and(
        isNull(evidence.supersededAt),
        isNull(evidence.deletedAt),
        isNull(evidence.replacedAt),
        eq(assessments.state, 'active'),
        isNull(assessments.launchApprovedAt),
        'planId' in scope ? eq(planVersions.planId, scope.planId) : eq(assessments.id, scope.assessmentId),
        exists(tx.select({ one: sql`1` }).from(newer).where(and(eq(newer.planId, planVersions.planId), gt(newer.number, planVersions.number)))),
      ),
    )
    .all();
  const now = new Date();
  for (const e of outdated) {
    tx.update(evidence).set({ supersededAt: now }).where(eq(evidence.id, e.id)).run();
    touchItem(tx, e.itemId, actorId, options);
  }
  return outdated.length;
}

export type NewEvidence =
  | { kind: 'file'; name: string; sizeBytes: number; sha256: string; storedName: string; mimeType: string; keyId: string; wrappedKey: string }
  | { kind: 'link'; name: string; url: string; sha256: string }
  | { kind: 'text'; name: string; body: string; sha256: string; sizeBytes: number }
  | { kind: 'plan'; name: string; sha256: string; planVersionId: string }
  | { kind: 'probe'; name: string; body: string; sha256: string; sizeBytes: number; probeRunId: string; probeOutcome: string };

/**
 * Records evidence on an item in one transaction with its audit entry. With `replaces`, it becomes the next
 * revision of that evidence and the earlier revision is kept, marked replaced.
 */
export type EvidenceInput = { id: string; assessmentId: string; catalogItemId: string; validUntil: string | null; replaces?: string | null; evidence: NewEvidence };

export function recordEvidence(actor: Actor, input: EvidenceInput): Evidence {
  return getDb().transaction((tx) => recordEvidenceIn(tx, actor, input), { behavior: 'immediate' });
}

/** recordEvidence inside the caller's transaction. */
export function recordEvidenceIn(tx: Executor, actor: Actor, input: EvidenceInput): Evidence {
  const { item } = requireItemForEvidence(tx, actor, input.assessmentId, input.catalogItemId);
  let lineageId = input.id;
  let revision = 1;
  if (input.replaces) {
    const previous = tx.select().from(evidence).where(and(eq(evidence.id, input.replaces), eq(evidence.assessmentItemId, item.id))).get();
    if (!previous || previous.deletedAt || previous.replacedAt) throw new ValidationError('The evidence to replace is gone or was already replaced. Reload the page.');
    if (previous.kind !== input.evidence.kind) throw new ValidationError('A replacement must be of the same kind.');
    lineageId = previous.lineageId ?? previous.id;
    revision = previous.revision + 1;
    tx.update(evidence).set({ replacedAt: new Date() }).where(eq(evidence.id, previous.id)).run();
  }
  const e = input.evidence;
  const row = tx
    .insert(evidence)
    .values({
      id: input.id,
      assessmentItemId: item.id,
      kind: e.kind,
      name: e.name,
      url: e.kind === 'link' ? e.url : null,
      body: e.kind === 'text' || e.kind === 'probe' ? e.body : null,
      sizeBytes: e.kind === 'file' || e.kind === 'text' || e.kind === 'probe' ? e.sizeBytes : null,
      sha256: e.sha256,
      storedName: e.kind === 'file' ? e.storedName : null,
      mimeType: e.kind === 'file' ? e.mimeType : null,
      keyId: e.kind === 'file' ? e.keyId : null,
      wrappedKey: e.kind === 'file' ? e.wrappedKey : null,
      planVersionId: e.kind === 'plan' ? e.planVersionId : null,
      probeRunId: e.kind === 'probe' ? e.probeRunId : null,
      probeOutcome: e.kind === 'probe' ? e.probeOutcome : null,
      uploadedById: actor.id,
      validUntil: input.validUntil,
      lineageId,
      revision,
    })
    .returning()
    .get();
  touchItem(tx, item.id, actor.id);
  appendAudit(tx, {
    action: input.replaces ? 'evidence.replaced' : 'evidence.added',
    actor,
    target: { type: 'evidence', id: row.id },
    details: { assessmentId: input.assessmentId, catalogItemId: input.catalogItemId, kind: e.kind, name: e.name, sha256: row.sha256, revision, replaces: input.replaces ?? null },
  });
  return row;
}

/** Hides evidence from the item; the row (and file) stay for the audit trail until an admin purges it. */
export function deleteEvidence(actor: Actor, evidenceId: string): void {
  getDb().transaction(
    (tx) => {
      const { evidence: row } = requireEvidence(tx, actor, evidenceId, 'evidence.write');
      if (row.deletedAt) return;
      tx.update(evidence).set({ deletedAt: new Date() }).where(eq(evidence.id, evidenceId)).run();
      touchItem(tx, row.assessmentItemId, actor.id);
      appendAudit(tx, { action: 'evidence.deleted', actor, target: { type: 'evidence', id: evidenceId }, details: { name: row.name, kind: row.kind } });
    },
    { behavior: 'immediate' },
  );
}

/**
 * Undoes a delete: the evidence counts again exactly as it was (same id and hash, so a sign-off of that state can
 * come back by its digest). Anyone who may delete may undo; a purged body is gone for good.
 */
export function restoreDeletedEvidence(actor: Actor, evidenceId: string): void {
  getDb().transaction(
    (tx) => {
      const { evidence: row } = requireEvidence(tx, actor, evidenceId, 'evidence.restore');
      if (!row.deletedAt) return;
      if (row.purgedAt) throw new ValidationError('This evidence was purged, so it cannot be restored. Upload it again.');
      if (row.replacedAt) throw new ValidationError('A newer revision replaced this evidence; it cannot be restored.');
      tx.update(evidence).set({ deletedAt: null }).where(eq(evidence.id, evidenceId)).run();
      touchItem(tx, row.assessmentItemId, actor.id);
      appendAudit(tx, { action: 'evidence.restored', actor, target: { type: 'evidence', id: evidenceId }, details: { name: row.name, kind: row.kind } });
    },
    { behavior: 'immediate' },
  );
}

/** Admin only: removes a deleted file's body for good. Returns the stored name so the caller can unlink it. */
export function purgeEvidence(actor: Actor, evidenceId: string): string | null {
  return getDb().transaction(
    (tx) => {
      const { evidence: row } = requireEvidence(tx, actor, evidenceId, 'evidence.purge');
      if (!row.deletedAt && !row.replacedAt) throw new ValidationError('Delete the evidence before purging it.');
      if (row.purgedAt) return null;
      tx.update(evidence).set({ purgedAt: new Date(), body: null, url: null }).where(eq(evidence.id, evidenceId)).run();
      appendAudit(tx, { action: 'evidence.purged', actor, target: { type: 'evidence', id: evidenceId }, details: { name: row.name, sha256: row.sha256 } });
      return row.storedName;
    },
    { behavior: 'immediate' },
  );
}

export function recordEvidenceDownload(actor: Actor, evidenceId: string, how: 'download' | 'preview' = 'download'): void {
  getDb().transaction((tx) => appendAudit(tx, { action: 'evidence.downloaded', actor, target: { type: 'evidence', id: evidenceId }, details: { how } }), { behavior: 'immediate' });
}

export function recordIntegrityFailure(actor: Actor | null, evidenceId: string, reason: string): void {
  getDb().transaction((tx) => appendAudit(tx, { action: 'evidence.integrity-failed', actor, actorLabel: actor ? null : 'system', target: { type: 'evidence', id: evidenceId }, details: { reason } }), { behavior: 'immediate' });
}

export type EvidenceListRow = Evidence & { uploaderName: string | null; planId: string | null; planVersionNumber: number | null };

/** All revisions of an item's evidence, newest first; the page groups them by lineage. */
export function listItemEvidence(tx: Executor, itemId: string, options: { includeDeleted?: boolean } = {}): EvidenceListRow[] {
  return tx
    .select({ evidence, uploaderName: users.name, planId: planVersions.planId, planVersionNumber: planVersions.number })
    .from(evidence)
    .leftJoin(users, eq(users.id, evidence.uploadedById))
    .leftJoin(planVersions, eq(planVersions.id, evidence.planVersionId))
    .where(and(eq(evidence.assessmentItemId, itemId), options.includeDeleted ? undefined : isNull(evidence.deletedAt)))
    .orderBy(desc(evidence.createdAt), desc(evidence.revision))
    .all()
    .map((r) => ({ ...r.evidence, uploaderName: r.uploaderName, planId: r.planId, planVersionNumber: r.planVersionNumber }));
}

/** Every stored file name that a row still refers to (for the start-up sweep). */
export function referencedStoredNames(): Set<string> {
  const rows = getDb().select({ storedName: evidence.storedName }).from(evidence).where(and(isNotNull(evidence.storedName), isNull(evidence.purgedAt))).all();
  return new Set(rows.map((r) => r.storedName!));
}

// ---- key rotation (command line; no actor: whoever can run it already holds the keys) ----

export type KeyedFile = { id: string; storedName: string; keyId: string; wrappedKey: string };

export function listFilesNotUnderKey(activeKeyId: string): KeyedFile[] {
  return getDb()
    .select({ id: evidence.id, storedName: evidence.storedName, keyId: evidence.keyId, wrappedKey: evidence.wrappedKey })
    .from(evidence)
    .where(and(eq(evidence.kind, 'file'), isNull(evidence.purgedAt), isNotNull(evidence.storedName), ne(evidence.keyId, activeKeyId)))
    .all() as KeyedFile[];
}

/** Swaps one file's wrapped data key, only if nobody changed it since it was read. */
export function setEvidenceKey(id: string, fromKeyId: string, toKeyId: string, wrappedKey: string): boolean {
  return getDb().update(evidence).set({ keyId: toKeyId, wrappedKey }).where(and(eq(evidence.id, id), eq(evidence.keyId, fromKeyId))).run().changes === 1;
}

export function recordKeyRotation(details: { activeKeyId: string; rewrapped: number; failed: number; remaining: number }): void {
  getDb().transaction((tx) => appendAudit(tx, { action: 'keys.rotated', actorLabel: 'command line', details }), { behavior: 'immediate' });
}
