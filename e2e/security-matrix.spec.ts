// The route × role matrix: every page, route handler and server action of the build (read from its own route
// table), requested by an anonymous visitor, another team's member, a member, a reviewer, an auditor and an admin,
// on their own team's records and on another team's. What each may do is written out below by hand, from the
// product's rules; an entry point the table does not list fails the suite, so a new one cannot slip past.
// Refused requests must change nothing: the database's records hash the same before and after all of them.
import { expect, test } from '@playwright/test';
import { catalog } from './support/catalog';
import { openDbReader } from './support/db-fingerprint';
import { E2E_PORT } from './support/env';
import { seedWorld } from './support/fixtures';
import { startPrivateServer, type PrivateServer } from './support/private-server';
import { signInCookie } from '../lib/testing/sign-in-cookie';
import { appRoutes, fillPattern, serverActions } from './support/route-table';
import type { World, WorldTeam } from './support/seed-world';

type Who = 'anonymous' | 'outsider' | 'member' | 'reviewer' | 'auditor' | 'admin';
type Target = 'own' | 'other';
type Outcome = 'allowed' | 'sign-in' | 'not-found' | 'forbidden';
/** Who may use an entry point. Team rules are judged on the team whose records the request names. */
type Rule =
  | 'public' // anyone, signed in or not
  | 'signed-in' // any account
  | 'admin' // instance administration: absent for everyone else
  | 'org-overview' // admins, and reviewers of any team
  | 'team-read' // the team's people in any role, and admins
  | 'team-write' // the team's members and admins; its reviewers and auditors are refused
  | 'team-review' // the team's reviewers and admins; its members and auditors are refused
  | 'team-admin' // admins only; to the team's people it looks absent like the admin pages
  | 'purge' // admins; the team's people are refused
  | 'team-tokens'; // the team's people and admins; its auditors are refused

const WHO: Who[] = ['anonymous', 'outsider', 'member', 'reviewer', 'auditor', 'admin'];
const TEAM_RULES: Rule[] = ['team-read', 'team-write', 'team-review', 'team-admin', 'purge', 'team-tokens'];

/** The role `who` holds on the target team's records: own = the member/reviewer/auditor's team, other = the outsider's. */
function standing(who: Who, target: Target): 'none' | 'admin' | 'member' | 'reviewer' | 'auditor' {
  if (who === 'admin') return 'admin';
  if (who === 'anonymous') return 'none';
  if (who === 'outsider') return target === 'other' ? 'member' : 'none';
  return target === 'own' ? who : 'none';
}

function expected(rule: Rule, who: Who, target: Target): Outcome {
  if (rule === 'public') return 'allowed';
  if (who === 'anonymous') return 'sign-in';
  const s = standing(who, target);
  switch (rule) {
    case 'signed-in':
      return 'allowed';
    case 'admin':
    case 'team-admin':
      return who === 'admin' ? 'allowed' : 'not-found';
    case 'org-overview':
      return who === 'admin' || who === 'reviewer' ? 'allowed' : 'not-found';
    case 'team-read':
      return s === 'none' ? 'not-found' : 'allowed';
    case 'team-write':
      return s === 'none' ? 'not-found' : s === 'admin' || s === 'member' ? 'allowed' : 'forbidden';
    case 'team-review':
      return s === 'none' ? 'not-found' : s === 'admin' || s === 'reviewer' ? 'allowed' : 'forbidden';
    case 'purge':
      return s === 'none' ? 'not-found' : s === 'admin' ? 'allowed' : 'forbidden';
    case 'team-tokens':
      return s === 'none' ? 'not-found' : s === 'auditor' ? 'forbidden' : 'allowed';
  }
}

type Params = Record<string, string>;
const paramsOf = (t: WorldTeam): Params => ({ teamId: t.teamId, assessmentId: t.assessmentId, catalogItemId: t.catalogItemId, planId: t.planId, number: String(t.planVersion), runId: t.probeRunId, exportId: t.reportExportId });

/**
 * Pages and route handlers. `query` completes a URL the page needs; pages answer a refused role with not-found
 * (a page has no 403), so `forbiddenAs` says how a page shows it.
 */
