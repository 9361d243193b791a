// The demo world behind `npm run seed:demo`: teams, assessments at different stages, evidence, plans and
// sign-offs, made through the same query layer the app uses. The layout e2e walk builds the same world beside
// other tests' data, so the names are made by the caller.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import type { getDb } from '@/db/connection';
import { createAssessment } from '@/db/queries/assessments';
import { recordEvidence } from '@/db/queries/evidence';
import { saveItem } from '@/db/queries/items';
import { attachPlanEvidence, createPlan, publishPlan, saveDraft } from '@/db/queries/plans';
import { approveLaunch } from '@/db/queries/launch';
import { digestOfItem } from '@/db/queries/reviews';
import { requestChanges, signOffItem } from '@/db/queries/sign-off';
import { addTeamMember, createTeam } from '@/db/queries/teams';
import { createUserWithPassword } from '@/db/queries/users';
import { assessmentItems, itemHistory } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { hashPassword } from '@/lib/auth/password';
import { isApplicable } from '@/lib/catalog/applicability';
import { currentCatalog } from '@/lib/catalog/load';
import { ItemUpdateSchema, type ItemUpdateInput } from '@/lib/checklist/item-schema';
import { emptyContent } from '@/lib/plans/content';
import { currentTemplates } from '@/lib/plans/templates';
import { createPdf, finish, paragraph } from '@/lib/pdf/document';
import { env } from '@/lib/env';
import { keyRing } from '@/lib/vault/ring';
import { storeEncrypted } from '@/lib/vault/store';

const today = new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

export type DemoNaming = { email: (local: string) => string; team: (name: string) => string };
export const DEMO_NAMING: DemoNaming = { email: (local) => `${local}@demo.preflight.test`, team: (name) => name };import { findUserByEmail } from '@/db/queries/auth';
import { beginTotpEnrolment, confirmTotpEnrolment, pendingTotp } from '@/db/queries/mfa';
import { checkTotp, newTotpSecret, totpCodeAt } from '@/lib/auth/totp';

export type DemoAccount = { email: string; name: string; password: string; role: string };

