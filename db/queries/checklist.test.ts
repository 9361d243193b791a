import { and, asc, eq } from 'drizzle-orm';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { findFirstBrokenEntry } from '@/lib/audit/chain';
import type { Actor } from '@/lib/auth/actor';
import { isApplicable, type ProfileAnswers } from '@/lib/catalog/applicability';
import { currentCatalog, loadCatalog } from '@/lib/catalog/load';
import type { Catalog, CatalogItem } from '@/lib/catalog/schema';
import { ItemUpdateSchema, type ItemUpdate, type ItemUpdateInput } from '@/lib/checklist/item-schema';
import { computeReadiness } from '@/lib/checklist/readiness';
import { ForbiddenError, NotFoundError, ValidationError } from '@/lib/errors';
import { MET_REASON, withMetReason } from '@/lib/testing/met-reason';
import { useTempDatabase } from '@/db/testing/temp-db';
import type { DB } from '../connection';
import { assessmentItems, assessments, auditLog, itemHistory, type Assessment, type AssessmentItem, type User } from '../schema';
import { applyCatalogUpgrade, previewCatalogUpgrade } from './catalog-upgrade';
import { createAssessment, effectiveProfile, listAssessments, setAssessmentArchived, type AssessmentInput } from './assessments';
import { updateAssessment } from './assessment-profile';
import { createFirstAdmin, issueSetupToken } from './auth';
import { saveItem, type SaveItemResult } from './items';
import { digestOfItem } from './reviews';
import { listReviewQueue } from './review-queue';
import { signOffItem } from './sign-off';
import { addTeamMember, createTeam } from './teams';
import { createUserWithPassword, setUserDisabled } from './users';

const asActor = (u: User): Actor => ({ id: u.id, email: u.email, name: u.name, isAdmin: u.isAdmin, ip: '127.0.0.1' });

const V2_DIR = path.join(process.cwd(), 'lib', 'checklist', 'fixtures', 'catalog-v2');
const v1: Catalog = currentCatalog();
const v2: Catalog = loadCatalog(V2_DIR);

/** A Forge app that keeps sessions, stores data and calls out, but runs no servers, owns no domains and uses no buckets or OAuth. */
const profile: ProfileAnswers = {
  runsOwnServers: false,
  hasCustomDomains: false,
  hasBrowserSessions: true,
  storesCustomerData: true,
  usesObjectStorage: false,
  usesOAuth: false,
  makesOutboundRequests: true,
};
const input = (overrides: Partial<AssessmentInput> = {}): AssessmentInput => ({
  appName: 'Sprint Poker',
  appKind: 'forge',
  baseUrl: 'https://poker.example.com',
  targetLaunchDate: '2027-03-31',
  profile,
  ...overrides,
});

/** Items this profile excludes, written out so a wrong applicability rule cannot pass by agreeing with itself. */
const EXCLUDED_BY_PROFILE = [
  'authn-connect-jwt',
  'authz-connect-jwt-claims',
  'data-encrypt-at-rest-object-storage',
  'leak-oauth-credentials',
  'leak-connect-shared-secret',
  'server-unused-http-methods-disabled',
  'server-tls-minimum-version',
  'server-hsts-one-year',
  'server-no-dangling-domains',
  'server-connect-baseurl-owned',
  'server-object-storage-locked-down',
  'server-patched',
  'monitor-cloud-misconfiguration',
];
const OBJECT_STORAGE_ITEMS = ['data-encrypt-at-rest-object-storage', 'server-object-storage-locked-down', 'monitor-cloud-misconfiguration'];

let db: DB;
let admin: Actor;
let member: Actor;
let colleague: Actor;
let reviewer: Actor;
let auditor: Actor;
let outsider: Actor;
let teamId: string;

beforeEach(() => {
  db = useTempDatabase();
  const token = issueSetupToken()!;
  admin = asActor(createFirstAdmin({ token, email: 'Admin@Example.com', name: 'Ada', passwordHash: 'scrypt$x', ip: null }));
  const user = (email: string, name: string) => asActor(createUserWithPassword(null, { email, name, isAdmin: false, passwordHash: 'h' }));
  member = user('max@example.com', 'Max');
  colleague = user('olga@example.com', 'Olga');
  reviewer = user('rita@example.com', 'Rita');
  auditor = user('aud@example.com', 'Audrey');
  outsider = user('otto@example.com', 'Otto');
  teamId = createTeam(admin, { name: 'Payments', description: '' }).id;
  const otherTeam = createTeam(admin, { name: 'Search', description: '' }).id;
  addTeamMember(admin, teamId, { email: member.email, role: 'member' });
  addTeamMember(admin, teamId, { email: colleague.email, role: 'member' });
  addTeamMember(admin, teamId, { email: reviewer.email, role: 'reviewer' });
  addTeamMember(admin, teamId, { email: auditor.email, role: 'auditor' });
  addTeamMember(admin, otherTeam, { email: outsider.email, role: 'member' });
});