type HttpEntry = { rule: Rule; method?: 'GET' | 'POST' | 'PATCH'; query?: string; body?: (w: World, t: WorldTeam) => string; contentType?: string; params?: Params; forbiddenAs?: Outcome };
const HTTP: Record<string, HttpEntry> = {
  '/': { rule: 'signed-in' },
  '/account': { rule: 'signed-in' },
  '/admin/alerts': { rule: 'admin' },
  '/admin/audit': { rule: 'admin' },
  '/admin/teams': { rule: 'admin' },
  '/admin/users': { rule: 'admin' },
  '/catalog': { rule: 'signed-in' },
  '/dashboard': { rule: 'org-overview' },
  '/reviews': { rule: 'signed-in' },
  '/verify': { rule: 'signed-in' },
  '/login': { rule: 'public' },
  '/set-password': { rule: 'public' },
  '/setup': { rule: 'public' },
  '/set-password/link': { rule: 'public', query: '?token=not-a-real-token' },
  '/setup/link': { rule: 'public', query: '?token=not-a-real-token' },
  '/api/health': { rule: 'public' },
  '/api/auth/[...nextauth]': { rule: 'public', params: { nextauth: 'csrf' } },
  '/teams/[teamId]': { rule: 'team-read' },
  '/teams/[teamId]/dashboard': { rule: 'team-read' },
  '/teams/[teamId]/plans': { rule: 'team-read' },
  '/teams/[teamId]/plans/[planId]': { rule: 'team-read' },
  '/teams/[teamId]/plans/[planId]/versions/[number]': { rule: 'team-read' },
  '/teams/[teamId]/plans/[planId]/compare': { rule: 'team-read', query: '?a=1&b=1' },
  '/teams/[teamId]/assessments/new': { rule: 'team-write', forbiddenAs: 'not-found' },
  '/teams/[teamId]/assessments/[assessmentId]': { rule: 'team-read' },
  '/teams/[teamId]/assessments/[assessmentId]/settings': { rule: 'team-write', forbiddenAs: 'not-found' },
  '/teams/[teamId]/assessments/[assessmentId]/upgrade': { rule: 'team-write', forbiddenAs: 'not-found' },
  '/teams/[teamId]/assessments/[assessmentId]/items/[catalogItemId]': { rule: 'team-read' },
  '/teams/[teamId]/assessments/[assessmentId]/probe': { rule: 'team-read' },
  '/api/assessments/[assessmentId]/probe-runs/[runId]': { rule: 'team-read' },
  '/api/assessments/[assessmentId]/report': { rule: 'team-read', query: '?format=json' },
  '/api/evidence/[evidenceId]': { rule: 'team-read' },
  '/api/plans/[planId]/versions/[number]/export': { rule: 'team-read', query: '?format=md' },
  '/api/evidence/upload': { rule: 'team-write', method: 'POST', body: () => 'matrix upload\n' },
  '/api/reports/verify': { rule: 'signed-in', method: 'POST', body: () => 'not a report' },
  '/api/reports/exports/[exportId]/signature': { rule: 'team-read' },
  // Whoever received a report checks it without an account: the keys and the verify page are open to all.
  '/reports/verify': { rule: 'public' },
  '/.well-known/preflight-report-keys': { rule: 'public' },
  '/api/public/reports/verify': { rule: 'public', method: 'POST', body: () => 'not a report' },
  '/account/tokens': { rule: 'signed-in' },
  '/account/mfa': { rule: 'signed-in' },
  '/admin/settings': { rule: 'admin' },
  '/login/second-factor': { rule: 'public' },
  '/developers/api': { rule: 'signed-in' },
  '/admin/tokens': { rule: 'admin' },
  '/admin/webhooks': { rule: 'admin' },
  // Auditors are told they may not manage tokens or webhooks on the page itself, which still shows what exists.
  '/teams/[teamId]/tokens': { rule: 'team-read' },
  '/teams/[teamId]/webhooks': { rule: 'team-read' },
  // The REST API authenticates with each person's own API token (every scope), never with the session cookie.
  '/api/v1/openapi.json': { rule: 'public' },
  '/api/v1/teams': { rule: 'signed-in' },
  '/api/v1/teams/[teamId]/assessments': { rule: 'team-read' },
  '/api/v1/assessments/[assessmentId]': { rule: 'team-read' },
  '/api/v1/assessments/[assessmentId]/items/[catalogItemId]': { rule: 'team-write', method: 'PATCH', contentType: 'application/json', body: () => JSON.stringify({ version: 999, status: 'in_progress' }) },
  '/api/v1/assessments/[assessmentId]/items/[catalogItemId]/evidence': { rule: 'team-write', method: 'POST', query: '?name=matrix.txt', body: () => 'matrix upload\n' },
  '/api/v1/evidence/[evidenceId]': { rule: 'team-read' },
  '/api/v1/assessments/[assessmentId]/report': { rule: 'team-read', query: '?format=json' },
  '/api/v1/assessments/[assessmentId]/gate': { rule: 'team-read' },
  '/api/v1/assessments/[assessmentId]/probe-runs': { rule: 'team-write', method: 'POST', contentType: 'application/json', body: () => '{}' },
  '/api/v1/assessments/[assessmentId]/probe-runs/[runId]': { rule: 'team-read' },
  '/api/v1/assessments/[assessmentId]/probe-runs/[runId]/result': { rule: 'team-read' },
};
const isApi = (pattern: string) => pattern.startsWith('/api/v1/') && pattern !== '/api/v1/openapi.json';

