import { and, asc, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { currentCatalog } from '@/lib/catalog/load';
import { ItemUpdateSchema, type ItemUpdateInput } from '@/lib/checklist/item-schema';
import { ValidationError } from '@/lib/errors';
import { seedTeams } from '@/db/testing/team-fixture';
import { useTempDatabase } from '@/db/testing/temp-db';
import type { DB } from '../connection';
import { assessmentItems, assessments, auditLog, itemHistory, type AssessmentItem } from '../schema';
import { createAssessment } from './assessments';
import { recordEvidence } from './evidence';
import { itemValues, MET_WITHOUT_EVIDENCE_MESSAGE, saveItem } from './items';
import { digestOfItem } from './reviews';
import { reopenAssessment } from './launch';
import { signOffItem } from './sign-off';
import { expireRiskAcceptances } from './risk-acceptance';

const ITEM = 'authn-every-request';
const DAY_OF_SAVE = '2027-01-10';
const ACCEPTED_UNTIL = '2027-02-28';

let db: DB;
let admin: Actor;
let ann: Actor;
let rita: Actor;
let rex: Actor;
let assessmentId: string;

beforeEach(() => {
  db = useTempDatabase();
  const cast = seedTeams({ Ann: { team: 'Payments', role: 'member' }, Rita: { team: 'Payments', role: 'reviewer' }, Rex: { team: 'Search', role: 'member' } });
  ({ admin } = cast);
  ({ Ann: ann, Rita: rita, Rex: rex } = cast.people);
  const teamId = cast.teamId;
  const profile = Object.fromEntries(currentCatalog().profileQuestions.map((q) => [q.id, false]));
  assessmentId = createAssessment(ann, teamId, { appName: 'Poker', appKind: 'forge', baseUrl: 'https://poker.example.com', targetLaunchDate: '2027-03-31', profile }).id;
});

const row = (): AssessmentItem => db.select().from(assessmentItems).where(and(eq(assessmentItems.assessmentId, assessmentId), eq(assessmentItems.catalogItemId, ITEM))).get()!;
const historyRows = () => db.select({ field: itemHistory.field, oldValue: itemHistory.oldValue, newValue: itemHistory.newValue, actorId: itemHistory.actorId }).from(itemHistory).where(eq(itemHistory.assessmentItemId, row().id)).orderBy(asc(itemHistory.id)).all();
const audits = (action: string) => db.select().from(auditLog).where(eq(auditLog.action, action)).all();

function save(actor: Actor, values: Partial<ItemUpdateInput>, today = DAY_OF_SAVE) {
  const r = row();
  return saveItem(
    actor,
    ItemUpdateSchema.parse({
      assessmentId,
      catalogItemId: ITEM,
      version: r.version,
      ...itemValues(r),
      ...values,
    }),
    currentCatalog(),
    today,
  );
}

const acceptance = (by: Actor, until = ACCEPTED_UNTIL): Partial<ItemUpdateInput> => ({
  status: 'partially_met',
  gapResponse: 'risk_acceptance',
  gapText: 'Legacy clients keep basic auth for one partner until it migrates.',
  riskAcceptedById: by.id,
  gapDueDate: until,
});

function fieldErrorOf(fn: () => unknown): Record<string, string> | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).fieldErrors;
  }
  throw new Error('expected a ValidationError');
}