const itemRow = (assessmentId: string, catalogItemId: string): AssessmentItem => {
  const row = db
    .select()
    .from(assessmentItems)
    .where(and(eq(assessmentItems.assessmentId, assessmentId), eq(assessmentItems.catalogItemId, catalogItemId)))
    .get();
  if (!row) throw new Error(`no item ${catalogItemId}`);
  return row;
};
const itemsOf = (assessmentId: string) => db.select().from(assessmentItems).where(eq(assessmentItems.assessmentId, assessmentId)).all();
const historyOf = (itemId: string) =>
  db
    .select({ field: itemHistory.field, oldValue: itemHistory.oldValue, newValue: itemHistory.newValue, actorId: itemHistory.actorId })
    .from(itemHistory)
    .where(eq(itemHistory.assessmentItemId, itemId))
    .orderBy(asc(itemHistory.id))
    .all();
const audits = (action?: string) =>
  db
    .select()
    .from(auditLog)
    .where(action ? eq(auditLog.action, action) : undefined)
    .orderBy(asc(auditLog.id))
    .all();
const historyCount = () => db.select().from(itemHistory).all().length;

function update(assessmentId: string, catalogItemId: string, values: Partial<ItemUpdateInput>): ItemUpdate {
  const row = itemRow(assessmentId, catalogItemId);
  return ItemUpdateSchema.parse({
    assessmentId,
    catalogItemId,
    version: row.version,
    status: row.status,
    justification: row.justification,
    gapResponse: row.gapResponse ?? '',
    gapText: row.gapText,
    gapDueDate: row.gapDueDate ?? '',
    ownerId: row.ownerId ?? '',
    dueDate: row.dueDate ?? '',
    notes: row.notes,
    criteriaMet: JSON.parse(row.criteriaMet) as string[],
    // These items carry no evidence, so a "met" needs its reason (risk-acceptance.test.ts tests the rule).
    ...withMetReason(values, row.justification),
  });
}
const save = (actor: Actor, assessmentId: string, catalogItemId: string, values: Partial<ItemUpdateInput>, catalog: Catalog = v1): SaveItemResult =>
  saveItem(actor, update(assessmentId, catalogItemId, values), catalog);

function catch_<T extends Error>(fn: () => unknown, kind: new (...args: never[]) => T): T {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(kind);
    return e as T;
  }
  throw new Error('expected an error');
}

function newAssessment(overrides: Partial<AssessmentInput> = {}): Assessment {
  return createAssessment(member, teamId, input(overrides), v1);
}

describe('createAssessment', () => {
  it('creates one item per catalog item, excluded exactly where the profile says the item does not apply', () => {
    const a = newAssessment();
    expect(a).toMatchObject({ teamId, appName: 'Sprint Poker', appKind: 'forge', catalogVersion: '1.0.0', state: 'active', createdById: member.id });
    expect(JSON.parse(a.profile)).toEqual(profile);

    const rows = itemsOf(a.id);
    expect(rows).toHaveLength(v1.items.length);
    expect(rows.map((r) => r.catalogItemId).sort()).toEqual(v1.items.map((i) => i.id).sort());
    const answers = effectiveProfile('forge', profile);
    for (const r of rows) {
      const item = v1.itemsById.get(r.catalogItemId)!;
      expect(r.excludedByProfile, r.catalogItemId).toBe(!isApplicable(item, answers));
      expect(r).toMatchObject({ status: 'not_started', version: 1, removedFromCatalogAt: null, catalogNote: null, criteriaMet: '[]' });
    }
    expect(rows.filter((r) => r.excludedByProfile).map((r) => r.catalogItemId).sort()).toEqual([...EXCLUDED_BY_PROFILE].sort());
    expect(audits('assessment.created')).toHaveLength(1);
    expect(JSON.parse(audits('assessment.created')[0]!.details)).toEqual({ teamId, appName: 'Sprint Poker', catalogVersion: '1.0.0' });
  });

  it('treats a Connect app as answering yes to connectApp', () => {
    const a = newAssessment({ appKind: 'connect' });
    expect(itemRow(a.id, 'authn-connect-jwt').excludedByProfile).toBe(false);
    expect(itemRow(a.id, 'server-connect-baseurl-owned').excludedByProfile).toBe(false);
    expect(itemsOf(a.id).filter((r) => r.excludedByProfile)).toHaveLength(EXCLUDED_BY_PROFILE.length - 4);
  });

  it('shows up in listAssessments at 0 % with only the applicable items counted', () => {
    const a = newAssessment();
    const list = listAssessments(member, teamId);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: a.id, teamName: 'Payments', applicable: v1.items.length - EXCLUDED_BY_PROFILE.length, done: 0, percent: 0 });
    expect(list[0]!.applicable).toBe(32);
    expect(listAssessments(auditor, teamId)).toHaveLength(1);
    expect(() => listAssessments(outsider, teamId)).toThrow(NotFoundError);
  });

  it('is refused to reviewers, auditors and people outside the team', () => {
    expect(() => createAssessment(reviewer, teamId, input(), v1)).toThrow(ForbiddenError);
    expect(() => createAssessment(auditor, teamId, input(), v1)).toThrow(ForbiddenError);
    expect(() => createAssessment(outsider, teamId, input(), v1)).toThrow(NotFoundError);
    expect(db.select().from(assessments).all()).toHaveLength(0);
  });
});

