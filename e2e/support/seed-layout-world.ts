// Builds the seed:demo world (scripts/demo-world.ts) beside the other tests' data, with names of its own, and
// gives its admin a team role on two teams, so one account reaches every page. seed:demo itself refuses a
// database that is not empty, which the shared e2e server never is.
// Run with: node --conditions=react-server --import tsx e2e/support/seed-layout-world.ts  (DATA_DIR set)
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { getDb, runMigrations } from '@/db/connection';
import { createAssessment } from '@/db/queries/assessments';
import { saveItem } from '@/db/queries/items';
import { openProbeRun, saveProbeTarget } from '@/db/queries/probe';
import { executeProbeRun } from '@/db/queries/probe-execution';
import { createConnectApp } from '@/lib/probe/testing/connect-app';
import { startTargetServer } from '@/lib/probe/testing/target-server';
import { ProbeTargetSchema } from '@/lib/validation/probe-target';
import { probeCa } from './probe-ca';
import { publishPlan, saveDraft } from '@/db/queries/plans';
import { addTeamMember } from '@/db/queries/teams';
import { issuePasswordResetLink } from '@/db/queries/users';
import { assessmentItems, plans } from '@/db/schema';
import { ItemUpdateSchema } from '@/lib/checklist/item-schema';
import { ensureSecrets } from '@/lib/secrets';
import { seedDemoWorld } from '@/scripts/demo-world';

ensureSecrets(process.env);

async function main() {
  const db = getDb();
  runMigrations(db);
  const tag = randomBytes(3).toString('hex');
  const world = await seedDemoWorld(db, { email: (local) => `${local}-${tag}@demo.preflight.test`, team: (name) => `${name} ${tag}` });
  const { admin, leo, sam } = world.actors;
  // A member where work is under way (edit forms show); a reviewer where a launch was approved (the launch panel
  // shows) and where answers wait for review (the review queue has rows).
  addTeamMember(admin, world.teams.search, { email: admin.email, role: 'member' });
  addTeamMember(admin, world.teams.payments, { email: admin.email, role: 'reviewer' });
  addTeamMember(admin, world.teams.mobile, { email: admin.email, role: 'reviewer' });
  const waiting = db.select().from(assessmentItems).where(and(eq(assessmentItems.assessmentId, world.assessments.companion), eq(assessmentItems.excludedByProfile, false))).limit(3).all();
  for (const row of waiting) {
    saveItem(sam, ItemUpdateSchema.parse({ assessmentId: row.assessmentId, catalogItemId: row.catalogItemId, version: row.version, status: 'met', justification: 'Checked in the staging build; the screenshots follow.', gapResponse: '', gapText: '', gapDueDate: '', riskAcceptedById: '', ownerId: sam.id, dueDate: '', notes: row.notes, criteriaMet: [] }));
  }

  // The widest evidence table: a file, a long link, a long note, beside the item's own note and link.
  const item = world.items.stale;
  await world.evidence.pdf(admin, world.assessments.indexer, item, 'Quarterly penetration test of the indexer API and its webhook endpoints');
  world.evidence.link(admin, world.assessments.indexer, item, 'Scanner run against every route, including the undocumented admin ones', `https://scanner.demo.preflight.test/runs/${'a1b2c3d4'.repeat(12)}?format=full&include=all`);
  world.evidence.note(admin, world.assessments.indexer, item, 'Verification note', `Checked every route with a token from another tenant; ${'none answered. '.repeat(30)}`);

  // A second published version, so the compare page has two to compare.
  const ir = db.select().from(plans).where(eq(plans.id, world.plans.incidentResponse)).get()!;
  const content = JSON.parse(ir.draftContent) as Record<string, Record<string, unknown>>;
  content.scope!.systems = 'Checkout Connect, its API, the billing database and the webhook relay that forwards payment events to partner systems.';
  const saved = saveDraft(leo, { planId: ir.id, version: ir.draftVersion, title: ir.title, nextReviewDate: ir.nextReviewDate ?? '', lastExercisedDate: ir.lastExercisedDate ?? '', content });
  if (!saved.saved) throw new Error('the plan draft conflicted');
  publishPlan(leo, { planId: ir.id, version: saved.version });

  // A probe run with real proof (a weak Connect app's TLS facts, echoed TRACE, forged-JWT answers): the widest lines.
  const app = createConnectApp({ profile: 'weak', baseUrl: () => target.baseUrl });
  const target = await startTargetServer({ profile: 'weak', ca: probeCa(), handler: app.handler });
  const probed = createAssessment(admin, world.teams.search, { appName: `Probed indexer ${tag}`, appKind: 'connect', baseUrl: target.baseUrl, targetLaunchDate: '2027-06-01', profile: {} });
  saveProbeTarget(admin, ProbeTargetSchema.parse({ assessmentId: probed.id, extraHosts: '', httpPort: String(target.httpPort), gateProbeMaxAgeDays: '', descriptorMode: 'auto', descriptorUrl: '', descriptorText: '', descriptorName: '', manifestText: '', manifestName: '', forgetManifest: false, authUrl: new URL('/account', target.baseUrl).href, authHeaderName: 'Cookie', authHeaderValue: 'session=good', forgetAuth: false }));
  const { runId } = openProbeRun(admin, probed.id);
  await executeProbeRun(runId, { policy: { allowPrivate: false, allowHosts: ['127.0.0.1'] }, ca: [probeCa().caPem] });
  await target.close();

  const { token } = issuePasswordResetLink(null, sam.id);
  const ada = world.accounts.find((a) => a.email === admin.email)!;
  db.$client.close();
  console.log(
    JSON.stringify({
      admin: { email: ada.email, password: ada.password },
      teams: world.teams,
      assessments: { ...world.assessments, probed: probed.id },
      plans: world.plans,
      evidenceItem: item,
      setPasswordPath: `/set-password/link?token=${encodeURIComponent(token)}`,
    }),
  );
}

void main();
