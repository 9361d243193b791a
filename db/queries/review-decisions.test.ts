import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { currentCatalog, loadCatalog } from '@/lib/catalog/load';
import type { ProfileAnswers } from '@/lib/catalog/applicability';
import { ItemUpdateSchema, type ItemUpdateInput } from '@/lib/checklist/item-schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/lib/errors';
import { LOCKED_APPROVED } from '@/lib/permissions';
import { withMetReason } from '@/lib/testing/met-reason';
import { seedTeams } from '@/db/testing/team-fixture';
import { useTempDatabase } from '@/db/testing/temp-db';
import type { DB } from '../connection';
import { assessmentItems, assessments, auditLog, itemHistory, itemReviews, reviewContributions, type AssessmentItem, type TeamRole } from '../schema';
import { applyCatalogUpgrade } from './catalog-upgrade';
import { createAssessment, type AssessmentInput } from './assessments';
import { OUTDATED_PREVIEW_MESSAGE, previewAssessmentChange, updateAssessment } from './assessment-profile';
import { deleteEvidence, recordEvidence } from './evidence';
import { saveItem } from './items';
import { approveLaunch, launchBlockers, launchState, reopenAssessment } from './launch';
import { digestOfItem, itemReviewState, restorableSignOff } from './reviews';
import { listReviewQueue } from './review-queue';
import { requestChanges, signOffItem, withdrawSignOff } from './sign-off';
import { changeTeamRole } from './teams';

const TODAY = '2026-11-28';
// Applies only while the app uses object storage, so a profile answer moves it in and out.
const BUCKET_ITEM = 'data-encrypt-at-rest-object-storage';
const OTHER_BUCKET_ITEMS = ['server-object-storage-locked-down', 'monitor-cloud-misconfiguration'];
const catalog = currentCatalog();
const titleOf = (id: string) => catalog.itemsById.get(id)!.title;
const noToAll: ProfileAnswers = Object.fromEntries(catalog.profileQuestions.map((q) => [q.id, false]));
const withBuckets: ProfileAnswers = { ...noToAll, usesObjectStorage: true };

let db: DB;
let admin: Actor;
let ann: Actor;
let rita: Actor;
let rob: Actor;
let audrey: Actor;
let rex: Actor;
let teamId: string;
let assessmentId: string;

const settings = (profile: ProfileAnswers, overrides: Partial<AssessmentInput> = {}): AssessmentInput => ({ appName: 'Poker', appKind: 'forge', baseUrl: 'https://poker.example.com', targetLaunchDate: '2027-03-31', profile, ...overrides });

beforeEach(() => {
  db = useTempDatabase();
  const cast = seedTeams({
    Ann: { team: 'Payments', role: 'member' },
    Rita: { team: 'Payments', role: 'reviewer' },
    Rob: { team: 'Payments', role: 'reviewer' },
    Audrey: { team: 'Payments', role: 'auditor' },
    Rex: { team: 'Search', role: 'reviewer' },
  });
  ({ admin, teamId } = cast);
  ({ Ann: ann, Rita: rita, Rob: rob, Audrey: audrey, Rex: rex } = cast.people);
  assessmentId = createAssessment(ann, teamId, settings(withBuckets)).id;
});

const row = (catalogItemId = BUCKET_ITEM): AssessmentItem => db.select().from(assessmentItems).where(and(eq(assessmentItems.assessmentId, assessmentId), eq(assessmentItems.catalogItemId, catalogItemId))).get()!;
const digest = (catalogItemId = BUCKET_ITEM) => digestOfItem(db, row(catalogItemId));
const sign = (actor: Actor, catalogItemId = BUCKET_ITEM) => signOffItem(actor, { assessmentId, catalogItemId, digest: digest(catalogItemId), comment: '' }).reviewId;
const audits = (action: string) => db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(asc(auditLog.id)).all();
const signOffHistory = (catalogItemId = BUCKET_ITEM) =>
  db
    .select({ oldValue: itemHistory.oldValue, newValue: itemHistory.newValue })
    .from(itemHistory)
    .where(and(eq(itemHistory.assessmentItemId, row(catalogItemId).id), eq(itemHistory.field, 'sign-off')))
    .orderBy(asc(itemHistory.id))
    .all()
    .map((h) => h.newValue);
const setProfile = (actor: Actor, profile: ProfileAnswers) => updateAssessment(actor, assessmentId, settings(profile));