describe('saveItem', () => {
  it('saves with the right version: bumps it, writes a history row per changed field and audits the status change', () => {
    const a = newAssessment();
    const before = itemRow(a.id, 'secrets-rotated');
    const auditsBefore = audits().length;

    const result = save(member, a.id, 'secrets-rotated', { status: 'met', ownerId: colleague.id, notes: 'Rotated by Vault.', criteriaMet: ['ac2', 'ac1'] });
    expect(result).toEqual({ saved: true, version: 2, changed: ['status', 'justification', 'owner', 'notes', 'acceptance criteria'] });

    const after = itemRow(a.id, 'secrets-rotated');
    expect(after).toMatchObject({ status: 'met', ownerId: colleague.id, notes: 'Rotated by Vault.', criteriaMet: '["ac1","ac2"]', version: 2, updatedById: member.id, catalogNote: null });
    expect(after.updatedAt).toBeInstanceOf(Date);
    expect(historyOf(before.id)).toEqual([
      { field: 'status', oldValue: 'Not started', newValue: 'Met', actorId: member.id },
      { field: 'justification', oldValue: '', newValue: MET_REASON, actorId: member.id },
      { field: 'owner', oldValue: '', newValue: 'Olga', actorId: member.id },
      { field: 'notes', oldValue: '', newValue: 'Rotated by Vault.', actorId: member.id },
      // History names the criteria by their text, as the person ticked them.
      {
        field: 'acceptance criteria',
        oldValue: '',
        newValue: 'A secrets inventory lists each key or credential, its owner and its maximum lifetime.; No secret in the inventory is older than its maximum lifetime.',
        actorId: member.id,
      },
    ]);
    const statusAudits = audits('item.status-changed');
    expect(statusAudits).toHaveLength(1);
    expect(audits()).toHaveLength(auditsBefore + 1);
    expect(statusAudits[0]).toMatchObject({ actorId: member.id, targetType: 'assessment-item', targetId: before.id });
    expect(JSON.parse(statusAudits[0]!.details)).toEqual({ assessmentId: a.id, catalogItemId: 'secrets-rotated', from: 'not_started', to: 'met' });

    // A second save that leaves the status alone: one history row, no audit entry.
    expect(save(member, a.id, 'secrets-rotated', { notes: 'Rotated by Vault every 90 days.' })).toEqual({ saved: true, version: 3, changed: ['notes'] });
    expect(historyOf(before.id)).toHaveLength(6);
    expect(historyOf(before.id)[5]).toEqual({ field: 'notes', oldValue: 'Rotated by Vault.', newValue: 'Rotated by Vault every 90 days.', actorId: member.id });
    expect(audits('item.status-changed')).toHaveLength(1);
    expect(audits()).toHaveLength(auditsBefore + 1);
    expect(findFirstBrokenEntry(audits().map((e) => ({ ...e, at: e.at.getTime() })))).toBeNull();
  });

  it('saves nothing and keeps the version when nothing changed', () => {
    const a = newAssessment();
    const historyBefore = historyCount();
    expect(save(member, a.id, 'secrets-rotated', {})).toEqual({ saved: true, version: 1, changed: [] });
    expect(itemRow(a.id, 'secrets-rotated').version).toBe(1);
    expect(historyCount()).toBe(historyBefore);
  });

  it('returns the stored values on a stale version and changes nothing', () => {
    const a = newAssessment();
    save(member, a.id, 'secrets-rotated', { status: 'in_progress', notes: 'Started.' });
    const stored = itemRow(a.id, 'secrets-rotated');
    const historyBefore = historyCount();
    const auditsBefore = audits().length;

    const stale = ItemUpdateSchema.parse({ ...update(a.id, 'secrets-rotated', { status: 'met', notes: 'Mine.' }), version: 1 });
    const result = saveItem(colleague, stale, v1);
    expect(result).toEqual({
      saved: false,
      conflict: {
        current: {
          status: 'in_progress',
          justification: '',
          gapResponse: '',
          gapText: '',
          gapDueDate: '', riskAcceptedById: '',
          ownerId: '',
          dueDate: '',
          notes: 'Started.',
          criteriaMet: [],
        },
        version: 2,
        updatedBy: 'Max',
        updatedAt: stored.updatedAt!.toISOString(),
      },
    });
    expect(itemRow(a.id, 'secrets-rotated')).toEqual(stored);
    expect(historyCount()).toBe(historyBefore);
    expect(audits()).toHaveLength(auditsBefore);
  });

  it('stores a gap with its plan, and clears the gap fields when the item is later met', () => {
    const a = newAssessment();
    const r = save(member, a.id, 'secrets-rotated', {
      status: 'not_met',
      gapResponse: 'plan',
      gapText: 'Introduce a rotation job in Q2.',
      gapDueDate: '2027-06-30',
      justification: 'ignored for this status',
    });
    // A plan has one date: the day it closes the gap becomes the item's due date.
    expect(r).toEqual({ saved: true, version: 2, changed: ['status', 'gap response', 'plan or risk acceptance', 'gap closed by', 'due date'] });
    expect(itemRow(a.id, 'secrets-rotated')).toMatchObject({ status: 'not_met', gapResponse: 'plan', gapText: 'Introduce a rotation job in Q2.', gapDueDate: '2027-06-30', dueDate: '2027-06-30', justification: '' });

    expect(save(member, a.id, 'secrets-rotated', { status: 'met' })).toEqual({ saved: true, version: 3, changed: ['status', 'justification', 'gap response', 'plan or risk acceptance', 'gap closed by'] });
    expect(itemRow(a.id, 'secrets-rotated')).toMatchObject({ status: 'met', gapResponse: null, gapText: '', gapDueDate: null });
    expect(historyOf(itemRow(a.id, 'secrets-rotated').id).slice(5)).toEqual([
      { field: 'status', oldValue: 'Not met', newValue: 'Met', actorId: member.id },
      { field: 'justification', oldValue: '', newValue: MET_REASON, actorId: member.id },
      { field: 'gap response', oldValue: 'plan', newValue: '', actorId: member.id },
      { field: 'plan or risk acceptance', oldValue: 'Introduce a rotation job in Q2.', newValue: '', actorId: member.id },
      { field: 'gap closed by', oldValue: '2027-06-30', newValue: '', actorId: member.id },
    ]);
  });

  it('refuses an owner who is not a member or reviewer of the team', () => {
    const a = newAssessment();
    for (const owner of [outsider, auditor, admin]) {
      const e = catch_(() => save(member, a.id, 'secrets-rotated', { status: 'met', ownerId: owner.id }), ValidationError);
      expect(e.fieldErrors).toEqual({ ownerId: 'Choose someone on this team.' });
    }
    setUserDisabled(admin, colleague.id, true);
    expect(catch_(() => save(member, a.id, 'secrets-rotated', { ownerId: colleague.id }), ValidationError).fieldErrors.ownerId).toBe('Choose someone on this team.');
    expect(itemRow(a.id, 'secrets-rotated')).toMatchObject({ status: 'not_started', ownerId: null, version: 1 });
    // A reviewer can own an item.
    expect(save(member, a.id, 'secrets-rotated', { ownerId: reviewer.id })).toEqual({ saved: true, version: 2, changed: ['owner'] });
  });

  it('refuses an acceptance criterion the item does not have', () => {
    const a = newAssessment();
    const e = catch_(() => save(member, a.id, 'secrets-rotated', { criteriaMet: ['ac1', 'ac5'] }), ValidationError);
    expect(e.fieldErrors).toEqual({ criteriaMet: 'Unknown acceptance criterion.' });
    expect(itemRow(a.id, 'secrets-rotated').version).toBe(1);
  });

  it('is forbidden to the team’s reviewers and auditors and not found for other teams', () => {
    const a = newAssessment();
    const reviewerError = catch_(() => save(reviewer, a.id, 'secrets-rotated', { status: 'met' }), ForbiddenError);
    expect(reviewerError.message).toBe('Reviewers review items; only team members change them.');
    const auditorError = catch_(() => save(auditor, a.id, 'secrets-rotated', { status: 'met' }), ForbiddenError);
    expect(auditorError.message).toBe('Auditors have read-only access.');
    expect(() => save(outsider, a.id, 'secrets-rotated', { status: 'met' })).toThrow(NotFoundError);
    expect(() => saveItem(member, { ...update(a.id, 'secrets-rotated', {}), assessmentId: crypto.randomUUID() }, v1)).toThrow(NotFoundError);
    expect(() => saveItem(member, { ...update(a.id, 'secrets-rotated', {}), catalogItemId: 'no-such-item' }, v1)).toThrow(NotFoundError);
    expect(itemRow(a.id, 'secrets-rotated')).toMatchObject({ status: 'not_started', version: 1 });
    expect(audits('item.status-changed')).toHaveLength(0);
    // An admin who is not on the team may change it.
    expect(save(admin, a.id, 'secrets-rotated', { status: 'met' })).toMatchObject({ saved: true, version: 2 });
  });

  it('refuses items the profile makes not applicable, and archived assessments', () => {
    const a = newAssessment();
    const e = catch_(() => save(member, a.id, 'server-patched', { status: 'met' }), ValidationError);
    expect(e.message).toBe('This item does not apply under the current profile. Change the profile to work on it.');
    expect(itemRow(a.id, 'server-patched')).toMatchObject({ status: 'not_started', version: 1 });

    setAssessmentArchived(member, a.id, true);
    expect(() => save(member, a.id, 'secrets-rotated', { status: 'met' })).toThrow(/archived/);
    expect(itemRow(a.id, 'secrets-rotated').status).toBe('not_started');
  });
});

