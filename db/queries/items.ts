import { and, eq } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/actor';
import { currentCatalog } from '@/lib/catalog/load';
import type { Catalog } from '@/lib/catalog/schema';
import type { ItemUpdate } from '@/lib/checklist/item-schema';
import { statusLabels } from '@/lib/checklist/statuses';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { getDb } from '../index';
import { assessmentItems, itemHistory, users, type AssessmentItem } from '../schema';
import { requireAssessment } from './access';
import { listAssignablePeople, listRiskAcceptors } from './team-people';
import { appendAudit } from './audit';
import { currentEvidenceOf, recordContribution, syncReviewState } from './reviews';

/** The editable part of an item, as the form holds it. */
export type ItemValues = Omit<ItemUpdate, 'assessmentId' | 'catalogItemId' | 'version'>;

export function itemValues(item: AssessmentItem): ItemValues {
  return {
    status: item.status,
    justification: item.justification,
    gapResponse: item.gapResponse ?? '',
    gapText: item.gapText,
    gapDueDate: item.gapDueDate ?? '',
    riskAcceptedById: item.riskAcceptedById ?? '',
    ownerId: item.ownerId ?? '',
    dueDate: item.dueDate ?? '',
    notes: item.notes,
    criteriaMet: JSON.parse(item.criteriaMet) as string[],
  };
}

// What a sign-off covers (lib/review/digest.ts); changing one of these bars the person from signing the item.
const signedFields = new Set<keyof ItemValues>(['status', 'justification', 'gapResponse', 'gapText', 'gapDueDate', 'riskAcceptedById']);

export const MET_WITHOUT_EVIDENCE_MESSAGE = 'No evidence is attached. Say why this item is met without it, so a reviewer can check the claim (at least 10 characters).';

export type SaveItemResult =
  | { saved: true; version: number; changed: string[] }
  | { saved: false; conflict: { current: ItemValues; version: number; updatedBy: string | null; updatedAt: string | null } };

const fieldLabels: Record<keyof ItemValues, string> = {
  status: 'status',
  justification: 'justification',
  gapResponse: 'gap response',
  gapText: 'plan or risk acceptance',
  gapDueDate: 'gap closed by',
  riskAcceptedById: 'risk accepted by',
  ownerId: 'owner',
  dueDate: 'due date',
  notes: 'notes',
  criteriaMet: 'acceptance criteria',
};

/**
 * Saves an item if nobody saved it since `input.version`; otherwise returns what is stored now, so the person
 * can merge instead of overwriting. Every changed field goes to the item's history; status changes also to the
 * audit log. All in one transaction.
 */