function save(actor: Actor, values: Partial<ItemUpdateInput>, catalogItemId = BUCKET_ITEM, options: { catalog?: typeof catalog } = {}) {
  const r = row(catalogItemId);
  const result = saveItem(
    actor,
    ItemUpdateSchema.parse({ assessmentId, catalogItemId, version: r.version, status: r.status, justification: r.justification, gapResponse: r.gapResponse ?? '', gapText: r.gapText, gapDueDate: r.gapDueDate ?? '', ownerId: r.ownerId ?? '', dueDate: r.dueDate ?? '', notes: r.notes, criteriaMet: JSON.parse(r.criteriaMet), ...withMetReason(values, r.justification) }),
    options.catalog,
  );
  if (!result.saved) throw new Error('conflict');
}

const addLink = (actor: Actor, url: string, catalogItemId = BUCKET_ITEM) =>
  recordEvidence(actor, { id: crypto.randomUUID(), assessmentId, catalogItemId, validUntil: null, evidence: { kind: 'link', name: 'Scan', url, sha256: url.padEnd(64, '0').slice(0, 64) } });

function signedBucketItem() {
  save(ann, { status: 'met', ownerId: ann.id });
  addLink(ann, 'https://kms.example.com/policy');
  return sign(rita);
}

describe('sign-off restored by digest', () => {
  it('comes back when the profile excludes the item and then includes it again, with history and audit', () => {
    const reviewId = signedBucketItem();
    expect(setProfile(ann, noToAll)).toMatchObject({ excluded: 3, restored: 0 });
    expect(row()).toMatchObject({ excludedByProfile: true, signOffId: null });
    expect(signOffHistory().at(-1)).toBe('Stale: the item no longer applies under the profile');

    expect(setProfile(ann, withBuckets)).toEqual({ included: 3, excluded: 0, restored: 1 });
    expect(row()).toMatchObject({ excludedByProfile: false, signOffId: reviewId });
    expect(signOffHistory().at(-1)).toBe('Sign-off restored: the item is back to the state that was signed off by Rita');
    expect(audits('item.sign-off-restored').map((e) => ({ actorId: e.actorId, targetId: e.targetId, reviewId: JSON.parse(e.details).reviewId }))).toEqual([{ actorId: ann.id, targetId: row().id, reviewId }]);
    // The restored sign-off covers the item like a fresh one: no new review, nothing waiting, four eyes count afresh.
    expect(db.select().from(itemReviews).all()).toHaveLength(1);
    expect(listReviewQueue(rita, {}).items.map((i) => i.catalogItemId)).not.toContain(BUCKET_ITEM);
    expect(launchBlockers(db, assessmentId, TODAY).unsigned.map((u) => u.catalogItemId)).not.toContain(BUCKET_ITEM);
    expect(db.select().from(reviewContributions).where(eq(reviewContributions.assessmentItemId, row().id)).all()).toEqual([]);
    expect(JSON.parse(audits('assessment.updated').at(-1)!.details)).toMatchObject({ included: 3, restoredSignOffs: 1 });
  });

  it('does not come back when the evidence changed while the item was out, and does once that change is undone', () => {
    signedBucketItem();
    setProfile(ann, noToAll);
    const extra = addLink(ann, 'https://kms.example.com/rotation');
    setProfile(ann, withBuckets);
    expect(row().signOffId).toBeNull();
    expect(itemReviewState(db, { ...rita, role: 'reviewer' }, db.select().from(assessments).where(eq(assessments.id, assessmentId)).get()!, row()).stale).not.toBeNull();
    // The digest, not the path back, decides: without the extra link the item is in the signed state again.
    deleteEvidence(ann, extra.id);
    expect(row().signOffId).not.toBeNull();
  });

  it('does not come back after a change request, even when the item returns to the signed state', () => {
    const reviewId = signedBucketItem();
    const signedDigest = digest();
    requestChanges(rob, { assessmentId, catalogItemId: BUCKET_ITEM, digest: signedDigest, comment: 'Name the key policy' });
    save(ann, { status: 'met' });
    expect(digest()).toBe(signedDigest);
    expect(row().signOffId).toBeNull();
    setProfile(ann, noToAll);
    setProfile(ann, withBuckets);
    expect(row().signOffId).toBeNull();
    expect(db.select().from(itemReviews).where(eq(itemReviews.id, reviewId)).get()?.decision).toBe('approved');
  });

  it('does not come back after the signer withdrew it', () => {
    signedBucketItem();
    withdrawSignOff(rita, { assessmentId, catalogItemId: BUCKET_ITEM, reason: 'Wrong KMS account' });
    setProfile(ann, noToAll);
    setProfile(ann, withBuckets);
    expect(row().signOffId).toBeNull();
  });

  it('does not come back for a signer who changed the profile, who no longer reviews, or after a catalog change', () => {
    // An admin signed, then moved the item out and in: four eyes bar whoever changed whether it applies.
    save(ann, { status: 'met', ownerId: ann.id });
    sign(admin);
    setProfile(admin, noToAll);
    expect(previewAssessmentChange(admin, assessmentId, settings(withBuckets)).restoredSignOffs).toEqual([]);
    expect(setProfile(admin, withBuckets).restored).toBe(0);

    // Rita signed, then became a member: her sign-off is not handed back to someone who no longer reviews.
    const other = OTHER_BUCKET_ITEMS[0]!;
    save(ann, { status: 'met', ownerId: ann.id }, other);
    sign(rita, other);
    setProfile(ann, noToAll);
    changeTeamRole(admin, teamId, rita.id, 'member');
    expect(setProfile(ann, withBuckets).restored).toBe(0);
    expect(row(other).signOffId).toBeNull();
  });

  it('does not come back when a catalog upgrade changed the item since it was signed', () => {
    const v2 = loadCatalog(path.join(process.cwd(), 'lib', 'checklist', 'fixtures', 'catalog-v2'));
    const CHANGED = 'secrets-rotated';
    save(ann, { status: 'met', ownerId: ann.id }, CHANGED);
    const signedDigest = digest(CHANGED);
    sign(rita, CHANGED);
    applyCatalogUpgrade(ann, assessmentId, v2);
    expect(row(CHANGED)).toMatchObject({ status: 'in_progress', signOffId: null });
    save(ann, { status: 'met' }, CHANGED, { catalog: v2 });
    // Same reviewed state, but the wording Rita signed against changed: a new review is needed.
    expect(digest(CHANGED)).toBe(signedDigest);
    expect(row(CHANGED).signOffId).toBeNull();
  });

  it('is never offered while the assessment is approved for launch', () => {
    const applicable = () => db.select().from(assessmentItems).where(and(eq(assessmentItems.assessmentId, assessmentId), eq(assessmentItems.excludedByProfile, false))).all();
    const reviewId = signedBucketItem();
    setProfile(ann, noToAll);
    for (const r of applicable()) {
      save(ann, { status: 'met', ownerId: ann.id }, r.catalogItemId);
      sign(rita, r.catalogItemId);
    }
    approveLaunch(rita, assessmentId, TODAY);
    const applying = { ...row(), excludedByProfile: false };
    expect(restorableSignOff(db, applying, digestOfItem(db, applying))).toBeNull();
    reopenAssessment(rita, assessmentId, 'Buckets after all');
    expect(restorableSignOff(db, applying, digestOfItem(db, applying))).toMatchObject({ reviewId });
  });
});