describe('risk acceptance: who accepts it and until when', () => {
  it('is accepted by a person on the team or an admin, never an outsider, and never ending in the past', () => {
    expect(fieldErrorOf(() => save(ann, acceptance(rex)))).toEqual({ riskAcceptedById: 'Choose someone on this team or an admin.' });
    expect(fieldErrorOf(() => save(ann, acceptance(ann, '2027-01-09')))).toEqual({ gapDueDate: 'An acceptance cannot end in the past. Choose 2027-01-10 or later.' });
    expect(row().status).toBe('not_started');

    expect(save(ann, acceptance(admin))).toMatchObject({ saved: true });
    expect(row()).toMatchObject({ status: 'partially_met', gapResponse: 'risk_acceptance', riskAcceptedById: admin.id, gapDueDate: ACCEPTED_UNTIL, riskAcceptanceExpiredOn: null });
    expect(historyRows()).toContainEqual({ field: 'risk accepted by', oldValue: '', newValue: 'Ada', actorId: ann.id });
    // The last day still counts.
    expect(save(ann, acceptance(ann, DAY_OF_SAVE))).toMatchObject({ saved: true });
  });

  it('bars whoever accepts the risk from signing it off', () => {
    save(ann, acceptance(rita));
    expect(() => signOffItem(rita, { assessmentId, catalogItemId: ITEM, digest: digestOfItem(db, row()), comment: '' })).toThrow('You accept this item’s risk, so someone else has to sign it off.');
    signOffItem(admin, { assessmentId, catalogItemId: ITEM, digest: digestOfItem(db, row()), comment: 'Accepted risk is documented.' });
    expect(row().signOffId).not.toBeNull();
  });

  it('expires on the day after its date: not met again, flagged, sign-off stale, audited as the system; once only', () => {
    save(ann, acceptance(ann));
    signOffItem(rita, { assessmentId, catalogItemId: ITEM, digest: digestOfItem(db, row()), comment: 'Fine until February.' });
    const before = row();

    expect(expireRiskAcceptances(ACCEPTED_UNTIL)).toEqual([]);
    expect(row()).toEqual(before);

    const expired = expireRiskAcceptances('2027-03-01');
    expect(expired).toEqual([{ itemId: before.id, assessmentId, catalogItemId: ITEM, acceptedUntil: ACCEPTED_UNTIL }]);
    expect(row()).toMatchObject({ status: 'not_met', gapResponse: null, riskAcceptanceExpiredOn: ACCEPTED_UNTIL, signOffId: null, version: before.version + 1 });
    // What was accepted stays readable, so renewing it is one step.
    expect(row()).toMatchObject({ gapText: before.gapText, gapDueDate: ACCEPTED_UNTIL });
    expect(historyRows().slice(-3)).toEqual([
      { field: 'risk acceptance', oldValue: 'Accepted by Ann until 2027-02-28', newValue: 'Expired after 2027-02-28: accept again or plan a fix', actorId: null },
      { field: 'status', oldValue: 'Partially met', newValue: 'Not met', actorId: null },
      { field: 'sign-off', oldValue: 'Signed off by Rita', newValue: 'Stale: the item changed after it was signed off', actorId: null },
    ]);
    const [audit] = audits('item.risk-acceptance-expired');
    expect(audit).toMatchObject({ actorId: null, actorLabel: 'system', targetId: before.id });
    expect(JSON.parse(audit!.details)).toEqual({ assessmentId, appName: 'Poker', catalogItemId: ITEM, acceptedUntil: ACCEPTED_UNTIL, from: 'partially_met' });

    expect(expireRiskAcceptances('2027-03-02')).toEqual([]);
    expect(audits('item.risk-acceptance-expired')).toHaveLength(1);
  });

  it('stays flagged until the team answers again; a new acceptance clears the flag', () => {
    save(ann, acceptance(ann));
    expireRiskAcceptances('2027-03-01');
    // Saving without choosing how the gap is handled is refused by the form schema, so the flag cannot be skipped.
    expect(() => save(ann, { notes: 'Looking into it' })).toThrow();
    expect(save(ann, { notes: 'Looking into it', gapResponse: 'risk_acceptance', riskAcceptedById: admin.id, gapDueDate: '2027-06-30' }, '2027-03-01')).toMatchObject({ saved: true });
    expect(row()).toMatchObject({ gapResponse: 'risk_acceptance', riskAcceptedById: admin.id, riskAcceptanceExpiredOn: null });
  });

  it('leaves assessments approved for launch or archived as they were decided, until they are reopened', () => {
    save(ann, acceptance(ann));
    db.update(assessments).set({ launchApprovedAt: new Date() }).where(eq(assessments.id, assessmentId)).run();
    expect(expireRiskAcceptances('2027-03-01')).toEqual([]);
    // Reopening applies what ran out while it was approved.
    reopenAssessment(rita, assessmentId, 'Partner migration slipped', '2027-03-01');
    expect(row()).toMatchObject({ status: 'not_met', riskAcceptanceExpiredOn: ACCEPTED_UNTIL });
    save(ann, acceptance(ann, '2027-06-30'), '2027-03-01');
    db.update(assessments).set({ launchApprovedAt: null, state: 'archived' }).where(eq(assessments.id, assessmentId)).run();
    expect(expireRiskAcceptances('2027-07-01')).toEqual([]);
    db.update(assessments).set({ state: 'active' }).where(eq(assessments.id, assessmentId)).run();
    expect(expireRiskAcceptances('2027-07-01', { assessmentId: crypto.randomUUID() })).toEqual([]);
    expect(expireRiskAcceptances('2027-07-01', { assessmentId })).toHaveLength(1);
  });
});

describe('met without evidence', () => {
  it('needs a reason a reviewer can check; with evidence it needs none', () => {
    expect(fieldErrorOf(() => save(ann, { status: 'met' }))).toEqual({ justification: MET_WITHOUT_EVIDENCE_MESSAGE });
    expect(fieldErrorOf(() => save(ann, { status: 'met', justification: 'trust me' }))).toEqual({ justification: MET_WITHOUT_EVIDENCE_MESSAGE });
    expect(row().status).toBe('not_started');
    expect(save(ann, { status: 'met', justification: 'Every route is listed in the gateway config we keep in git.' })).toMatchObject({ saved: true });
    expect(row()).toMatchObject({ status: 'met', justification: 'Every route is listed in the gateway config we keep in git.' });
  });

  it('needs no reason once evidence is attached', () => {
    recordEvidence(ann, { id: crypto.randomUUID(), assessmentId, catalogItemId: ITEM, validUntil: null, evidence: { kind: 'link', name: 'Scan', url: 'https://scan.example.com/1', sha256: 'ab'.repeat(32) } });
    expect(save(ann, { status: 'met' })).toMatchObject({ saved: true });
  });
});

describe('a gap plan has one date', () => {
  it('makes the day it closes the gap the item’s due date', () => {
    save(ann, { status: 'not_met', gapResponse: 'plan', gapText: 'Add auth middleware to the two legacy routes.', gapDueDate: '2027-04-30', dueDate: '2027-01-31' });
    expect(row()).toMatchObject({ gapDueDate: '2027-04-30', dueDate: '2027-04-30' });
  });
});
