'use server';

import { createHash } from 'node:crypto';
import { deleteEvidence, purgeEvidence, recordEvidence, restoreDeletedEvidence } from '@/db/queries/evidence';
import { env } from '@/lib/env';
import { evidenceStore } from '@/lib/vault/stores';
import { AssessmentTargetSchema, AttachPlanSchema, EvidenceIdSchema, LinkEvidenceSchema, TextEvidenceSchema } from './evidence-schemas';
import { attachPlanEvidence } from '@/db/queries/plans';
import { applyCatalogUpgrade } from '@/db/queries/catalog-upgrade';
import { saveItem, type SaveItemResult } from '@/db/queries/items';
import { parseInput, runAction, type ActionResult } from '@/app/_server/action-result';
import { requireActor } from '@/app/_server/current-user';
import { ItemUpdateSchema } from '@/lib/checklist/item-schema';

export async function saveItemAction(input: unknown): Promise<ActionResult<SaveItemResult>> {
  return runAction(async () => {
    const actor = await requireActor();
    return saveItem(actor, parseInput(ItemUpdateSchema, input));
  });
}

export async function upgradeCatalogAction(input: unknown): Promise<ActionResult<{ added: number; changed: number; removed: number }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const { assessmentId } = parseInput(AssessmentTargetSchema, input);
    const diff = applyCatalogUpgrade(actor, assessmentId);
    return { added: diff.added.length, changed: diff.changed.length, removed: diff.removed.length };
  });
}

export async function addLinkEvidenceAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const v = parseInput(LinkEvidenceSchema, input);
    const row = recordEvidence(actor, { id: crypto.randomUUID(), assessmentId: v.assessmentId, catalogItemId: v.catalogItemId, validUntil: v.validUntil || null, evidence: { kind: 'link', name: v.title, url: v.url, sha256: sha256Hex(v.url) } });
    return { id: row.id };
  });
}

export async function addTextEvidenceAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const v = parseInput(TextEvidenceSchema, input);
    const sha256 = sha256Hex(v.body);
    const row = recordEvidence(actor, {
      id: crypto.randomUUID(),
      assessmentId: v.assessmentId,
      catalogItemId: v.catalogItemId,
      validUntil: v.validUntil || null,
      evidence: { kind: 'text', name: v.title, body: v.body, sha256, sizeBytes: Buffer.byteLength(v.body) },
    });
    return { id: row.id };
  });
}

function sha256Hex(text: string): string {
  // A link's hash covers its address, so a sign-off notices when the link is swapped for another.
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export async function attachPlanEvidenceAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const v = parseInput(AttachPlanSchema, input);
    return { id: attachPlanEvidence(actor, { assessmentId: v.assessmentId, catalogItemId: v.catalogItemId, planId: v.planId }).id };
  });
}

export async function deleteEvidenceAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireActor();
    deleteEvidence(actor, parseInput(EvidenceIdSchema, input).evidenceId);
    return null;
  });
}

export async function restoreEvidenceAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireActor();
    restoreDeletedEvidence(actor, parseInput(EvidenceIdSchema, input).evidenceId);
    return null;
  });
}

export async function purgeEvidenceAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireActor();
    const storedName = purgeEvidence(actor, parseInput(EvidenceIdSchema, input).evidenceId);
    // The row no longer refers to the body, so a delete that fails here is retried by the start-up sweep.
    if (storedName) await evidenceStore(env().DATA_DIR).delete(storedName).catch(() => undefined);
    return null;
  });
}