describe('previewing a profile change', () => {
  it('lists the items that stop and start applying and the sign-offs that go stale or come back, changing nothing', () => {
    signedBucketItem();
    const before = db.select().from(assessmentItems).all();
    const preview = previewAssessmentChange(ann, assessmentId, settings(noToAll));
    expect(preview).toMatchObject({
      changesApplicability: true,
      startApplying: [],
      staleSignOffs: [{ catalogItemId: BUCKET_ITEM, title: titleOf(BUCKET_ITEM), reviewerName: 'Rita' }],
      restoredSignOffs: [],
    });
    expect(preview.stopApplying.map((i) => i.catalogItemId).sort()).toEqual([BUCKET_ITEM, ...OTHER_BUCKET_ITEMS].sort());
    expect(preview.stopApplying.find((i) => i.catalogItemId === BUCKET_ITEM)?.title).toBe(titleOf(BUCKET_ITEM));
    expect(db.select().from(assessmentItems).all()).toEqual(before);

    updateAssessment(ann, assessmentId, settings(noToAll), undefined, { expectedFingerprint: preview.fingerprint });
    const back = previewAssessmentChange(ann, assessmentId, settings(withBuckets));
    expect(back).toMatchObject({ stopApplying: [], staleSignOffs: [], restoredSignOffs: [{ catalogItemId: BUCKET_ITEM, reviewerName: 'Rita' }] });
    expect(back.startApplying).toHaveLength(3);
  });

  it('says nothing changes for app details alone, and the connect question follows the kind of app', () => {
    expect(previewAssessmentChange(ann, assessmentId, settings(withBuckets, { appName: 'Poker Pro' }))).toMatchObject({ changesApplicability: false, stopApplying: [], startApplying: [] });
    const connect = previewAssessmentChange(ann, assessmentId, settings(withBuckets, { appKind: 'connect' }));
    expect(connect.startApplying.map((i) => i.catalogItemId)).toContain('authn-connect-jwt');
  });

  it('refuses a save whose preview went out of date and changes nothing', () => {
    save(ann, { status: 'met', ownerId: ann.id });
    const preview = previewAssessmentChange(ann, assessmentId, settings(noToAll));
    expect(preview.staleSignOffs).toEqual([]);
    // A sign-off given meanwhile would go stale without having been shown.
    sign(rita);
    expect(() => updateAssessment(ann, assessmentId, settings(noToAll), undefined, { expectedFingerprint: preview.fingerprint })).toThrow(new ConflictError(OUTDATED_PREVIEW_MESSAGE));
    expect(row()).toMatchObject({ excludedByProfile: false, signOffId: expect.any(String) });

    // Someone else saving the settings meanwhile outdates it too.
    const second = previewAssessmentChange(ann, assessmentId, settings(noToAll));
    updateAssessment(ann, assessmentId, settings(withBuckets, { appName: 'Renamed by Bob' }));
    expect(() => updateAssessment(ann, assessmentId, settings(noToAll), undefined, { expectedFingerprint: second.fingerprint })).toThrow(ConflictError);
    expect(db.select().from(assessments).where(eq(assessments.id, assessmentId)).get()!.appName).toBe('Renamed by Bob');

    const fresh = previewAssessmentChange(ann, assessmentId, settings(noToAll));
    expect(updateAssessment(ann, assessmentId, settings(noToAll), undefined, { expectedFingerprint: fresh.fingerprint })).toMatchObject({ excluded: 3 });
  });

  it('is for those who may save: reviewers and auditors are refused, outsiders get not-found', () => {
    expect(() => previewAssessmentChange(rita, assessmentId, settings(noToAll))).toThrow(ForbiddenError);
    expect(() => previewAssessmentChange(audrey, assessmentId, settings(noToAll))).toThrow(ForbiddenError);
    expect(() => previewAssessmentChange(rex, assessmentId, settings(noToAll))).toThrow(NotFoundError);
    expect(() => previewAssessmentChange(admin, assessmentId, settings(noToAll))).not.toThrow();
  });
});