export function saveItem(actor: Actor, input: ItemUpdate, catalog: Catalog = currentCatalog(), today: string = new Date().toISOString().slice(0, 10)): SaveItemResult {
  return getDb().transaction(
    (tx) => {
      const { assessment } = requireAssessment(tx, actor, input.assessmentId, 'assessment.write');
      const item = tx.select().from(assessmentItems).where(and(eq(assessmentItems.assessmentId, assessment.id), eq(assessmentItems.catalogItemId, input.catalogItemId))).get();
      if (!item) throw new NotFoundError();
      if (item.removedFromCatalogAt) throw new ValidationError('This item was removed from the catalog; it is kept only for the record.');
      const catalogItem = catalog.itemsById.get(input.catalogItemId);
      if (!catalogItem) throw new NotFoundError();
      if (item.excludedByProfile) throw new ValidationError('This item does not apply under the current profile. Change the profile to work on it.');

      if (item.version !== input.version) {
        const updatedBy = item.updatedById ? tx.select({ name: users.name }).from(users).where(eq(users.id, item.updatedById)).get()?.name ?? null : null;
        return { saved: false, conflict: { current: itemValues(item), version: item.version, updatedBy, updatedAt: item.updatedAt?.toISOString() ?? null } };
      }

      const people = listAssignablePeople(tx, assessment.teamId);
      if (input.ownerId && !people.some((p) => p.id === input.ownerId)) {
        throw new ValidationError('The owner must be a member or reviewer of this team.', { ownerId: 'Choose someone on this team.' });
      }
      const knownCriteria = new Set(catalogItem.acceptanceCriteria.map((c) => c.id));
      if (input.criteriaMet.some((c) => !knownCriteria.has(c))) throw new ValidationError('Unknown acceptance criterion.', { criteriaMet: 'Unknown acceptance criterion.' });

      const hasGap = input.status === 'partially_met' || input.status === 'not_met';
      const isRiskAcceptance = hasGap && input.gapResponse === 'risk_acceptance';
      const isPlan = hasGap && input.gapResponse === 'plan';
      // A claim of "met" with nothing attached is only acceptable with a reason a reviewer can check.
      const metWithoutEvidence = input.status === 'met' && currentEvidenceOf(tx, item.id).length === 0;
      if (metWithoutEvidence && input.justification.length < 10) throw new ValidationError(MET_WITHOUT_EVIDENCE_MESSAGE, { justification: MET_WITHOUT_EVIDENCE_MESSAGE });
      // Looked up at most once per save, and only when a risk acceptance is involved.
      let acceptorList: ReturnType<typeof listRiskAcceptors> | undefined;
      const acceptors = () => (acceptorList ??= listRiskAcceptors(tx, assessment.teamId));
      if (isRiskAcceptance) {
        if (!acceptors().some((p) => p.id === input.riskAcceptedById)) {
          throw new ValidationError('The person who accepts the risk must be on this team or an admin.', { riskAcceptedById: 'Choose someone on this team or an admin.' });
        }
        if (input.gapDueDate < today) {
          const message = `An acceptance cannot end in the past. Choose ${today} or later.`;
          throw new ValidationError(message, { gapDueDate: message });
        }
      }
      const next: ItemValues = {
        status: input.status,
        // Kept for "met" even once evidence arrives: wiping it would change what a reviewer signed.
        justification: input.status === 'not_applicable' || input.status === 'met' ? input.justification : '',
        gapResponse: hasGap ? input.gapResponse : '',
        gapText: hasGap ? input.gapText : '',
        gapDueDate: isPlan || isRiskAcceptance ? input.gapDueDate : '',
        riskAcceptedById: isRiskAcceptance ? input.riskAcceptedById : '',
        ownerId: input.ownerId,
        // A plan has one date: the day it closes the gap is the day the item is due.
        dueDate: isPlan ? input.gapDueDate : input.dueDate,
        notes: input.notes,
        criteriaMet: [...new Set(input.criteriaMet)].sort(),
      };
      const before = itemValues(item);
      const display = (field: keyof ItemValues, v: ItemValues): string => {
        if (field === 'status') return statusLabels[v.status];
        if (field === 'ownerId') return people.find((p) => p.id === v.ownerId)?.name ?? (v.ownerId ? 'former member' : '');
        if (field === 'riskAcceptedById') return acceptors().find((p) => p.id === v.riskAcceptedById)?.name ?? (v.riskAcceptedById ? 'former member' : '');
        if (field === 'criteriaMet') return v.criteriaMet.map((id) => catalogItem.acceptanceCriteria.find((c) => c.id === id)?.text ?? id).join('; ');
        return String(v[field] ?? '');
      };
      const changed = (Object.keys(fieldLabels) as (keyof ItemValues)[]).filter((f) => JSON.stringify(before[f]) !== JSON.stringify(next[f]));
      // Saving an unchanged answer after a catalog change is how a team confirms it still holds: the note goes.
      if (changed.length === 0 && !item.catalogNote && !item.riskAcceptanceExpiredOn) return { saved: true, version: item.version, changed: [] };

      const now = new Date();
      const version = item.version + 1;
      const updated = tx
        .update(assessmentItems)
        .set({
          status: next.status,
          justification: next.justification,
          gapResponse: next.gapResponse || null,
          gapText: next.gapText,
          gapDueDate: next.gapDueDate || null,
          riskAcceptedById: next.riskAcceptedById || null,
          // Answering the item again (a new acceptance, a plan, or another status) settles an expired acceptance.
          riskAcceptanceExpiredOn: next.gapResponse ? null : item.riskAcceptanceExpiredOn && hasGap ? item.riskAcceptanceExpiredOn : null,
          ownerId: next.ownerId || null,
          dueDate: next.dueDate || null,
          notes: next.notes,
          criteriaMet: JSON.stringify(next.criteriaMet),
          catalogNote: null,
          version,
          updatedAt: now,
          updatedById: actor.id,
          ...(changed.includes('status') ? { statusSetById: actor.id } : {}),
        })
        .where(and(eq(assessmentItems.id, item.id), eq(assessmentItems.version, input.version)))
        .run();
      if (updated.changes !== 1) throw new Error('item changed inside its own transaction');
      for (const field of changed) {
        if (signedFields.has(field)) recordContribution(tx, item.id, actor.id, fieldLabels[field]);
        tx.insert(itemHistory).values({ assessmentItemId: item.id, assessmentId: assessment.id, at: now, actorId: actor.id, field: fieldLabels[field], oldValue: display(field, before), newValue: display(field, next) }).run();
      }
      if (item.catalogNote && changed.length === 0) {
        tx.insert(itemHistory).values({ assessmentItemId: item.id, assessmentId: assessment.id, at: now, actorId: actor.id, field: 'catalog', oldValue: item.catalogNote, newValue: 'Answer confirmed against the new wording' }).run();
      }
      syncReviewState(tx, item.id, actor.id);
      if (changed.includes('status')) {
        appendAudit(tx, {
          action: 'item.status-changed',
          actor,
          target: { type: 'assessment-item', id: item.id },
          details: { assessmentId: assessment.id, catalogItemId: item.catalogItemId, from: before.status, to: next.status },
        });
      }
      return { saved: true, version, changed: changed.length ? changed.map((f) => fieldLabels[f]) : ['catalog change confirmed'] };
    },
    { behavior: 'immediate' },
  );
}