/** Builds the demo world; returns its accounts (with their one-time passwords), ids, and the evidence helpers. */
export async function seedDemoWorld(db: ReturnType<typeof getDb>, naming: DemoNaming = DEMO_NAMING) {
  const catalog = currentCatalog();
  const accounts: DemoAccount[] = [];
  async function person(local: string, name: string, role: string, isAdmin = false): Promise<Actor> {
    const email = naming.email(local);
    const password = `Demo-${randomBytes(9).toString('base64url')}`;
    const user = createUserWithPassword(null, { email, name, isAdmin, passwordHash: await hashPassword(password) });
    accounts.push({ email, name, password, role });
    return { id: user.id, email, name, isAdmin, ip: null };
  }
  const admin = await person('ada', 'Ada Admin', 'admin', true);
  const maya = await person('maya', 'Maya Member', 'member of Payments and Search');
  const leo = await person('leo', 'Leo Lead', 'member of Payments');
  const sam = await person('sam', 'Sam Sandoval', 'member of Mobile');
  const rita = await person('rita', 'Rita Reviewer', 'reviewer of every team');
  const otto = await person('otto', 'Otto Auditor', 'auditor of Payments');

  const payments = createTeam(admin, { name: naming.team('Payments'), description: 'Checkout and billing integrations.' }).id;
  const search = createTeam(admin, { name: naming.team('Search'), description: 'Indexing and search add-ons.' }).id;
  const mobile = createTeam(admin, { name: naming.team('Mobile'), description: 'The companion app.' }).id;
  for (const [team, email, role] of [
    [payments, maya.email, 'member'],
    [payments, leo.email, 'member'],
    [payments, rita.email, 'reviewer'],
    [payments, otto.email, 'auditor'],
    [search, maya.email, 'member'],
    [search, rita.email, 'reviewer'],
    [mobile, sam.email, 'member'],
    [mobile, rita.email, 'reviewer'],
  ] as const) {
    addTeamMember(admin, team, { email, role });
  }

  const row = (assessmentId: string, catalogItemId: string) => db.select().from(assessmentItems).where(and(eq(assessmentItems.assessmentId, assessmentId), eq(assessmentItems.catalogItemId, catalogItemId))).get()!;
  function answer(actor: Actor, assessmentId: string, catalogItemId: string, values: Partial<ItemUpdateInput>) {
    const r = row(assessmentId, catalogItemId);
    saveItem(
      actor,
      ItemUpdateSchema.parse({ assessmentId, catalogItemId, version: r.version, status: r.status, justification: r.justification, gapResponse: r.gapResponse ?? '', gapText: r.gapText, gapDueDate: r.gapDueDate ?? '', riskAcceptedById: r.riskAcceptedById ?? '', ownerId: r.ownerId ?? '', dueDate: r.dueDate ?? '', notes: r.notes, criteriaMet: JSON.parse(r.criteriaMet), ...values }),
    );
  }
  const sign = (assessmentId: string, catalogItemId: string, comment = 'Evidence checked.') => signOffItem(rita, { assessmentId, catalogItemId, digest: digestOfItem(db, row(assessmentId, catalogItemId)), comment });
  const note = (actor: Actor, assessmentId: string, catalogItemId: string, title: string, body: string, validUntil: string | null = null) =>
    recordEvidence(actor, { id: crypto.randomUUID(), assessmentId, catalogItemId, validUntil, evidence: { kind: 'text', name: title, body, sha256: sha(body), sizeBytes: Buffer.byteLength(body) } });
  const link = (actor: Actor, assessmentId: string, catalogItemId: string, title: string, url: string, validUntil: string | null = null) =>
    recordEvidence(actor, { id: crypto.randomUUID(), assessmentId, catalogItemId, validUntil, evidence: { kind: 'link', name: title, url, sha256: sha(url) } });
  async function pdfEvidence(actor: Actor, assessmentId: string, catalogItemId: string, title: string) {
    const doc = createPdf({ title });
    paragraph(doc, doc, `${title}\n\nDemo evidence generated by seed:demo on ${today}.`);
    const body = await finish(doc);
    const id = crypto.randomUUID();
    const stored = await storeEncrypted(Readable.from(body), { evidenceId: id, filename: `${title}.pdf`, maxBytes: 10 * 1024 * 1024, ring: keyRing(), dataDir: env().DATA_DIR });
    recordEvidence(actor, { id, assessmentId, catalogItemId, validUntil: inDays(200), evidence: { kind: 'file', name: `${title}.pdf`, sizeBytes: stored.size, sha256: stored.sha256, storedName: stored.storedName, mimeType: stored.mime, keyId: stored.keyId, wrappedKey: stored.wrappedKey } });
  }

  // Payments: an incident-response plan, published and attached; a Connect app approved for launch.
  const ir = currentTemplates().get('incident-response')!;
  const irPlan = createPlan(leo, payments, { templateId: 'incident-response', title: 'Payments incident response' });
  const irContent = emptyContent(ir);
  Object.assign(irContent.scope!, { systems: 'Checkout Connect, its API and the billing database.', incidentDefinition: 'Any suspected access to billing data by someone not entitled to it.' });
  irContent.contacts!.people = [
    { name: 'Leo Lead', role: 'Incident lead', email: leo.email, phone: '+1 555 0100', deputy: 'Maya Member' },
    { name: 'Maya Member', role: 'Communications', email: maya.email, phone: '+1 555 0101', deputy: 'Leo Lead' },
  ];
  irContent.severity!.levels = [
    { name: 'SEV-1', definition: 'Billing data exposed.', responseMinutes: '15' },
    { name: 'SEV-2', definition: 'A control broken for some tenants.', responseMinutes: '60' },
  ];
  Object.assign(irContent.detection!, { channels: 'Pager alerts, security@ inbox, support.', triage: 'Confirm, rate, page the lead.' });
  Object.assign(irContent.response!, { containment: ['Revoke leaked credentials'], eradication: ['Patch and redeploy'], recovery: ['Restore service and watch the alerts'] });
  Object.assign(irContent.communication!, { internal: 'Incident channel.', customers: 'Email to admins of affected sites.', vendor: 'The vendor security contact form.', notifyWithinHours: '72' });
  Object.assign(irContent.aftermath!, { evidencePreservation: 'Snapshot logs, restrict access.', postIncidentReview: 'Within five working days.' });
  saveDraft(leo, { planId: irPlan.id, version: 1, title: irPlan.title, nextReviewDate: inDays(120), lastExercisedDate: inDays(-40), content: irContent });
  publishPlan(leo, { planId: irPlan.id, version: 2 });

  const connectProfile = { runsOwnServers: true, hasCustomDomains: true, hasBrowserSessions: true, storesCustomerData: true, usesObjectStorage: false, usesOAuth: false, makesOutboundRequests: true };
  const checkout = createAssessment(leo, payments, { appName: 'Checkout Connect', appKind: 'connect', baseUrl: 'https://checkout.demo.preflight.test', targetLaunchDate: inDays(21), profile: connectProfile }).id;
  const checkoutProfile = { ...connectProfile, connectApp: true };
  let n = 0;
  for (const item of catalog.items.filter((i) => isApplicable(i, checkoutProfile))) {
    const by = n % 2 === 0 ? leo : maya;
    if (item.id === 'ops-incident-response-plan') attachPlanEvidence(by, { assessmentId: checkout, catalogItemId: item.id, planId: irPlan.id });
    else if (n % 5 === 0) await pdfEvidence(by, checkout, item.id, `${item.title} — review record`);
    else if (n % 2 === 0) link(by, checkout, item.id, 'Configuration in the repository', `https://git.demo.preflight.test/checkout/blob/main/docs/${item.id}.md`);
    else note(by, checkout, item.id, 'How we verified it', `Verified on ${today} by ${by.name}: ${item.verify}`, inDays(n % 7 === 0 ? 20 : 365));
    // Proof first, then the claim: "met" without evidence would need its own reason.
    answer(by, checkout, item.id, { status: 'met', ownerId: by.id, criteriaMet: item.acceptanceCriteria.map((c) => c.id) });
    sign(checkout, item.id);
    n += 1;
  }
  approveLaunch(rita, checkout, today, 'Everything signed; ship it.');

  // Search: halfway, with a stale sign-off, a change request, overdue items and a draft DR plan overdue for review.
  const dr = createPlan(maya, search, { templateId: 'disaster-recovery', title: 'Search disaster recovery' });
  const drContent = emptyContent(currentTemplates().get('disaster-recovery')!);
  drContent.systems!.critical = [{ name: 'Search index', owner: 'Search team', rtoHours: '8', rpoHours: '24', dependencies: 'Object storage' }];
  drContent.backups!.frequency = 'Nightly snapshot';
  saveDraft(maya, { planId: dr.id, version: 1, title: dr.title, nextReviewDate: inDays(-5), lastExercisedDate: '', content: drContent });
  const forgeProfile = { runsOwnServers: false, hasCustomDomains: false, hasBrowserSessions: true, storesCustomerData: true, usesObjectStorage: false, usesOAuth: true, makesOutboundRequests: true };
  const indexer = createAssessment(maya, search, { appName: 'Search Indexer', appKind: 'forge', baseUrl: 'https://indexer.demo.preflight.test', targetLaunchDate: inDays(45), profile: forgeProfile }).id;
  const indexerItems = catalog.items.filter((i) => isApplicable(i, { ...forgeProfile, connectApp: false }));
  indexerItems.forEach((item, i) => {
    if (i % 3 === 0) {
      note(maya, indexer, item.id, 'Check', `Checked ${item.id}.`, i % 6 === 0 ? inDays(12) : null);
      answer(maya, indexer, item.id, { status: 'met', ownerId: maya.id });
      sign(indexer, item.id);
    } else if (i % 3 === 1) {
      answer(maya, indexer, item.id, { status: 'in_progress', ownerId: maya.id, dueDate: inDays(i % 2 ? -7 : 14) });
    } else if (i % 5 === 0) {
      answer(maya, indexer, item.id, { status: 'partially_met', ownerId: maya.id, gapResponse: 'plan', gapText: 'Remaining endpoints are covered next sprint.', gapDueDate: inDays(30) });
    }
  });
  const staleItem = indexerItems[3]!.id;
  link(maya, indexer, staleItem, 'Newer scan', 'https://scanner.demo.preflight.test/run/42');
  const sentBack = indexerItems[6]!.id;
  requestChanges(rita, { assessmentId: indexer, catalogItemId: sentBack, digest: digestOfItem(db, row(indexer, sentBack)), comment: 'The scan is from last year; attach a current one.' });

  // Mobile: just started.
  const companion = createAssessment(sam, mobile, { appName: 'Companion App', appKind: 'other', baseUrl: 'https://companion.demo.preflight.test', targetLaunchDate: inDays(90), profile: forgeProfile }).id;
  answer(sam, companion, 'authn-every-request', { status: 'in_progress', ownerId: sam.id, notes: 'Route inventory in progress.' });

  // Spread the Search history over the past weeks, so the readiness-over-time chart has a shape.
  const history = db.select({ id: itemHistory.id }).from(itemHistory).where(eq(itemHistory.assessmentId, indexer)).all();
  history.forEach((h, i) => db.update(itemHistory).set({ at: new Date(Date.now() - (history.length - i) * 8 * 3_600_000) }).where(eq(itemHistory.id, h.id)).run());


  return {
    accounts,
    actors: { admin, maya, leo, sam, rita, otto },
    teams: { payments, search, mobile },
    assessments: { checkout, indexer, companion },
    plans: { incidentResponse: irPlan.id, disasterRecovery: dr.id },
    items: { stale: staleItem, sentBack },
    evidence: { note, link, pdf: pdfEvidence },
  };
}

function sha(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Demo only: enrols an account in TOTP as if it had scanned the QR code, and returns the secret to print. */
export async function enrolDemoTotp(email: string): Promise<string> {
  const user = findUserByEmail(email)!;
  const actor: Actor = { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin, ip: null };
  const secret = newTotpSecret();
  beginTotpEnrolment(actor, secret);
  const pending = pendingTotp(actor)!;
  const check = await checkTotp({ secret, code: await totpCodeAt(secret, Date.now()), lastTimeStep: null });
  if (!check.ok) throw new Error('demo TOTP enrolment did not verify');
  // The step before the current one is recorded, so the code showing right now still signs in.
  confirmTotpEnrolment(actor, { sealed: pending.sealed, timeStep: check.timeStep - 1 });
  return secret;
}