describe('who may reopen an approved assessment', () => {
  beforeEach(() => {
    for (const r of db.select().from(assessmentItems).where(and(eq(assessmentItems.assessmentId, assessmentId), eq(assessmentItems.excludedByProfile, false))).all()) {
      save(ann, { status: 'met', ownerId: ann.id }, r.catalogItemId);
      sign(rita, r.catalogItemId);
    }
    approveLaunch(rita, assessmentId, TODAY);
  });

  it('refuses members and auditors, and the page offers them no button', () => {
    expect(() => reopenAssessment(ann, assessmentId, 'The member wants to edit')).toThrow(
      new ForbiddenError('Only the team’s reviewers and admins can reopen an approved assessment: reopening withdraws a reviewer’s decision.'),
    );
    expect(() => reopenAssessment(audrey, assessmentId, 'The auditor wants to edit')).toThrow(ForbiddenError);
    expect(() => reopenAssessment(rex, assessmentId, 'Not my team at all')).toThrow(NotFoundError);
    expect(launchState(ann, assessmentId, TODAY).canReopen).toBe(false);
    expect(launchState(audrey, assessmentId, TODAY).canReopen).toBe(false);
    expect(db.select().from(assessments).where(eq(assessments.id, assessmentId)).get()!.launchApprovedAt).not.toBeNull();
    expect(audits('assessment.reopened')).toHaveLength(0);
  });

  it('lets any reviewer of the team and an admin reopen', () => {
    expect(launchState(rob, assessmentId, TODAY).canReopen).toBe(true);
    expect(launchState(admin, assessmentId, TODAY).canReopen).toBe(true);
    reopenAssessment(rob, assessmentId, 'Pen test found an issue');
    expect(launchState(rob, assessmentId, TODAY).canReopen).toBe(false);
    approveLaunch(rita, assessmentId, TODAY);
    reopenAssessment(admin, assessmentId, 'Admin reopens for the customer');
    expect(audits('assessment.reopened').map((e) => e.actorId)).toEqual([rob.id, admin.id]);
  });
});

