import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { currentCatalog } from '@/lib/catalog/load';
import { ItemUpdateSchema } from '@/lib/checklist/item-schema';
import { NotFoundError } from '@/lib/errors';
import { csvSafe } from '@/lib/report/csv';
import { renderReport } from '@/lib/report/render';
import { pdfText } from '@/lib/testing/pdf-text';
import { useTempDatabase } from '@/db/testing/temp-db';
import type { DB } from '../connection';
import { assessmentItems, type User } from '../schema';
import { createAssessment } from './assessments';
import { createFirstAdmin, issueSetupToken } from './auth';
import { recordEvidence } from './evidence';
import { saveItem } from './items';
import { findExportByHash, loadReportData, recordReportExport } from './report';
import { digestOfItem } from './reviews';
import { signOffItem } from './sign-off';
import { addTeamMember, createTeam } from './teams';
import { createUserWithPassword } from './users';

const asActor = (u: User): Actor => ({ id: u.id, email: u.email, name: u.name, isAdmin: u.isAdmin, ip: null });
let db: DB;
let ann: Actor;
let rita: Actor;
let otto: Actor;
let assessmentId: string;

beforeEach(() => {
  db = useTempDatabase();
  const admin = asActor(createFirstAdmin({ token: issueSetupToken()!, email: 'admin@example.com', name: 'Ada', passwordHash: 'h', ip: null }));
  const user = (email: string, name: string) => asActor(createUserWithPassword(null, { email, name, isAdmin: false, passwordHash: 'h' }));
  ann = user('ann@example.com', 'Ann');
  rita = user('rita@example.com', 'Rita');
  otto = user('otto@example.com', 'Otto');
  const teamId = createTeam(admin, { name: 'Payments', description: '' }).id;
  addTeamMember(admin, teamId, { email: ann.email, role: 'member' });
  addTeamMember(admin, teamId, { email: rita.email, role: 'reviewer' });
  const profile = Object.fromEntries(currentCatalog().profileQuestions.map((q) => [q.id, false]));
  assessmentId = createAssessment(ann, teamId, { appName: 'Poker', appKind: 'forge', baseUrl: 'https://poker.example.com', targetLaunchDate: '2027-03-31', profile }).id;
});

const row = (id: string) => db.select().from(assessmentItems).where(and(eq(assessmentItems.assessmentId, assessmentId), eq(assessmentItems.catalogItemId, id))).get()!;

describe('report', () => {
  it('holds every item with status, evidence hashes and sign-off state; CSV has one row per item; PDF text has the titles', async () => {
    const first = 'authn-every-request';
    const r = row(first);
    const ev = recordEvidence(ann, { id: crypto.randomUUID(), assessmentId, catalogItemId: first, validUntil: null, evidence: { kind: 'text', name: '=HYPERLINK("x")', body: 'note', sha256: 'ab'.repeat(32), sizeBytes: 4 } });
    saveItem(ann, ItemUpdateSchema.parse({ assessmentId, catalogItemId: first, version: r.version, status: 'met', justification: '', gapResponse: '', gapText: '', gapDueDate: '', riskAcceptedById: '', ownerId: ann.id, dueDate: '', notes: '', criteriaMet: [] }));
    signOffItem(rita, { assessmentId, catalogItemId: first, digest: digestOfItem(db, row(first)), comment: '' });

    const data = { reportId: 'r-1', ...loadReportData(db, ann, assessmentId) };
    const items = currentCatalog().items;
    expect(data.items).toHaveLength(items.length);
    const item = data.items.find((i) => i.catalogItemId === first)!;
    expect(item).toMatchObject({ status: 'met', owner: 'Ann', signOff: { state: 'signed', reviewer: 'Rita' } });
    expect(item.evidence.map((e) => e.sha256)).toEqual([ev.sha256]);
    expect(data.manifest).toHaveLength(1);
    expect(data.readiness).toMatchObject({ signed: 1, done: 1 });
    expect(data.items.filter((i) => !i.applicable).every((i) => i.notApplicableReason)).toBe(true);
    expect(() => loadReportData(db, otto, assessmentId)).toThrow(NotFoundError);

    const csv = parse((await renderReport(data, 'csv')).toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(csv).toHaveLength(items.length);
    expect(csv.find((c) => c.item_id === first)).toMatchObject({ status: 'Met', sign_off: 'signed', reviewer: 'Rita', evidence_sha256: ev.sha256 });

    const json = JSON.parse((await renderReport(data, 'json')).toString('utf8')) as typeof data;
    expect(json.reportId).toBe('r-1');

    const pdf = await renderReport(data, 'pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await pdfText(pdf)).text.replace(/\s+/g, ' ');
    for (const i of data.items.filter((x) => x.applicable)) expect(text).toContain(i.title);
    expect(text).toContain(ev.sha256!);
    expect(text).toContain('Signed off by Rita');
    expect(text).toMatch(/Report r-1 · page 1 of \d+/);
  });

  it('records exports and finds them by hash only', () => {
    recordReportExport(ann, { id: crypto.randomUUID(), assessmentId, format: 'pdf', sha256: 'cd'.repeat(32), sizeBytes: 10 });
    expect(findExportByHash(otto, 'cd'.repeat(32))).toMatchObject({ format: 'pdf', appName: 'Poker', teamName: 'Payments', createdBy: 'Ann' });
    expect(findExportByHash(otto, 'ce'.repeat(32))).toBeNull();
  });

  it('neutralises spreadsheet formulas in CSV cells', () => {
    expect(csvSafe('=1+1')).toBe("'=1+1");
    expect(csvSafe('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvSafe('plain')).toBe('plain');
  });
});
