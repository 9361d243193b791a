// Seeds a small world for the security suites straight through the query layer: two teams, a person in every
// role, and in each team an assessment with evidence of every kind (one of it deleted), a published plan and a
// report export. Prints what the suites need (ids, emails, one shared password) as JSON.
// Run with: node --conditions=react-server --import tsx e2e/support/seed-world.ts  (DATA_DIR set)
import { randomBytes, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { getDb } from '@/db/connection';
import { createApiToken, revokeApiToken } from '@/db/queries/api-tokens';
import { createAssessment } from '@/db/queries/assessments';
import { deleteEvidence, recordEvidence } from '@/db/queries/evidence';
import { createPlan, publishPlan, saveDraft } from '@/db/queries/plans';
import { openProbeRun } from '@/db/queries/probe';
import { executeProbeRun } from '@/db/queries/probe-execution';
import { recordReportExport } from '@/db/queries/report';
import { createWebhook, disableWebhook } from '@/db/queries/webhooks';
import { addTeamMember, createTeam } from '@/db/queries/teams';
import { createUserWithPassword } from '@/db/queries/users';
import type { Actor } from '@/lib/auth/actor';
import { hashPassword } from '@/lib/auth/password';
import { currentCatalog } from '@/lib/catalog/load';
import { env } from '@/lib/env';
import { ensureSecrets } from '@/lib/secrets';
import { securityAlerts } from '@/db/schema';
import { completeDisasterRecoveryPlan } from '@/lib/testing/plan-fixtures';
import { keyRing } from '@/lib/vault/ring';
import { storeEncrypted } from '@/lib/vault/store';

ensureSecrets(process.env);

export const WORLD_PASSWORD = 'World-Seed-Passphrase-77';
// `spare` is on both teams and never signs in: the one whose role, membership and account the suites may change.
export const WORLD_ROLES = ['admin', 'member', 'reviewer', 'auditor', 'outsider', 'spare'] as const;
export type WorldRole = (typeof WORLD_ROLES)[number];
export type WorldTeam = {
  teamId: string;
  assessmentId: string;
  catalogItemId: string;
  noteEvidenceId: string;
  fileEvidenceId: string;
  deletedEvidenceId: string;
  planId: string;
  planVersion: number;
  reportSha256: string;
  reportExportId: string;
  probeRunId: string;
  /** A revoked service token of the team: revoking it again is allowed and writes nothing. */
  revokedTeamTokenId: string;
  /** A disabled webhook: disabling it again is allowed and writes nothing. */
  disabledWebhookId: string;
  /** One webhook per person allowed to delete the team's webhooks, so each allowed deletion has its own. */
  deletableWebhookIds: Partial<Record<WorldRole, string>>;
};
export type World = {
  password: string;
  users: Record<WorldRole, { id: string; email: string; name: string }>;
  own: WorldTeam;
  other: WorldTeam;
  alertId: string;
  /** A personal API token per person with every scope, for the API's rows of the matrix. */
  apiTokens: Record<WorldRole, string>;
  /** The member's token without the probe and write scopes, for requests that must be refused after parsing. */
  memberReadOnlyToken: string;
  /** The member's tokens that must be refused (expired, revoked, lacking scopes) and another team's service token. */
  apiCaseTokens: { expired: string; revoked: string; gateOnly: string; otherTeam: string };
  /** A revoked personal token per person, and a revoked instance token. */
  revokedPersonalTokenIds: Record<WorldRole, string>;
  revokedInstanceTokenId: string;
};

async function main() {
  const tag = randomBytes(3).toString('hex');
  const passwordHash = await hashPassword(WORLD_PASSWORD);
  const users = {} as World['users'];
  const actors = {} as Record<WorldRole, Actor>;
  for (const role of WORLD_ROLES) {
    const email = `world-${role}-${tag}@example.com`;
    const name = `World ${role} ${tag}`;
    const u = createUserWithPassword(null, { email, name, isAdmin: role === 'admin', passwordHash });
    users[role] = { id: u.id, email, name };
    actors[role] = { id: u.id, email, name, isAdmin: role === 'admin', ip: '127.0.0.1' };
  }
  const catalog = currentCatalog();
  const catalogItemId = catalog.items[0]!.id;

  async function seedTeam(label: string, people: [WorldRole, 'member' | 'reviewer' | 'auditor'][], worker: Actor): Promise<WorldTeam> {
    const team = createTeam(actors.admin, { name: `World ${label} ${tag}`, description: '' });
    for (const [role, teamRole] of people) addTeamMember(actors.admin, team.id, { email: users[role].email, role: teamRole });
    const assessment = createAssessment(worker, team.id, { appName: `World app ${label} ${tag}`, appKind: 'connect', baseUrl: `https://${label}-${tag}.example.com`, targetLaunchDate: '2027-06-01', profile: {} });
    // Two more, so the API's pages have something to page through.
    for (const n of [1, 2]) createAssessment(worker, team.id, { appName: `World app ${label} extra ${n} ${tag}`, appKind: 'other', baseUrl: `https://${label}-${n}-${tag}.example.com`, targetLaunchDate: '2027-09-01', profile: {} });
    const note = (name: string) => recordEvidence(worker, { id: crypto.randomUUID(), assessmentId: assessment.id, catalogItemId, validUntil: null, evidence: { kind: 'text', name, body: `${name} body`, sizeBytes: name.length + 5, sha256: createHash('sha256').update(`${name} body`).digest('hex') } });
    const noteEvidence = note('World note');
    const fileId = crypto.randomUUID();
    const body = Buffer.from('%PDF-1.4\n% world seed\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
    const stored = await storeEncrypted(Readable.from([body]), { evidenceId: fileId, filename: 'world.pdf', maxBytes: 1_000_000, ring: keyRing(), dataDir: env().DATA_DIR });
    recordEvidence(worker, { id: fileId, assessmentId: assessment.id, catalogItemId, validUntil: null, evidence: { kind: 'file', name: 'world.pdf', sizeBytes: stored.size, sha256: stored.sha256, storedName: stored.storedName, mimeType: stored.mime, keyId: stored.keyId, wrappedKey: stored.wrappedKey } });
    const deleted = note('World deleted note');
    deleteEvidence(worker, deleted.id);
    const plan = createPlan(worker, team.id, { templateId: 'disaster-recovery', title: `World plan ${label}` });
    saveDraft(worker, { planId: plan.id, version: 1, title: `World plan ${label}`, nextReviewDate: '', lastExercisedDate: '', content: completeDisasterRecoveryPlan() });
    const published = publishPlan(worker, { planId: plan.id, version: 2 });
    const reportSha256 = createHash('sha256').update(`world report ${label} ${tag}`).digest('hex');
    const reportExportId = crypto.randomUUID();
    // Its .sig is served as stored; the matrix asks who may fetch it, not whether it verifies.
    recordReportExport(worker, { id: reportExportId, assessmentId: assessment.id, format: 'json', sha256: reportSha256, sizeBytes: 10, signatureKeyId: 'ed25519-0000000000000000', signature: '{"seeded":true}' });
    // A finished probe run: its host does not resolve, so every check ends as "could not run" and files nothing.
    const { runId: probeRunId } = openProbeRun(worker, assessment.id);
    await executeProbeRun(probeRunId);
    const revokedTeamToken = createApiToken(worker, { kind: 'team', teamId: team.id }, { name: `World revoked ${label}`, scopes: ['gate'], days: 30 }).view;
    revokeApiToken(worker, { kind: 'team', teamId: team.id }, revokedTeamToken.id);
    const hook = (by: Actor) => createWebhook(by, { teamId: team.id, url: `https://hooks-${label}-${tag}.example.com/preflight`, events: ['launch.approved'] }).id;
    const disabledWebhookId = hook(worker);
    disableWebhook(worker, { teamId: team.id, webhookId: disabledWebhookId });
    const deletableWebhookIds = Object.fromEntries(people.filter(([, r]) => r === 'member').map(([role]) => [role, hook(actors[role])]).concat([['admin', hook(actors.admin)]]));
    return {
      teamId: team.id,
      assessmentId: assessment.id,
      catalogItemId,
      noteEvidenceId: noteEvidence.id,
      fileEvidenceId: fileId,
      deletedEvidenceId: deleted.id,
      planId: plan.id,
      planVersion: published.number,
      reportSha256,
      reportExportId,
      probeRunId,
      revokedTeamTokenId: revokedTeamToken.id,
      disabledWebhookId,
      deletableWebhookIds,
    };
  }

  const own = await seedTeam('own', [['member', 'member'], ['reviewer', 'reviewer'], ['auditor', 'auditor'], ['spare', 'member']], actors.member);
  const other = await seedTeam('other', [['outsider', 'member'], ['spare', 'member']], actors.outsider);
  // An open alert for the acknowledge action to act on; alerts are otherwise raised only by the audit rules.
  const alertId = crypto.randomUUID();
  const now = new Date();
  getDb().insert(securityAlerts).values({ id: alertId, kind: 'access-denied', subject: users.spare.id, subjectLabel: users.spare.email, firstAt: now, lastAt: now, count: 1 }).run();
  const apiTokens = {} as World['apiTokens'];
  const revokedPersonalTokenIds = {} as World['revokedPersonalTokenIds'];
  for (const role of WORLD_ROLES) {
    apiTokens[role] = createApiToken(actors[role], { kind: 'personal' }, { name: 'World matrix', scopes: ['read', 'write', 'probe', 'gate'], days: 30 }).token;
    revokedPersonalTokenIds[role] = createApiToken(actors[role], { kind: 'personal' }, { name: 'World revoked', scopes: ['read'], days: 30 }).view.id;
    revokeApiToken(actors[role], { kind: 'personal' }, revokedPersonalTokenIds[role]);
  }
  const revokedInstanceTokenId = createApiToken(actors.admin, { kind: 'instance' }, { name: 'World revoked instance', scopes: ['gate'], days: 30 }).view.id;
  revokeApiToken(actors.admin, { kind: 'instance' }, revokedInstanceTokenId);
  const memberReadOnlyToken = createApiToken(actors.member, { kind: 'personal' }, { name: 'World read-only', scopes: ['read', 'gate'], days: 30 }).token;
  const all = ['read', 'write', 'probe', 'gate'] as const;
  const revokedCase = createApiToken(actors.member, { kind: 'personal' }, { name: 'World revoked case', scopes: [...all], days: 30 });
  revokeApiToken(actors.member, { kind: 'personal' }, revokedCase.view.id);
  const apiCaseTokens = {
    expired: createApiToken(actors.member, { kind: 'personal' }, { name: 'World expired', scopes: [...all], days: 1 }, { now: new Date(Date.now() - 3 * 86_400_000) }).token,
    revoked: revokedCase.token,
    gateOnly: createApiToken(actors.member, { kind: 'personal' }, { name: 'World gate only', scopes: ['gate'], days: 30 }).token,
    otherTeam: createApiToken(actors.outsider, { kind: 'team', teamId: other.teamId }, { name: 'World other CI', scopes: [...all], days: 30 }).token,
  };
  const world: World = { password: WORLD_PASSWORD, users, own, other, alertId, apiTokens, memberReadOnlyToken, apiCaseTokens, revokedPersonalTokenIds, revokedInstanceTokenId };
  console.log(JSON.stringify(world));
}

void main();