// A well-formed registration response that no ceremony asked for: it gets past authorization and is refused after.
const MATRIX_REGISTRATION = { id: 'bWF0cml4', rawId: 'bWF0cml4', type: 'public-key', clientExtensionResults: {}, response: { clientDataJSON: 'e30', attestationObject: 'oA' } };

/** Server actions: who may call them, and arguments that are valid, so a refusal can only come from authorization. */
type ActionEntry = { rule: Rule; args: (w: World, t: WorldTeam, who: Who) => unknown };
const uniq = () => Math.random().toString(36).slice(2, 8);
const profile = () => Object.fromEntries(catalog.profileQuestions.filter((q) => q.id !== 'connectApp').map((q) => [q.id, 'no']));
const assessmentInput = (t: WorldTeam) => ({ teamId: t.teamId, appName: `Matrix app ${uniq()}`, appKind: 'connect', baseUrl: 'https://matrix.example.com', targetLaunchDate: '2027-06-01', profile: profile() });
const DIGEST = 'a'.repeat(64);
// Review decisions target an item nobody adds evidence to, so four eyes never bar the admin, whose allowed calls add some.
const REVIEWED_ITEM = catalog.items[2]!.id;
const ACTIONS: Record<string, ActionEntry> = {
  // The new passwords differ, so the form is refused before the current password is checked: a wrong one would count
  // as a failed sign-in from this machine's address and lock every other spec out.
  changePasswordAction: { rule: 'signed-in', args: () => ({ currentPassword: 'not-the-password', newPassword: 'Matrix-New-Passphrase-91', confirmPassword: 'Matrix-Other-Passphrase-92' }) },
  setPasswordAction: { rule: 'public', args: () => ({ password: 'Matrix-New-Passphrase-91', confirmPassword: 'Matrix-New-Passphrase-91' }) },
  createFirstAdminAction: { rule: 'public', args: () => ({ name: 'Matrix Admin', email: `matrix-${uniq()}@example.com`, password: 'Matrix-New-Passphrase-91', confirmPassword: 'Matrix-New-Passphrase-91' }) },
  acknowledgeAlertAction: { rule: 'admin', args: (w) => ({ alertId: w.alertId }) },
  // Second factors are the person's own: anyone signed in manages theirs (validation answers count as allowed).
  beginTotpAction: { rule: 'signed-in', args: () => ({}) },
  confirmTotpAction: { rule: 'signed-in', args: () => ({ code: '000000' }) },
  removeTotpAction: { rule: 'signed-in', args: () => ({}) },
  passkeyOptionsAction: { rule: 'signed-in', args: () => ({}) },
  addPasskeyAction: { rule: 'signed-in', args: () => ({ name: 'Matrix key', response: MATRIX_REGISTRATION }) },
  removePasskeyAction: { rule: 'signed-in', args: () => ({ passkeyId: crypto.randomUUID() }) },
  regenerateRecoveryCodesAction: { rule: 'signed-in', args: () => ({}) },
  passwordlessOptionsAction: { rule: 'public', args: () => ({}) },
  secondFactorPasskeyOptionsAction: { rule: 'public', args: () => ({}) },
  resetMfaAction: { rule: 'admin', args: (w) => ({ userId: w.users.spare.id }) },
  updateSettingsAction: { rule: 'admin', args: () => ({ mfaRequiredFor: 'nobody', passwordlessPasskeys: false, oidcMfa: 'trust-idp' }) },
  createPersonalTokenAction: { rule: 'signed-in', args: () => ({ name: `Matrix token ${uniq()}`, scopes: ['gate'], days: '7' }) },
  revokePersonalTokenAction: { rule: 'signed-in', args: (w, _t, who) => ({ tokenId: w.revokedPersonalTokenIds[who as Exclude<Who, 'anonymous'>] ?? w.revokedInstanceTokenId }) },
  createInstanceTokenAction: { rule: 'admin', args: () => ({ name: `Matrix instance ${uniq()}`, scopes: ['gate'], days: '7' }) },
  revokeInstanceTokenAction: { rule: 'admin', args: (w) => ({ tokenId: w.revokedInstanceTokenId }) },
  createTeamTokenAction: { rule: 'team-tokens', args: (_, t) => ({ teamId: t.teamId, name: `Matrix team token ${uniq()}`, scopes: ['gate'], days: '7' }) },
  revokeTeamTokenAction: { rule: 'team-tokens', args: (_, t) => ({ teamId: t.teamId, tokenId: t.revokedTeamTokenId }) },
  createWebhookAction: { rule: 'team-write', args: (_, t) => ({ teamId: t.teamId, url: `https://matrix-${uniq()}.example.com/hook`, events: ['launch.approved'] }) },
  disableWebhookAction: { rule: 'team-write', args: (_, t) => ({ teamId: t.teamId, webhookId: t.disabledWebhookId }) },
  // Each allowed person deletes a webhook of their own, so a deletion by one does not leave the next with nothing.
  deleteWebhookAction: { rule: 'team-write', args: (_, t, who) => ({ teamId: t.teamId, webhookId: t.deletableWebhookIds[who === 'outsider' ? 'outsider' : (who as 'member' | 'admin')] ?? t.disabledWebhookId }) },
  createTeamAction: { rule: 'admin', args: () => ({ name: `Matrix team ${uniq()}`, description: '' }) },
  createUserAction: { rule: 'admin', args: () => ({ name: 'Matrix Person', email: `matrix-${uniq()}@example.com`, isAdmin: false, teamId: '', role: 'member' }) },
  issueResetLinkAction: { rule: 'admin', args: (w) => ({ userId: w.users.spare.id }) },
  setUserDisabledAction: { rule: 'admin', args: (w) => ({ userId: w.users.spare.id, disabled: false }) },
  setUserAdminAction: { rule: 'admin', args: (w) => ({ userId: w.users.spare.id, isAdmin: false }) },
  addMemberAction: { rule: 'team-admin', args: (w, t) => ({ teamId: t.teamId, email: w.users.spare.email, role: 'member' }) },
  createMemberAction: { rule: 'team-admin', args: (_, t) => ({ teamId: t.teamId, email: `matrix-${uniq()}@example.com`, name: 'Matrix Member', role: 'member' }) },
  changeRoleAction: { rule: 'team-admin', args: (w, t) => ({ teamId: t.teamId, userId: w.users.spare.id, role: 'member' }) },
  removeMemberAction: { rule: 'team-admin', args: (w, t) => ({ teamId: t.teamId, userId: w.users.spare.id }) },
  createAssessmentAction: { rule: 'team-write', args: (_, t) => assessmentInput(t) },
  previewAssessmentChangeAction: { rule: 'team-write', args: (_, t) => ({ ...assessmentInput(t), assessmentId: t.assessmentId }) },
  updateAssessmentAction: { rule: 'team-write', args: (_, t) => ({ ...assessmentInput(t), assessmentId: t.assessmentId, fingerprint: DIGEST }) },
  setArchivedAction: { rule: 'team-write', args: (_, t) => ({ assessmentId: t.assessmentId, archived: false }) },
  saveItemAction: {
    rule: 'team-write',
    args: (_, t) => ({ assessmentId: t.assessmentId, catalogItemId: t.catalogItemId, version: 999, status: 'in_progress', justification: '', gapResponse: '', gapText: '', gapDueDate: '', riskAcceptedById: '', ownerId: '', dueDate: '', notes: '', criteriaMet: [] }),
  },
  saveProbeTargetAction: {
    rule: 'team-write',
    args: (_, t) => ({ assessmentId: t.assessmentId, extraHosts: '', httpPort: '', gateProbeMaxAgeDays: '', descriptorMode: 'none', descriptorUrl: '', descriptorText: '', descriptorName: '', manifestText: '', manifestName: '', forgetManifest: false, authUrl: '', authHeaderName: '', authHeaderValue: '', forgetAuth: false }),
  },
  startProbeRunAction: { rule: 'team-write', args: (_, t) => ({ assessmentId: t.assessmentId }) },
  upgradeCatalogAction: { rule: 'team-write', args: (_, t) => ({ assessmentId: t.assessmentId }) },
  addLinkEvidenceAction: { rule: 'team-write', args: (_, t) => ({ assessmentId: t.assessmentId, catalogItemId: t.catalogItemId, title: 'Matrix link', url: 'https://matrix.example.com/proof', validUntil: '' }) },
  addTextEvidenceAction: { rule: 'team-write', args: (_, t) => ({ assessmentId: t.assessmentId, catalogItemId: t.catalogItemId, title: 'Matrix note', body: 'Proof by note.', validUntil: '' }) },
  attachPlanEvidenceAction: { rule: 'team-write', args: (_, t) => ({ assessmentId: t.assessmentId, catalogItemId: t.catalogItemId, planId: t.planId }) },
  deleteEvidenceAction: { rule: 'team-write', args: (_, t) => ({ evidenceId: t.noteEvidenceId }) },
  restoreEvidenceAction: { rule: 'team-write', args: (_, t) => ({ evidenceId: t.deletedEvidenceId }) },
  purgeEvidenceAction: { rule: 'purge', args: (_, t) => ({ evidenceId: t.deletedEvidenceId }) },
  createPlanAction: { rule: 'team-write', args: (_, t) => ({ teamId: t.teamId, templateId: 'incident-response', title: `Matrix plan ${uniq()}` }) },
  saveDraftAction: { rule: 'team-write', args: (_, t) => ({ planId: t.planId, version: 999, title: 'Matrix plan', nextReviewDate: '', lastExercisedDate: '', content: {} }) },
  publishPlanAction: { rule: 'team-write', args: (_, t) => ({ planId: t.planId, version: 999 }) },
  signOffItemAction: { rule: 'team-review', args: (_, t) => ({ assessmentId: t.assessmentId, catalogItemId: REVIEWED_ITEM, digest: DIGEST, comment: '' }) },
  requestChangesAction: { rule: 'team-review', args: (_, t) => ({ assessmentId: t.assessmentId, catalogItemId: REVIEWED_ITEM, digest: DIGEST, comment: 'Please change this.' }) },
  approveLaunchAction: { rule: 'team-review', args: (_, t) => ({ assessmentId: t.assessmentId, comment: '' }) },
  reopenAssessmentAction: { rule: 'team-review', args: (_, t) => ({ assessmentId: t.assessmentId, reason: 'Matrix reopening' }) },
  // There is no sign-off to withdraw, which the team's people learn before their role is asked: reading is the gate here.
  withdrawSignOffAction: { rule: 'team-read', args: (_, t) => ({ assessmentId: t.assessmentId, catalogItemId: REVIEWED_ITEM, reason: 'Matrix withdrawal' }) },
};
// Team actions whose refusal for a team's own people is a data-layer rule (forbidden), run on both teams.
const isTeamRule = (rule: Rule) => TEAM_RULES.includes(rule);