describe('updateAssessment', () => {
  it('moves object-storage items in and out of scope with history rows, keeping their answers', () => {
    const a = newAssessment();
    for (const id of OBJECT_STORAGE_ITEMS) expect(itemRow(a.id, id).excludedByProfile).toBe(true);

    expect(updateAssessment(member, a.id, input({ profile: { ...profile, usesObjectStorage: true } }), v1)).toEqual({ included: 3, excluded: 0, restored: 0 });
    for (const id of OBJECT_STORAGE_ITEMS) {
      const row = itemRow(a.id, id);
      expect(row).toMatchObject({ excludedByProfile: false, version: 2, updatedById: member.id });
      expect(historyOf(row.id)).toEqual([{ field: 'applicability', oldValue: 'Not applicable (profile)', newValue: 'Applies', actorId: member.id }]);
    }
    expect(JSON.parse(db.select().from(assessments).where(eq(assessments.id, a.id)).get()!.profile)).toMatchObject({ usesObjectStorage: true });
    expect(listAssessments(member, teamId)[0]).toMatchObject({ applicable: 35, done: 0, percent: 0 });
    // Nothing else moved.
    expect(itemsOf(a.id).filter((r) => r.excludedByProfile)).toHaveLength(EXCLUDED_BY_PROFILE.length - 3);

    save(member, a.id, 'data-encrypt-at-rest-object-storage', { status: 'met', criteriaMet: ['ac1'], notes: 'SSE-KMS everywhere.' });
    save(member, a.id, 'server-object-storage-locked-down', { status: 'not_applicable', justification: 'Buckets are private and never shared.' });
    expect(listAssessments(member, teamId)[0]).toMatchObject({ applicable: 35, done: 2, percent: 5 });

    // Off again: the items leave readiness, their answers stay.
    expect(updateAssessment(member, a.id, input(), v1)).toEqual({ included: 0, excluded: 3, restored: 0 });
    expect(itemRow(a.id, 'data-encrypt-at-rest-object-storage')).toMatchObject({ excludedByProfile: true, status: 'met', notes: 'SSE-KMS everywhere.', criteriaMet: '["ac1"]', version: 4 });
    expect(historyOf(itemRow(a.id, 'data-encrypt-at-rest-object-storage').id).at(-1)).toEqual({
      field: 'applicability',
      oldValue: 'Applies',
      newValue: 'Not applicable (profile): The app uses no object storage buckets.',
      actorId: member.id,
    });
    expect(historyOf(itemRow(a.id, 'monitor-cloud-misconfiguration').id).at(-1)?.newValue).toBe(
      'Not applicable (profile): The app runs only on a vendor-hosted runtime; the team operates no servers of its own. The app uses no object storage buckets. The app serves nothing from domains or subdomains of its own.',
    );
    expect(listAssessments(member, teamId)[0]).toMatchObject({ applicable: 32, done: 0, percent: 0 });

    // And back on: the earlier answers count again.
    expect(updateAssessment(member, a.id, input({ profile: { ...profile, usesObjectStorage: true } }), v1)).toEqual({ included: 3, excluded: 0, restored: 0 });
    expect(itemRow(a.id, 'data-encrypt-at-rest-object-storage')).toMatchObject({ excludedByProfile: false, status: 'met', notes: 'SSE-KMS everywhere.', version: 5 });
    expect(itemRow(a.id, 'server-object-storage-locked-down')).toMatchObject({ excludedByProfile: false, status: 'not_applicable', justification: 'Buckets are private and never shared.' });
    expect(listAssessments(member, teamId)[0]).toMatchObject({ applicable: 35, done: 2, percent: 5 });
    expect(historyOf(itemRow(a.id, 'data-encrypt-at-rest-object-storage').id).filter((h) => h.field === 'applicability')).toHaveLength(3);

    const updates = audits('assessment.updated').map((e) => JSON.parse(e.details));
    expect(updates).toEqual([
      { appName: 'Sprint Poker', profileChanged: true, included: 3, excluded: 0 },
      { appName: 'Sprint Poker', profileChanged: true, included: 0, excluded: 3 },
      { appName: 'Sprint Poker', profileChanged: true, included: 3, excluded: 0 },
    ]);
  });

  it('changes nothing about items when the profile stays the same', () => {
    const a = newAssessment();
    expect(updateAssessment(member, a.id, input({ appName: 'Sprint Poker Pro' }), v1)).toEqual({ included: 0, excluded: 0, restored: 0 });
    expect(historyCount()).toBe(0);
    expect(itemsOf(a.id).every((r) => r.version === 1)).toBe(true);
    expect(JSON.parse(audits('assessment.updated')[0]!.details)).toEqual({ appName: 'Sprint Poker Pro', profileChanged: false, included: 0, excluded: 0 });
  });

  it('is forbidden to auditors', () => {
    const a = newAssessment();
    expect(() => updateAssessment(auditor, a.id, input({ profile: { ...profile, usesObjectStorage: true } }), v1)).toThrow(ForbiddenError);
    expect(itemRow(a.id, 'server-object-storage-locked-down').excludedByProfile).toBe(true);
  });
});

