import { and, asc, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { currentCatalog } from '@/lib/catalog/load';
import { ItemUpdateSchema, type ItemUpdateInput } from '@/lib/checklist/item-schema';
import { ForbiddenError, NotFoundError, ValidationError } from '@/lib/errors';
import { completeDisasterRecoveryPlan } from '@/lib/testing/plan-fixtures';
import { withMetReason } from '@/lib/testing/met-reason';
import { useTempDatabase } from '@/db/testing/temp-db';
import type { DB } from '../connection';
import { alertAuditEntries, assessmentItems, assessments, auditLog, evidence, itemHistory, itemReviews, reviewContributions, securityAlerts, type AssessmentItem, type User } from '../schema';
import { acknowledgeAlert, countOpenAlerts, listAlerts } from './alert-admin';
import { createAssessment } from './assessments';
import { recordAccessDenied } from './audit';
import { createFirstAdmin, issueSetupToken, recordLockedSignIn, recordSignInFailure } from './auth';
import { deleteEvidence, purgeEvidence, recordEvidence, recordIntegrityFailure, restoreDeletedEvidence } from './evidence';
import { saveItem } from './items';
import { attachPlanEvidence, createPlan, publishPlan, saveDraft } from './plans';
import { approveLaunch, launchBlockers, reopenAssessment } from './launch';
import { digestOfItem } from './reviews';
import { listReviewQueue, nextReviewFor } from './review-queue';
import { requestChanges, signOffItem, STALE_DIGEST_MESSAGE } from './sign-off';
import { addTeamMember, createTeam } from './teams';
import { createUserWithPassword } from './users';

const asActor = (u: User): Actor => ({ id: u.id, email: u.email, name: u.name, isAdmin: u.isAdmin, ip: '127.0.0.1' });
const TODAY = '2026-11-28';
const ITEM = 'authn-every-request';

let db: DB;
let admin: Actor;
let ann: Actor;
let bob: Actor;
let rita: Actor;
let rex: Actor;
let audrey: Actor;
let assessmentId: string;

beforeEach(() => {
  db = useTempDatabase();
  admin = asActor(createFirstAdmin({ token: issueSetupToken()!, email: 'admin@example.com', name: 'Ada', passwordHash: 'h', ip: null }));
  const user = (email: string, name: string) => asActor(createUserWithPassword(null, { email, name, isAdmin: false, passwordHash: 'h' }));
  ann = user('ann@example.com', 'Ann');
  bob = user('bob@example.com', 'Bob');
  rita = user('rita@example.com', 'Rita');
  rex = user('rex@example.com', 'Rex');
  audrey = user('audrey@example.com', 'Audrey');
  const teamId = createTeam(admin, { name: 'Payments', description: '' }).id;
  const otherTeam = createTeam(admin, { name: 'Search', description: '' }).id;
  addTeamMember(admin, teamId, { email: ann.email, role: 'member' });
  addTeamMember(admin, teamId, { email: bob.email, role: 'member' });
  addTeamMember(admin, teamId, { email: rita.email, role: 'reviewer' });
  addTeamMember(admin, teamId, { email: audrey.email, role: 'auditor' });
  addTeamMember(admin, otherTeam, { email: rex.email, role: 'reviewer' });
  // Every profile question answered "no": the fewest applicable items.
  const profile = Object.fromEntries(currentCatalog().profileQuestions.map((q) => [q.id, false]));
  assessmentId = createAssessment(ann, teamId, { appName: 'Poker', appKind: 'forge', baseUrl: 'https://poker.example.com', targetLaunchDate: '2027-03-31', profile }).id;
});

const row = (catalogItemId = ITEM): AssessmentItem => db.select().from(assessmentItems).where(and(eq(assessmentItems.assessmentId, assessmentId), eq(assessmentItems.catalogItemId, catalogItemId))).get()!;
const digest = (catalogItemId = ITEM) => digestOfItem(db, row(catalogItemId));
const reviewCount = () => db.select().from(itemReviews).all().length;
const audits = (action: string) => db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(asc(auditLog.id)).all();

function save(actor: Actor, values: Partial<ItemUpdateInput>, catalogItemId = ITEM) {
  const r = row(catalogItemId);
  const result = saveItem(
    actor,
    ItemUpdateSchema.parse({ assessmentId, catalogItemId, version: r.version, status: r.status, justification: r.justification, gapResponse: r.gapResponse ?? '', gapText: r.gapText, gapDueDate: r.gapDueDate ?? '', ownerId: r.ownerId ?? '', dueDate: r.dueDate ?? '', notes: r.notes, criteriaMet: JSON.parse(r.criteriaMet), ...withMetReason(values, r.justification) }),
  );
  if (!result.saved) throw new Error('conflict');
}

function addLink(actor: Actor, url: string, options: { replaces?: string; validUntil?: string; catalogItemId?: string } = {}) {
  return recordEvidence(actor, { id: crypto.randomUUID(), assessmentId, catalogItemId: options.catalogItemId ?? ITEM, validUntil: options.validUntil ?? null, replaces: options.replaces, evidence: { kind: 'link', name: 'Scan', url, sha256: url.padEnd(64, '0').slice(0, 64) } });
}

const teamIdOf = () => db.select({ teamId: assessments.teamId }).from(assessments).where(eq(assessments.id, assessmentId)).get()!.teamId;


const sign = (actor: Actor, catalogItemId = ITEM, comment = '') => signOffItem(actor, { assessmentId, catalogItemId, digest: digest(catalogItemId), comment });

describe('sign-off with four eyes', () => {
  beforeEach(() => {
    save(ann, { status: 'met', ownerId: ann.id });
    addLink(bob, 'https://scanner.example.com/report/1');
  });

  it('lets a reviewer who did none of the work sign off, bound to the digest, with history and audit', () => {
    const { reviewId } = sign(rita, ITEM, 'Checked the scan');
    const item = row();
    expect(item.signOffId).toBe(reviewId);
    expect(db.select().from(itemReviews).where(eq(itemReviews.id, reviewId)).get()).toMatchObject({ decision: 'approved', reviewerId: rita.id, digest: item.reviewDigest, comment: 'Checked the scan' });
    const [entry] = audits('item.signed-off');
    expect(entry).toMatchObject({ actorId: rita.id, targetId: item.id });
    expect(JSON.parse(entry!.details)).toMatchObject({ digest: item.reviewDigest, status: 'met' });
    expect(listReviewQueue(rita, {}).items).toHaveLength(0);
  });

  it('refuses the owner, whoever set the status and evidence uploaders, admins included; nothing is recorded', () => {
    save(ann, { ownerId: rita.id });
    expect(() => sign(rita)).toThrow(/You own this item/);
    save(ann, { ownerId: ann.id });
    // An admin could otherwise sign anything, so the admin shows each rule.
    save(admin, { status: 'partially_met', gapResponse: 'risk_acceptance', gapText: 'Accepted for launch', riskAcceptedById: ann.id, gapDueDate: '2099-12-31' });
    expect(() => sign(admin)).toThrow(/You set this item’s status/);
    save(bob, { status: 'met' });
    addLink(admin, 'https://scanner.example.com/admin');
    expect(() => sign(admin)).toThrow(/You added evidence/);
    expect(() => sign(ann)).toThrow(/You own this item/);
    expect(() => sign(bob)).toThrow(/You set this item’s status/);
    expect(reviewCount()).toBe(0);
    expect(audits('item.signed-off')).toHaveLength(0);
  });

  it('refuses members, auditors and reviewers of other teams, and a digest that no longer matches', () => {
    expect(() => sign(audrey)).toThrow(ForbiddenError);
    expect(() => sign(rex)).toThrow(NotFoundError);
    const seen = digest();
    addLink(ann, 'https://scanner.example.com/report/2');
    expect(() => signOffItem(rita, { assessmentId, catalogItemId: ITEM, digest: seen, comment: '' })).toThrow(STALE_DIGEST_MESSAGE);
    expect(reviewCount()).toBe(0);
  });

  it('goes stale when evidence is added, replaced or deleted, or status or justification change; not for notes, owner or due date', () => {
    const signAgain = () => {
      sign(rita);
      expect(row().signOffId).not.toBeNull();
    };
    signAgain();
    save(ann, { notes: 'More context', dueDate: '2027-01-01' });
    save(ann, { ownerId: bob.id });
    expect(row().signOffId).not.toBeNull();

    const added = addLink(ann, 'https://scanner.example.com/report/3');
    expect(row().signOffId).toBeNull();
    const queued = listReviewQueue(rita, {}).items;
    expect(queued.map((q) => q.catalogItemId)).toEqual([ITEM]);
    expect(queued[0]!.stale).toBe(true);
    const signOffHistory = db.select().from(itemHistory).where(and(eq(itemHistory.assessmentItemId, row().id), eq(itemHistory.field, 'sign-off'))).all();
    expect(signOffHistory.at(-1)?.newValue).toMatch(/^Stale/);

    signAgain();
    const replacement = addLink(bob, 'https://scanner.example.com/report/4', { replaces: added.id });
    expect(row().signOffId).toBeNull();
    signAgain();
    deleteEvidence(bob, replacement.id);
    expect(row().signOffId).toBeNull();
    signAgain();
    save(ann, { status: 'not_applicable', justification: 'No endpoints of our own.' });
    expect(row().signOffId).toBeNull();
    signAgain();
    save(ann, { justification: 'No endpoints of our own at all.' });
    expect(row().signOffId).toBeNull();
    expect(listReviewQueue(rita, {}).items).toHaveLength(1);
  });

  it('request changes needs a comment, sends the item back to in progress and out of the queue', () => {
    expect(() => requestChanges(rita, { assessmentId, catalogItemId: ITEM, digest: digest(), comment: '  ' })).toThrow(ValidationError);
    expect(reviewCount()).toBe(0);
    requestChanges(rita, { assessmentId, catalogItemId: ITEM, digest: digest(), comment: 'Attach the full report' });
    const item = row();
    expect(item.status).toBe('in_progress');
    expect(item.statusSetById).toBe(rita.id);
    expect(listReviewQueue(rita, {}).items).toHaveLength(0);
    expect(audits('item.changes-requested')).toHaveLength(1);
    // Rita set the status now; once Ann claims it again, Rita may review it.
    save(ann, { status: 'met' });
    expect(() => sign(rita)).not.toThrow();
  });
});

describe('launch approval', () => {
  const applicableIds = () => db.select({ id: assessmentItems.catalogItemId }).from(assessmentItems).where(and(eq(assessmentItems.assessmentId, assessmentId), eq(assessmentItems.excludedByProfile, false))).all().map((r) => r.id);

  function signEverything(except: string[] = []) {
    for (const id of applicableIds()) {
      if (except.includes(id)) continue;
      save(ann, { status: 'met', ownerId: ann.id }, id);
      sign(rita, id);
    }
  }

  it('is refused while one item is unsigned or evidence expired, then locks the assessment; reopening needs a reason and is audited', () => {
    const last = applicableIds().at(-1)!;
    signEverything([last]);
    expect(() => approveLaunch(rita, assessmentId, TODAY)).toThrow(/1 applicable item is not signed off/);
    save(ann, { status: 'met' }, last);
    const expired = addLink(bob, 'https://scanner.example.com/old', { catalogItemId: last, validUntil: '2026-01-01' });
    sign(rita, last);
    expect(launchBlockers(db, assessmentId, TODAY).unsigned).toHaveLength(0);
    expect(() => approveLaunch(rita, assessmentId, TODAY)).toThrow(/1 piece of evidence has expired/);
    expect(() => approveLaunch(ann, assessmentId, TODAY)).toThrow(ForbiddenError);
    expect(() => approveLaunch(rex, assessmentId, TODAY)).toThrow(NotFoundError);
    expect(() => approveLaunch(audrey, assessmentId, TODAY)).toThrow(ForbiddenError);
    addLink(bob, 'https://scanner.example.com/new', { catalogItemId: last, replaces: expired.id });
    sign(rita, last);
    approveLaunch(rita, assessmentId, TODAY);
    expect(audits('assessment.launch-approved')).toHaveLength(1);

    expect(() => save(ann, { notes: 'late change' })).toThrow(/approved for launch and read-only/);
    expect(() => addLink(ann, 'https://x.example.com')).toThrow(/read-only/);
    expect(() => approveLaunch(rita, assessmentId, TODAY)).toThrow(/read-only/);

    expect(() => reopenAssessment(rita, assessmentId, '   ')).toThrow(/reason/);
    expect(() => reopenAssessment(audrey, assessmentId, 'Auditors cannot')).toThrow(ForbiddenError);
    expect(() => reopenAssessment(rex, assessmentId, 'Not my team at all')).toThrow(NotFoundError);
    reopenAssessment(rita, assessmentId, 'Pen test found an issue');
    const [reopened] = audits('assessment.reopened');
    expect(JSON.parse(reopened!.details)).toMatchObject({ reason: 'Pen test found an issue' });
    expect(() => save(ann, { notes: 'fixing' })).not.toThrow();
  });
});

describe('security alerts', () => {
  it('ten failed sign-ins for one account raise one alert that links its entries; acknowledging is audited and resets counting', () => {
    for (let i = 0; i < 5; i++) recordSignInFailure({ email: 'victim@example.com', ip: `10.0.0.${i}`, reason: 'wrong password' });
    for (let i = 0; i < 4; i++) recordLockedSignIn({ email: 'victim@example.com', ip: '10.0.1.1' });
    expect(countOpenAlerts(admin)).toBe(0);
    recordLockedSignIn({ email: 'Victim@example.com', ip: '10.0.1.1' });
    expect(countOpenAlerts(admin)).toBe(1);
    const [alert] = listAlerts(admin);
    expect(alert).toMatchObject({ kind: 'sign-in-failures-account', subject: 'victim@example.com', count: 10 });
    expect(db.select().from(alertAuditEntries).where(eq(alertAuditEntries.alertId, alert!.id)).all()).toHaveLength(10);

    recordLockedSignIn({ email: 'victim@example.com', ip: '10.0.1.1' });
    expect(listAlerts(admin)[0]!.count).toBe(11);
    expect(() => acknowledgeAlert(ann, alert!.id)).toThrow(NotFoundError);
    acknowledgeAlert(admin, alert!.id);
    expect(countOpenAlerts(admin)).toBe(0);
    expect(audits('alert.acknowledged')).toHaveLength(1);
    // Counting starts again after the acknowledgement.
    for (let i = 0; i < 9; i++) recordLockedSignIn({ email: 'victim@example.com', ip: '10.0.1.1' });
    expect(countOpenAlerts(admin)).toBe(0);
    recordLockedSignIn({ email: 'victim@example.com', ip: '10.0.1.1' });
    expect(countOpenAlerts(admin)).toBe(1);
  });

  it('twenty failures from one address raise an address alert', () => {
    for (let i = 0; i < 20; i++) recordLockedSignIn({ email: `user${i}@example.com`, ip: '192.0.2.7' });
    expect(db.select().from(securityAlerts).where(eq(securityAlerts.kind, 'sign-in-failures-ip')).all()).toHaveLength(1);
  });

  it('repeated refusals on another team’s records raise an alert; one integrity failure does at once', () => {
    for (let i = 0; i < 10; i++) {
      try {
        save(rex, { notes: 'probe' });
      } catch (e) {
        expect(e).toBeInstanceOf(NotFoundError);
        recordAccessDenied((e as NotFoundError).denial!);
      }
    }
    const access = db.select().from(securityAlerts).where(eq(securityAlerts.kind, 'access-denied')).get();
    expect(access).toMatchObject({ subject: rex.id, count: 10 });
    expect(access!.subjectLabel).toContain('rex@example.com');

    recordIntegrityFailure(null, 'evidence-1', 'tag mismatch');
    expect(db.select().from(securityAlerts).where(eq(securityAlerts.kind, 'evidence-integrity')).all()).toHaveLength(1);
  });
});

describe('four eyes cover every change a sign-off covers', () => {
  // Admins can both edit items and sign them off, so they show each rule; nobody else holds both rights.
  beforeEach(() => {
    save(ann, { status: 'not_applicable', justification: 'No user accounts at all', ownerId: ann.id });
    addLink(bob, 'https://scanner.example.com/report/1');
  });

  it('bars whoever changed the justification since the last sign-off', () => {
    save(admin, { justification: 'No accounts; the host product signs people in' });
    expect(() => sign(admin)).toThrow('You changed its justification since it was last signed off, so someone else has to sign it off.');
    sign(rita);
  });

  it('bars whoever changed the gap plan, its date or the kind of gap response', () => {
    save(ann, { status: 'partially_met', gapResponse: 'plan', gapText: 'Add MFA for every account', gapDueDate: '2027-01-31' });
    save(admin, { gapText: 'Add MFA for admins first' });
    expect(() => sign(admin)).toThrow(/You changed its plan or risk acceptance since/);
    sign(rita);
    save(admin, { gapDueDate: '2027-02-28' });
    expect(() => sign(admin)).toThrow(/You changed its gap date since/);
    sign(rita);
    save(admin, { gapResponse: 'risk_acceptance', gapText: 'Accepted by the CISO', riskAcceptedById: ann.id, gapDueDate: '2099-12-31' });
    expect(() => sign(admin)).toThrow(/You changed its gap response since/);
  });

  it('bars whoever added and then deleted evidence, or replaced someone else’s', () => {
    const mine = addLink(admin, 'https://scanner.example.com/admin');
    deleteEvidence(admin, mine.id);
    expect(() => sign(admin)).toThrow('You changed its evidence since it was last signed off, so someone else has to sign it off.');
    sign(rita);
    const bobs = db.select().from(evidence).where(eq(evidence.uploadedById, bob.id)).get()!;
    deleteEvidence(admin, bobs.id);
    expect(() => sign(admin)).toThrow(/You changed its evidence since/);
  });

  it('bars the author of an attached plan version, even when a member attached it', () => {
    const OPS = 'ops-disaster-recovery-and-continuity-plan';
    save(ann, { status: 'met' }, OPS);
    const plan = createPlan(ann, teamIdOf(), { templateId: 'disaster-recovery', title: 'DR' });
    saveDraft(ann, { planId: plan.id, version: 1, title: 'DR', nextReviewDate: '', lastExercisedDate: '', content: completeDisasterRecoveryPlan() });
    // Ann wrote the draft; the admin published it, which makes the version the admin's claim.
    publishPlan(admin, { planId: plan.id, version: 2 });
    attachPlanEvidence(bob, { assessmentId, catalogItemId: OPS, planId: plan.id });
    expect(() => sign(admin, OPS)).toThrow('You published a plan version this item relies on, so someone else has to sign it off.');
    expect(listReviewQueue(admin, {}).items.find((i) => i.catalogItemId === OPS)?.conflict).toMatch(/published a plan version/);
    sign(rita, OPS);
  });

  it('starts counting afresh after a sign-off, and a change request is not authorship', () => {
    save(admin, { justification: 'Edited by the admin' });
    sign(rita);
    // Bob's change makes the sign-off stale; the admin's earlier edit was covered by Rita's sign-off.
    save(bob, { justification: 'Edited by Bob' });
    expect(row().signOffId).toBeNull();
    expect(listReviewQueue(admin, {}).items.find((i) => i.catalogItemId === ITEM)?.conflict).toBeNull();
    requestChanges(admin, { assessmentId, catalogItemId: ITEM, digest: digest(), comment: 'Name the host product' });
    save(ann, { status: 'not_applicable', justification: 'No accounts; Jira signs people in' });
    sign(admin);
    expect(row().signOffId).not.toBeNull();
  });

  it('bars whoever changed the profile so that the item applies again', () => {
    save(admin, { justification: 'Unchanged by profile' });
    sign(rita);
    expect(db.select().from(reviewContributions).all()).toHaveLength(0);
    // Contributions go with the sign-off that covered them; the table does not grow without bound.
    save(admin, { status: 'met' });
    expect(db.select({ what: reviewContributions.what }).from(reviewContributions).all().map((r) => r.what)).toEqual(['status']);
  });
});

describe('plans and locked assessments', () => {
  it('publishing a plan leaves an approved assessment as signed, and applies once it is reopened', () => {
    const OPS = 'ops-disaster-recovery-and-continuity-plan';
    const plan = createPlan(ann, teamIdOf(), { templateId: 'disaster-recovery', title: 'DR' });
    saveDraft(ann, { planId: plan.id, version: 1, title: 'DR', nextReviewDate: '', lastExercisedDate: '', content: completeDisasterRecoveryPlan() });
    publishPlan(ann, { planId: plan.id, version: 2 });
    for (const r of db.select().from(assessmentItems).where(and(eq(assessmentItems.assessmentId, assessmentId), eq(assessmentItems.excludedByProfile, false))).all()) {
      save(bob, { status: 'met' }, r.catalogItemId);
      if (r.catalogItemId === OPS) attachPlanEvidence(bob, { assessmentId, catalogItemId: OPS, planId: plan.id });
      sign(rita, r.catalogItemId);
    }
    approveLaunch(rita, assessmentId, TODAY);
    const before = row(OPS);
    expect(publishPlan(ann, { planId: plan.id, version: 2 })).toEqual({ number: 2, superseded: 0 });
    expect(row(OPS)).toEqual(before);
    expect(launchBlockers(db, assessmentId, TODAY).unsigned).toEqual([]);

    reopenAssessment(rita, assessmentId, 'A new DR plan was published');
    expect(row(OPS).signOffId).toBeNull();
    expect(JSON.parse(audits('assessment.reopened')[0]!.details)).toMatchObject({ supersededEvidence: 1 });
    // Reopening is not authorship: Rita may review the item again once the new version is attached.
    attachPlanEvidence(bob, { assessmentId, catalogItemId: OPS, planId: plan.id });
    sign(rita, OPS);
  });
});

describe('the item version guards only the fields the form edits', () => {
  const formSave = (actor: Actor, version: number, values: Partial<ItemUpdateInput>) => {
    const r = row();
    return saveItem(actor, ItemUpdateSchema.parse({ assessmentId, catalogItemId: ITEM, version, status: r.status, justification: r.justification, gapResponse: r.gapResponse ?? '', gapText: r.gapText, gapDueDate: r.gapDueDate ?? '', ownerId: r.ownerId ?? '', dueDate: r.dueDate ?? '', notes: r.notes, criteriaMet: JSON.parse(r.criteriaMet), ...values }));
  };

  it('adding, replacing, deleting evidence and attaching a plan leave the version alone, so the open form still saves', () => {
    const opened = row().version;
    const link = addLink(ann, 'https://scanner.example.com/report/1');
    const next = addLink(ann, 'https://scanner.example.com/report/2', { replaces: link.id });
    deleteEvidence(ann, next.id);
    addLink(bob, 'https://scanner.example.com/report/3');
    expect(row().version).toBe(opened);
    expect(formSave(ann, opened, { status: 'met' })).toMatchObject({ saved: true, version: opened + 1 });
  });

  it('still reports a real conflict when someone else saved a form field, naming them', () => {
    const opened = row().version;
    formSave(bob, opened, { notes: 'Bob was here' });
    addLink(ann, 'https://scanner.example.com/report/1');
    const result = formSave(ann, opened, { status: 'met' });
    expect(result).toMatchObject({ saved: false, conflict: { version: opened + 1, updatedBy: 'Bob', current: { notes: 'Bob was here' } } });
  });
});

describe('undoing an evidence delete', () => {
  it('brings the same evidence back, audited, for those who may write; never a purged one', () => {
    const link = addLink(ann, 'https://scanner.example.com/report/undo');
    const withLink = digest();
    deleteEvidence(ann, link.id);
    expect(digest()).not.toBe(withLink);
    expect(() => restoreDeletedEvidence(audrey, link.id)).toThrow(ForbiddenError);
    expect(() => restoreDeletedEvidence(rex, link.id)).toThrow(NotFoundError);
    restoreDeletedEvidence(bob, link.id);
    expect(db.select().from(evidence).where(eq(evidence.id, link.id)).get()!.deletedAt).toBeNull();
    // Same id, same hash: the item is back to the state it had, digest and all.
    expect(digest()).toBe(withLink);
    expect(audits('evidence.restored').map((a) => a.actorId)).toEqual([bob.id]);
    // Restoring puts evidence back on the item, so for four eyes it is authorship.
    expect(db.select().from(reviewContributions).where(eq(reviewContributions.userId, bob.id)).all().map((c) => c.what)).toEqual(['evidence']);
    // Restoring what is not deleted changes nothing.
    restoreDeletedEvidence(bob, link.id);
    expect(audits('evidence.restored')).toHaveLength(1);

    deleteEvidence(ann, link.id);
    purgeEvidence(admin, link.id);
    expect(() => restoreDeletedEvidence(ann, link.id)).toThrow('This evidence was purged, so it cannot be restored. Upload it again.');
  });
});

describe('next in queue', () => {
  it('offers the longest-waiting item the reviewer may sign, never the current one or one four eyes bar', () => {
    const others = db.select().from(assessmentItems).where(and(eq(assessmentItems.assessmentId, assessmentId), eq(assessmentItems.excludedByProfile, false))).all().filter((r) => r.catalogItemId !== ITEM).slice(0, 2);
    save(ann, { status: 'met' });
    save(ann, { status: 'met' }, others[0]!.catalogItemId);
    // Rita owns the second one, so she may not sign it.
    save(ann, { status: 'met', ownerId: rita.id }, others[1]!.catalogItemId);
    const next = nextReviewFor(rita, { assessmentId, catalogItemId: ITEM });
    expect(next).toMatchObject({ href: `/teams/${teamIdOf()}/assessments/${assessmentId}/items/${others[0]!.catalogItemId}`, appName: 'Poker' });
    signOffItem(rita, { assessmentId, catalogItemId: others[0]!.catalogItemId, digest: digest(others[0]!.catalogItemId), comment: '' });
    expect(nextReviewFor(rita, { assessmentId, catalogItemId: others[0]!.catalogItemId })).toMatchObject({ href: expect.stringMatching(new RegExp(`/items/${ITEM}$`)) });
    expect(nextReviewFor(rita, { assessmentId, catalogItemId: ITEM })).toBeNull();
    expect(nextReviewFor(rex, { assessmentId, catalogItemId: ITEM })).toBeNull();
  });
});