type Probe = { label: string; expected: Outcome; send: () => Promise<Response>; classify: (r: Response, text: string) => Outcome | 'server-error' };

const STACK = /\n\s+at [\w.<>]+ \(|node_modules\/|\/work\/|webpack-internal|TypeError|SqliteError|ReferenceError/;

function classifyPage(r: Response): Outcome | 'server-error' {
  if (r.status >= 500) return 'server-error';
  if (r.status === 404) return 'not-found';
  if (r.status === 403) return 'forbidden';
  if (r.status === 401) return 'sign-in';
  if (r.status >= 300 && r.status < 400) return /\/login(\?|$)/.test(r.headers.get('location') ?? '') ? 'sign-in' : 'allowed';
  // A validation answer (400, 409, 413, 415, 422) means the request got past authorization.
  return 'allowed';
}

function classifyAction(r: Response, text: string): Outcome | 'server-error' {
  if (r.status >= 500) return 'server-error';
  if (/"ok":true/.test(text)) return 'allowed';
  const status = Number(/"ok":false,"error":"[^"]*","status":(\d+)/.exec(text)?.[1] ?? NaN);
  if (!Number.isFinite(status)) return 'server-error';
  if (status >= 500) return 'server-error';
  if (status === 401) return 'sign-in';
  if (status === 404) return 'not-found';
  if (status === 403) return 'forbidden';
  return 'allowed';
}

// Its own server and database: the check that refusals write nothing compares the whole database, which another
// spec writing at the same moment would change.
let server: PrivateServer;
test.beforeAll(async () => {
  server = await startPrivateServer('security-matrix', E2E_PORT + 2);
});
test.afterAll(() => server?.stop());

test('every page, route handler and server action answers each role as the rules say, and refusals write nothing', async () => {
  test.setTimeout(600_000);
  const E2E_BASE_URL = server.baseUrl;
  const dbFingerprint = () => {
    const reader = openDbReader(server.dataDir);
    try {
      return reader.fingerprint();
    } finally {
      reader.close();
    }
  };
  const routes = appRoutes();
  const actions = serverActions();
  // The table covers the build exactly: nothing unlisted, nothing stale.
  expect(routes.map((r) => r.pattern).filter((p) => !(p in HTTP)), 'routes missing from the matrix').toEqual([]);
  expect(Object.keys(HTTP).filter((p) => !routes.some((r) => r.pattern === p)), 'matrix entries for routes that no longer exist').toEqual([]);
  expect(actions.map((a) => a.name).filter((n) => !(n in ACTIONS)), 'server actions missing from the matrix').toEqual([]);
  expect(Object.keys(ACTIONS).filter((n) => !actions.some((a) => a.name === n)), 'matrix entries for actions that no longer exist').toEqual([]);

  const world = seedWorld(server.dataDir);
  const cookies: Record<Who, string> = { anonymous: '' } as Record<Who, string>;
  for (const who of WHO.filter((w) => w !== 'anonymous')) {
    const user = world.users[who as Exclude<Who, 'anonymous'>];
    cookies[who] = await signInCookie(E2E_BASE_URL, user.email, world.password);
  }
  const headersFor = (who: Who, extra: Record<string, string> = {}) => ({ ...(cookies[who] ? { cookie: cookies[who] } : {}), ...extra });
  const teams: Record<Target, WorldTeam> = { own: world.own, other: world.other };

  const probes: Probe[] = [];
  for (const route of routes) {
    const entry = HTTP[route.pattern]!;
    const targets: Target[] = isTeamRule(entry.rule) ? ['own', 'other'] : ['own'];
    for (const target of targets) {
      const t = teams[target];
      const params = { ...paramsOf(t), evidenceId: t.fileEvidenceId, ...entry.params };
      let url = `${E2E_BASE_URL}${fillPattern(route.pattern, params)}${entry.query ?? ''}`;
      if (route.pattern === '/api/evidence/upload') url += `?assessmentId=${t.assessmentId}&catalogItemId=${t.catalogItemId}&name=matrix.txt`;
      for (const who of WHO) {
        let want = expected(entry.rule, who, target);
        if (want === 'forbidden' && entry.forbiddenAs) want = entry.forbiddenAs;
        const method = entry.method ?? 'GET';
        const credentials = isApi(route.pattern) ? (who === 'anonymous' ? {} : { authorization: `Bearer ${world.apiTokens[who]}` }) : headersFor(who);
        probes.push({
          label: `${method} ${route.pattern} as ${who} on ${target} team`,
          expected: want,
          send: () =>
            fetch(url, {
              method,
              redirect: 'manual',
              headers: { ...credentials, ...(method !== 'GET' ? { origin: E2E_BASE_URL, 'sec-fetch-site': 'same-origin', 'content-type': entry.contentType ?? 'application/octet-stream' } : {}) },
              ...(entry.body ? { body: entry.body(world, t) } : {}),
            }),
          classify: classifyPage,
        });
      }
    }
  }
  for (const action of actions) {
    const entry = ACTIONS[action.name]!;
    const targets: Target[] = isTeamRule(entry.rule) ? ['own', 'other'] : ['own'];
    for (const target of targets) {
      const t = teams[target];
      const page = `${E2E_BASE_URL}${fillPattern(action.pages[0]!, paramsOf(t))}`;
      for (const who of WHO) {
        probes.push({
          label: `action ${action.name} as ${who} on ${target} team`,
          expected: expected(entry.rule, who, target),
          send: () =>
            fetch(page, {
              method: 'POST',
              redirect: 'manual',
              headers: headersFor(who, { 'next-action': action.id, 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component', origin: E2E_BASE_URL }),
              body: JSON.stringify([entry.args(world, t, who)]),
            }),
          classify: classifyAction,
        });
      }
    }
  }

  const wrong: string[] = [];
  async function run(batch: Probe[]) {
    // A few at a time: fast enough, and gentle on a two-core machine that also runs the server.
    for (let i = 0; i < batch.length; i += 4) {
      await Promise.all(
        batch.slice(i, i + 4).map(async (p) => {
          const r = await p.send();
          const text = await r.text();
          const got = p.classify(r, text);
          if (got !== p.expected) wrong.push(`${p.label}: expected ${p.expected}, got ${got} (HTTP ${r.status}) ${text.slice(0, 160).replace(/\s+/g, ' ')}`);
          if (STACK.test(text)) wrong.push(`${p.label}: the response shows internals: ${text.slice(0, 200)}`);
        }),
      );
    }
  }
  // Refusals first, then the database must be exactly as it was; the allowed calls run afterwards.
  const refused = probes.filter((p) => p.expected !== 'allowed');
  const allowed = probes.filter((p) => p.expected === 'allowed');
  const before = dbFingerprint();
  await run(refused);
  const after = dbFingerprint();
  const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
  await run(allowed);
  console.log(`security matrix: ${routes.length} routes and ${actions.length} server actions; ${probes.length} requests (${refused.length} refused, ${allowed.length} allowed) by ${WHO.length} roles on 2 teams`);
  expect.soft(wrong, `${wrong.length} of ${probes.length} answers were wrong`).toEqual([]);
  expect(changed, 'tables that refused requests wrote to').toEqual([]);
});

test('the public verify endpoint limits each address: a burst gets 429 with a sentence, and a throttled check writes nothing', async () => {
  const url = `${server.baseUrl}/api/public/reports/verify`;
  const reader = openDbReader(server.dataDir);
  const checks = () => reader.get<{ n: number }>("select count(*) as n from audit_log where action = 'report.public-verified'")!.n;
  try {
    const before = checks();
    // The private server keeps the default of 20 a minute; the burst is over it whatever the matrix used.
    const answers = await Promise.all(Array.from({ length: 30 }, () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: 'not a report' })));
    const bodies = await Promise.all(answers.map(async (r) => ({ status: r.status, body: (await r.json()) as { error?: string; genuine?: boolean } })));
    const throttled = bodies.filter((b) => b.status === 429);
    const answered = bodies.filter((b) => b.status === 200);
    expect(throttled.length).toBeGreaterThanOrEqual(10);
    expect(throttled.length + answered.length).toBe(30);
    for (const t of throttled) expect(t.body.error).toMatch(/^Too many checks from your address\. Try again in \d+ s\.$/);
    for (const a of answered) expect(a.body.genuine).toBe(false);
    expect(checks() - before).toBe(answered.length);
  } finally {
    reader.close();
  }
});