describe('withdrawing a sign-off', () => {
  const withdraw = (actor: Actor, reason = 'The KMS policy was for staging') => withdrawSignOff(actor, { assessmentId, catalogItemId: BUCKET_ITEM, reason });
  const state = (actor: Actor, role: TeamRole | null) => itemReviewState(db, { ...actor, role }, db.select().from(assessments).where(eq(assessments.id, assessmentId)).get()!, row());

  it('lets the signer withdraw with a reason: recorded, in history and audited, and the item waits for review again', () => {
    const reviewId = signedBucketItem();
    expect(state(rita, 'reviewer').canWithdraw).toBe(true);
    withdraw(rita);
    expect(row().signOffId).toBeNull();
    const decisions = db.select({ decision: itemReviews.decision, comment: itemReviews.comment, reviewerId: itemReviews.reviewerId }).from(itemReviews).orderBy(asc(itemReviews.at)).all();
    expect(decisions.at(-1)).toEqual({ decision: 'withdrawn', comment: 'The KMS policy was for staging', reviewerId: rita.id });
    expect(signOffHistory().at(-1)).toBe('Sign-off withdrawn: The KMS policy was for staging');
    const [entry] = audits('item.sign-off-withdrawn');
    expect(entry).toMatchObject({ actorId: rita.id, targetId: row().id });
    expect(JSON.parse(entry!.details)).toMatchObject({ reviewId, reason: 'The KMS policy was for staging' });
    expect(listReviewQueue(rob, {}).items.map((i) => i.catalogItemId)).toContain(BUCKET_ITEM);
    expect(state(ann, 'member')).toMatchObject({ signOff: null, stale: null, withdrawn: { reviewerName: 'Rita', comment: 'The KMS policy was for staging' }, canWithdraw: false });
    // Withdrawing is no authorship: Rita may sign the item again later.
    sign(rita);
    expect(row().signOffId).not.toBeNull();
  });

  it('refuses everyone but the signer: another reviewer, an admin, a member, an auditor, an outsider', () => {
    signedBucketItem();
    expect(state(rob, 'reviewer').canWithdraw).toBe(false);
    expect(state(admin, null).canWithdraw).toBe(false);
    const onlySigner = new ForbiddenError('Only the reviewer who signed this item off can withdraw the sign-off.');
    expect(() => withdraw(rob)).toThrow(onlySigner);
    expect(() => withdraw(admin)).toThrow(onlySigner);
    expect(() => withdraw(ann)).toThrow(onlySigner);
    expect(() => withdraw(audrey)).toThrow(ForbiddenError);
    expect(() => withdraw(rex)).toThrow(NotFoundError);
    expect(row().signOffId).not.toBeNull();
    expect(audits('item.sign-off-withdrawn')).toHaveLength(0);
  });

  it('needs a reason, a sign-off in force and an assessment that is not approved for launch', () => {
    expect(() => withdraw(rita)).toThrow('This item has no sign-off in force, so there is nothing to withdraw.');
    signedBucketItem();
    for (const reason of ['', '   ', 'no']) {
      const error = (() => {
        try {
          withdraw(rita, reason);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fieldErrors).toEqual({ reason: 'Give a reason for withdrawing the sign-off (at least 5 characters).' });
    }
    for (const r of db.select().from(assessmentItems).where(and(eq(assessmentItems.assessmentId, assessmentId), eq(assessmentItems.excludedByProfile, false))).all()) {
      if (r.signOffId) continue;
      save(ann, { status: 'met', ownerId: ann.id }, r.catalogItemId);
      sign(rita, r.catalogItemId);
    }
    approveLaunch(rita, assessmentId, TODAY);
    expect(state(rita, 'reviewer').canWithdraw).toBe(false);
    expect(() => withdraw(rita)).toThrow(LOCKED_APPROVED);
    expect(row().signOffId).not.toBeNull();
    expect(db.select().from(itemReviews).where(eq(itemReviews.decision, 'withdrawn')).all()).toHaveLength(0);
  });
});