describe('catalog upgrade to the v2 fixture', () => {
  const ADDED = 'sdlc-sbom-published';
  const REMOVED = 'sdlc-vulnerability-intake-and-fix-timelines';
  const expectedDiff = () => ({
    added: [ADDED],
    changed: [
      { id: 'authn-every-request', fields: ['acceptanceCriteria'] },
      { id: 'secrets-rotated', fields: ['title'] },
    ],
    removed: [REMOVED],
    unchanged: v2.items.map((i) => i.id).filter((id) => ![ADDED, 'authn-every-request', 'secrets-rotated'].includes(id)),
  });

  function answered(): Assessment {
    const a = newAssessment();
    save(member, a.id, 'secrets-rotated', { status: 'met', criteriaMet: ['ac1', 'ac2'] });
    save(member, a.id, 'sdlc-code-review-before-merge', { status: 'met', notes: 'Branch protection on main.' });
    save(member, a.id, REMOVED, { status: 'met', notes: 'security.txt published.' });
    return a;
  }

  it('previews the diff without changing anything', () => {
    const a = answered();
    const historyBefore = historyCount();
    expect(previewCatalogUpgrade(auditor, a.id, v2)).toEqual({ from: '1.0.0', to: '1.1.0', diff: expectedDiff() });
    expect(historyCount()).toBe(historyBefore);
    expect(db.select().from(assessments).where(eq(assessments.id, a.id)).get()!.catalogVersion).toBe('1.0.0');
    expect(() => previewCatalogUpgrade(outsider, a.id, v2)).toThrow(NotFoundError);
  });

  it('adds new items, marks removed ones, reopens changed answers and carries unchanged ones over', () => {
    const a = answered();
    expect(listAssessments(member, teamId)[0]).toMatchObject({ applicable: 32, done: 3, percent: 9 });
    const before = new Map(itemsOf(a.id).map((r) => [r.catalogItemId, r]));

    const diff = applyCatalogUpgrade(member, a.id, v2);
    expect(diff).toEqual(expectedDiff());

    expect(db.select().from(assessments).where(eq(assessments.id, a.id)).get()!.catalogVersion).toBe('1.1.0');
    const rows = itemsOf(a.id);
    expect(rows).toHaveLength(v1.items.length + 1);

    // Added: a fresh row pinned to the v2 wording.
    const added = itemRow(a.id, ADDED);
    expect(added).toMatchObject({ status: 'not_started', excludedByProfile: false, version: 1, removedFromCatalogAt: null, catalogNote: null });
    expect(historyOf(added.id)).toEqual([]);

    // Removed: kept for the record, with its answer, out of readiness.
    const removed = itemRow(a.id, REMOVED);
    expect(removed.removedFromCatalogAt).toBeInstanceOf(Date);
    expect(removed).toMatchObject({ status: 'met', notes: 'security.txt published.', version: before.get(REMOVED)!.version + 1 });
    expect(historyOf(removed.id).at(-1)).toEqual({ field: 'catalog', oldValue: '1.0.0', newValue: 'Removed in catalog 1.1.0; kept here for the record.', actorId: member.id });

    // Changed and answered: back to in progress, with a note naming the field.
    const secrets = itemRow(a.id, 'secrets-rotated');
    expect(secrets).toMatchObject({ status: 'in_progress', criteriaMet: '["ac1","ac2"]', version: before.get('secrets-rotated')!.version + 1 });
    expect(secrets.catalogNote).toBe("Catalog 1.1.0 changed this item's title. Check your answer against the new wording.");
    expect(secrets.catalogNote).toContain('title');
    expect(historyOf(secrets.id).filter((h) => h.field === 'catalog')).toEqual([
      { field: 'catalog', oldValue: '1.0.0', newValue: "Catalog 1.1.0 changed this item's title. Check your answer against the new wording.", actorId: member.id },
    ]);
    expect(JSON.parse(secrets.catalogFingerprint)).not.toEqual(JSON.parse(before.get('secrets-rotated')!.catalogFingerprint));

    // Changed but never answered: the note, no status change.
    const authn = itemRow(a.id, 'authn-every-request');
    expect(authn).toMatchObject({ status: 'not_started', catalogNote: "Catalog 1.1.0 changed this item's acceptance criteria. Check your answer against the new wording." });
    expect(historyOf(authn.id).map((h) => h.field)).toEqual(['catalog']);

    // Unchanged items carry over untouched.
    const review = itemRow(a.id, 'sdlc-code-review-before-merge');
    expect(review).toEqual(before.get('sdlc-code-review-before-merge'));
    expect(review.status).toBe('met');
    for (const id of expectedDiff().unchanged) expect(itemRow(a.id, id), id).toEqual(before.get(id));

    const upgrades = audits('assessment.catalog-upgraded');
    expect(upgrades).toHaveLength(1);
    expect(upgrades[0]).toMatchObject({ actorId: member.id, targetType: 'assessment', targetId: a.id });
    expect(JSON.parse(upgrades[0]!.details)).toEqual({ from: '1.0.0', to: '1.1.0', added: 1, changed: 2, removed: 1 });

    // Readiness: the removed item and the reopened one no longer count; the new one does.
    expect(listAssessments(member, teamId)[0]).toMatchObject({ applicable: 32, done: 1, percent: 3 });
    const readiness = computeReadiness(
      itemsOf(a.id).map((r) => ({ category: (v2.itemsById.get(r.catalogItemId) ?? v1.itemsById.get(r.catalogItemId))!.category, status: r.status, excludedByProfile: r.excludedByProfile, removed: r.removedFromCatalogAt !== null })),
    );
    expect(readiness.overall).toMatchObject({ applicable: 32, done: 1, percent: 3 });
    expect(readiness.byCategory.get('sdlc')).toMatchObject({ applicable: 6, done: 1, met: 1 });

    // Previewing again shows nothing left to do.
    expect(previewCatalogUpgrade(member, a.id, v2).diff).toMatchObject({ added: [], changed: [], removed: [] });
    expect(findFirstBrokenEntry(audits().map((e) => ({ ...e, at: e.at.getTime() })))).toBeNull();
  });

  it('lets the team answer the new item and clears the note when a changed item is saved again', () => {
    const a = answered();
    applyCatalogUpgrade(member, a.id, v2);
    expect(save(member, a.id, ADDED, { status: 'met', criteriaMet: ['ac3'] }, v2)).toEqual({ saved: true, version: 2, changed: ['status', 'justification', 'acceptance criteria'] });
    expect(save(member, a.id, 'secrets-rotated', { status: 'met' }, v2)).toMatchObject({ saved: true, changed: ['status'] });
    expect(itemRow(a.id, 'secrets-rotated')).toMatchObject({ status: 'met', catalogNote: null });
    // The removed item is kept for the record only; saving it says so.
    expect(() => save(member, a.id, REMOVED, { status: 'in_progress' }, v2)).toThrow('This item was removed from the catalog; it is kept only for the record.');
    expect(itemRow(a.id, REMOVED).status).toBe('met');
  });

  it('brings a removed item back unsigned when a later catalog restores it', () => {
    const a = answered();
    const signed = signOffItem(reviewer, { assessmentId: a.id, catalogItemId: REMOVED, digest: digestOfItem(db, itemRow(a.id, REMOVED)), comment: '' });
    expect(itemRow(a.id, REMOVED).signOffId).toBe(signed.reviewId);
    applyCatalogUpgrade(member, a.id, v2);
    // The item is gone in v2 and back in a v1-shaped 1.2.0: same answer, but the old sign-off no longer stands.
    applyCatalogUpgrade(member, a.id, { ...v1, version: '1.2.0' });
    const back = itemRow(a.id, REMOVED);
    expect(back).toMatchObject({ removedFromCatalogAt: null, status: 'met', signOffId: null });
    expect(historyOf(back.id).slice(-2)).toEqual([
      { field: 'catalog', oldValue: 'Removed', newValue: 'Back in catalog 1.2.0', actorId: member.id },
      { field: 'sign-off', oldValue: 'Signed off', newValue: 'Stale: the item is back in catalog 1.2.0', actorId: member.id },
    ]);
    expect(listReviewQueue(reviewer, {}, { ...v1, version: '1.2.0' }).items.map((i) => i.catalogItemId)).toContain(REMOVED);
  });

  it('refuses a second upgrade to the same catalog and changes nothing', () => {
    const a = answered();
    applyCatalogUpgrade(member, a.id, v2);
    const snapshot = itemsOf(a.id);
    const historyBefore = historyCount();
    const e = catch_(() => applyCatalogUpgrade(member, a.id, v2), ValidationError);
    expect(e.message).toBe('This assessment already follows catalog 1.1.0.');
    expect(itemsOf(a.id)).toEqual(snapshot);
    expect(historyCount()).toBe(historyBefore);
    expect(audits('assessment.catalog-upgraded')).toHaveLength(1);
  });

  it('is forbidden to auditors and reviewers and not found for other teams', () => {
    const a = answered();
    expect(() => applyCatalogUpgrade(auditor, a.id, v2)).toThrow(ForbiddenError);
    expect(() => applyCatalogUpgrade(reviewer, a.id, v2)).toThrow(ForbiddenError);
    expect(() => applyCatalogUpgrade(outsider, a.id, v2)).toThrow(NotFoundError);
    expect(db.select().from(assessments).where(eq(assessments.id, a.id)).get()!.catalogVersion).toBe('1.0.0');
    expect(audits('assessment.catalog-upgraded')).toHaveLength(0);
  });

  it('records the status reset in history with the same labels a save uses', () => {
    // saveItem writes status history as labels ("Not started" → "Met"); the item page prints these values as they are.
    const a = answered();
    applyCatalogUpgrade(member, a.id, v2);
    const statusRows = historyOf(itemRow(a.id, 'secrets-rotated').id).filter((h) => h.field === 'status');
    expect(statusRows.map((h) => [h.oldValue, h.newValue])).toEqual([
      ['Not started', 'Met'],
      ['Met', 'In progress'],
    ]);
  });

  it('re-evaluates applicability when an upgrade changes when an item applies', () => {
    // A catalog 1.1.0 that, besides the fixture's changes, narrows one item to OAuth apps and widens another to every app.
    const narrowed: CatalogItem = { ...v2.itemsById.get('leak-referer-tokens')!, appliesWhen: { all: ['usesOAuth'] } };
    const widened: CatalogItem = { ...v2.itemsById.get('server-patched')!, appliesWhen: undefined };
    const items = v2.items.map((i) => (i.id === narrowed.id ? narrowed : i.id === widened.id ? widened : i));
    const v2b: Catalog = { ...v2, items, itemsById: new Map(items.map((i) => [i.id, i])) };

    const a = answered();
    expect(itemRow(a.id, 'leak-referer-tokens').excludedByProfile).toBe(false);
    expect(itemRow(a.id, 'server-patched').excludedByProfile).toBe(true);
    const diff = applyCatalogUpgrade(member, a.id, v2b);
    expect(diff.changed).toContainEqual({ id: 'leak-referer-tokens', fields: ['appliesWhen'] });
    expect(diff.changed).toContainEqual({ id: 'server-patched', fields: ['appliesWhen'] });

    const answers = effectiveProfile('forge', profile);
    expect(isApplicable(narrowed, answers)).toBe(false);
    expect(isApplicable(widened, answers)).toBe(true);
    // The stored flag should follow the new rule, as it does after createAssessment and updateAssessment.
    expect(itemRow(a.id, 'leak-referer-tokens').excludedByProfile).toBe(true);
    expect(itemRow(a.id, 'server-patched').excludedByProfile).toBe(false);
  });
});
