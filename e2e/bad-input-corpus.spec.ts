// The bad-input corpus over HTTP against every route handler, page and server action of the build (route-table.ts),
// signed in as the seeded world's people. Every answer: no 500, no hang, no stack trace, a result or refusal a person
// can read, and after a refusal the database exactly as before (fingerprinted between single requests). A route or
// action nobody described here fails the suite; one the corpus cannot reach is skipped with its reason.
// It runs its own server on its own data folder (support/private-server.ts): whole-database fingerprints stay exact
// while other specs run, and its refused sign-ins, access denials and alerts never reach their server.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { signInCookie } from '@/bench/support';
import { changedTables, type Fingerprint } from '@/db/testing/fingerprint';
import { DERIVED_QUESTIONS } from '@/app/(app)/teams/[teamId]/assessments/schemas';
import { currentCatalog } from '@/lib/catalog/load';
import { DEEP_NESTING, deepJsonText, HOSTILE_JSON_VALUES, HOSTILE_STRINGS, hostileJsonArb, mutationArb, applyMutation, unreadableMessage, type Mutation } from '@/lib/testing/bad-input-corpus';
import { openDbReader, type DbReader } from './support/db-fingerprint';
import { seedWorld } from './support/fixtures';
import { actionOutcome, send, stackTraceIn, type ProbeReply, type ProbeRequest } from './support/http-probe';
import { startPrivateServer, type PrivateServer } from './support/private-server';
import { appRoutes, fillPattern, serverActions, type ActionEntry } from './support/route-table';
import type { World, WorldRole } from './support/seed-world';

const FAST_CHECK_RUNS_PER_ACTION = 8;
const SERVER_ROOT = process.cwd();
type Actor = WorldRole | 'anonymous' | 'set-password link';

let server: PrivateServer;
let world: World;
let db: DbReader;
const cookies: Partial<Record<Actor, string>> = {};

// ---- judging one request ----

const findings: string[] = [];
const tally = { routes: 0, pages: 0, actions: 0, accepted: 0, refused: 0 };

// data_version moves whenever another connection commits: while it stands still, the last fingerprint holds.
let cached: { version: number; fingerprint: Fingerprint } | undefined;
function fingerprintNow(): Fingerprint {
  const version = db.get<{ data_version: number }>('pragma data_version')!.data_version;
  if (cached?.version !== version) cached = { version, fingerprint: db.fingerprint() };
  return cached.fingerprint;
}

type Verdict = 'accepted' | 'refused' | { problem: string };

/** Sends one probe and records what is wrong with the answer; `judge` says whether it was a refusal. */
async function probe(layer: 'routes' | 'pages' | 'actions', label: string, req: ProbeRequest, actor: Actor, judge: (reply: ProbeReply) => Verdict): Promise<ProbeReply> {
  const cookie = cookies[actor];
  const before = fingerprintNow();
  const reply = await send(server.port, { ...req, headers: { ...(cookie ? { cookie } : {}), ...req.headers } });
  tally[layer] += 1;
  const problems: string[] = [];
  if (reply.status === 0) problems.push(reply.body);
  if (reply.status >= 500) problems.push(`status ${reply.status}`);
  const leak = stackTraceIn(reply.body, SERVER_ROOT);
  if (leak) problems.push(`${leak} in the body`);
  if (/Something went wrong on our side/.test(reply.body)) problems.push('an unexpected error (the generic message)');
  const verdict = judge(reply);
  if (typeof verdict === 'object') problems.push(verdict.problem);
  else tally[verdict] += 1;
  if (verdict === 'refused') {
    const changed = changedTables(before, fingerprintNow());
    if (changed.length) problems.push(`refused, yet changed ${changed.join(', ')}`);
  }
  if (problems.length) findings.push(`${layer} ${label} [${req.method} ${req.path.slice(0, 160)}] → ${reply.status}: ${problems.join('; ')}`);
  return reply;
}

/** Route handlers and pages: a 4xx must read as a message (JSON error or text); GETs never write unless stated. */
function judgeHttp(options: { writesOnSuccess?: boolean; checkAccepted?: (reply: ProbeReply) => string | null } = {}) {
  return (reply: ProbeReply): Verdict => {
    if (reply.status >= 200 && reply.status < 300 && options.checkAccepted) {
      const problem = options.checkAccepted(reply);
      if (problem) return { problem };
    }
    if (reply.status >= 400 && reply.status < 500) {
      const type = String(reply.headers['content-type'] ?? '');
      if (type.includes('json')) {
        try {
          // Pages' routes answer { error }, the REST API problem+json's { detail }.
          const parsed = JSON.parse(reply.body) as { error?: unknown; detail?: unknown };
          const bad = unreadableMessage(parsed.error ?? parsed.detail);
          if (bad) return { problem: `error not fit for a person: ${bad}` };
        } catch {
          return { problem: 'a JSON error that is not JSON' };
        }
      }
      return 'refused';
    }
    return options.writesOnSuccess && reply.status < 300 ? 'accepted' : 'refused';
  };
}

/** Server actions: our proxy's 4xx, or runAction's result; Next's own error row means something escaped. */
function judgeAction(reply: ProbeReply): Verdict {
  if (reply.status >= 400 && reply.status < 500) {
    const bad = unreadableMessage(reply.body.trim());
    return bad ? { problem: `refusal not fit for a person: ${bad}` } : 'refused';
  }
  const outcome = actionOutcome(reply.body);
  if (outcome.kind === 'unhandled') return { problem: outcome.detail };
  if (outcome.ok) return 'accepted';
  const bad = [outcome.error, ...Object.values(outcome.fieldErrors)].map(unreadableMessage).find(Boolean);
  return bad ? { problem: `refusal not fit for a person: ${bad}` } : 'refused';
}

// ---- the corpus as it travels over HTTP ----

/** Path segments in place of an id: raw, exactly as they go on the wire. */
function hostileSegments(param: string): { name: string; raw: string }[] {
  const otherTeam: Record<string, string> = { teamId: world.other.teamId, assessmentId: world.other.assessmentId, planId: world.other.planId, evidenceId: world.other.fileEvidenceId, runId: world.other.probeRunId };
  return [
    { name: 'xss', raw: encodeURIComponent(HOSTILE_STRINGS['xss script tag']!) },
    { name: 'sql', raw: encodeURIComponent(HOSTILE_STRINGS['sql tautology']!) },
    { name: 'encoded traversal', raw: '..%2F..%2F..%2Fetc%2Fpasswd' },
    { name: 'dot segments', raw: '../../../../etc/passwd' },
    { name: 'nul byte', raw: 'a%00b' },
    { name: 'bidi override', raw: encodeURIComponent(HOSTILE_STRINGS['bidi override']!) },
    { name: 'broken percent-escape', raw: '%E0%A4%A' },
    { name: 'oversize', raw: 'a'.repeat(8_000) },
    { name: '__proto__', raw: '__proto__' },
    { name: 'uuid-shaped dashes', raw: '-'.repeat(36) },
    { name: 'number-like', raw: '1e309' },
    ...(otherTeam[param] ? [{ name: 'another team’s record', raw: otherTeam[param] }] : [{ name: 'random uuid', raw: crypto.randomUUID() }]),
  ];
}
const PAGE_SEGMENTS = new Set(['xss', 'encoded traversal', 'nul byte', 'broken percent-escape', 'oversize', 'another team’s record', 'random uuid']);

function worldParams(): Record<string, string> {
  return { teamId: world.own.teamId, assessmentId: world.own.assessmentId, catalogItemId: world.own.catalogItemId, planId: world.own.planId, number: String(world.own.planVersion), evidenceId: world.own.fileEvidenceId, runId: world.own.probeRunId, exportId: world.own.reportExportId, nextauth: 'session' };
}

function pathVariants(pattern: string, segments: (p: string) => { name: string; raw: string }[]): { name: string; path: string }[] {
  const params = [...pattern.matchAll(/\[(?:\.\.\.)?(\w+)\]/g)].map((m) => m[1]!);
  const valid = worldParams();
  return params.flatMap((param) =>
    segments(param).map((s) => ({ name: `${param} = ${s.name}`, path: pattern.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, name: string) => (name === param ? s.raw : encodeURIComponent(valid[name]!))) })),
  );
}

const QUERY_VALUES: Record<string, string> = {
  xss: HOSTILE_STRINGS['xss script tag']!,
  sql: HOSTILE_STRINGS['sql stacked drop']!,
  traversal: HOSTILE_STRINGS['path traversal']!,
  'nul and controls': 'a\u0000b\u001b[31m',
  bidi: HOSTILE_STRINGS['bidi override']!,
  oversize: 'q'.repeat(6_000),
  __proto__: '__proto__',
  empty: '',
};
const qs = (pairs: [string, string][]) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

/** Query strings for a route that reads `keys` (valid values given): each key hostile, duplicated, as array, as object. */
function queryVariants(valid: Record<string, string>): { name: string; query: string }[] {
  const keys = Object.keys(valid);
  const base = Object.entries(valid);
  const out: { name: string; query: string }[] = [];
  for (const key of keys) {
    for (const [name, value] of Object.entries(QUERY_VALUES)) out.push({ name: `${key} = ${name}`, query: qs(base.map(([k, v]) => [k, k === key ? value : v])) });
    out.push({ name: `${key} duplicated, hostile last`, query: `${qs(base)}&${qs([[key, QUERY_VALUES.xss!]])}` });
    out.push({ name: `${key} duplicated, hostile first`, query: `${qs([[key, QUERY_VALUES.traversal!]])}&${qs(base)}` });
    out.push({ name: `${key} missing`, query: qs(base.filter(([k]) => k !== key)) });
    // A lone surrogate as a UTF-8 encoder without checks would write it, plus a byte no UTF-8 has.
    out.push({ name: `${key} = broken UTF-8`, query: `${qs(base.filter(([k]) => k !== key))}&${encodeURIComponent(key)}=%ED%A0%80%FF` });
    out.push({ name: `${key}[] array`, query: qs([...base.filter(([k]) => k !== key), [`${key}[]`, 'a'], [`${key}[]`, 'b']]) });
  }
  out.push({ name: 'prototype-pollution keys', query: `${qs(base)}&__proto__[isAdmin]=1&constructor[prototype][isAdmin]=1&__proto__=x` });
  out.push({ name: 'broken percent-escapes', query: `${qs(base)}&x=%E0%A4%A&%ZZ=1` });
  return out;
}

// ---- route handlers: how each is reached, and who asks ----

type RouteProbe =
  | {
      actor: Actor;
      method: 'GET' | 'POST' | 'PATCH';
      /** Headers that make the request the actor's (an API token); the anonymous probe goes without them. */
      credentials?: () => Record<string, string>;
      query: () => Record<string, string>;
      body?: () => { headers: Record<string, string>; body: Buffer | string };
      writesOnSuccess?: boolean;
      /** What is wrong with an accepted answer, or null. */
      checkAccepted?: (reply: ProbeReply) => string | null;
      extra?: () => { name: string; req: ProbeRequest; actor?: Actor }[];
    }
  | { skip: string };

// Controls, bidi overrides and path separators: what sanitizeFilename takes out of a stored file name.
const UNSAFE_NAME = /[\\/\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

const PDF = Buffer.from('%PDF-1.4\n% corpus\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const sameSite = () => ({ origin: server.baseUrl, 'sec-fetch-site': 'same-origin' });

const ROUTES: Record<string, RouteProbe> = {
  '/api/assessments/[assessmentId]/report': { actor: 'member', method: 'GET', query: () => ({ format: 'json' }), writesOnSuccess: true },
  '/api/assessments/[assessmentId]/probe-runs/[runId]': { actor: 'member', method: 'GET', query: () => ({}) },
  '/api/auth/[...nextauth]': { actor: 'anonymous', method: 'GET', query: () => ({}), extra: () => nextAuthProbes() },
  '/api/evidence/[evidenceId]': { actor: 'member', method: 'GET', query: () => ({ disposition: 'inline' }) },
  '/api/evidence/upload': {
    actor: 'member',
    method: 'POST',
    query: () => ({ assessmentId: world.own.assessmentId, catalogItemId: world.own.catalogItemId, name: 'scan.pdf', validUntil: '2030-01-01' }),
    body: () => ({ headers: { ...sameSite(), 'content-type': 'application/octet-stream' }, body: PDF }),
    writesOnSuccess: true,
    checkAccepted: (reply) => {
      const name = (JSON.parse(reply.body) as { name?: string }).name ?? '';
      return UNSAFE_NAME.test(name) ? `stored the file name ${JSON.stringify(name)} unsanitized` : null;
    },
    extra: () => rawBodyProbes(`/api/evidence/upload?${qs([['assessmentId', world.own.assessmentId], ['catalogItemId', world.own.catalogItemId], ['name', 'scan.pdf']])}`, 'application/octet-stream', { tooLarge: 6 * 1024 * 1024 }),
  },
  '/api/health': { actor: 'anonymous', method: 'GET', query: () => ({}) },
  '/api/plans/[planId]/versions/[number]/export': { actor: 'member', method: 'GET', query: () => ({ format: 'md' }) },
  '/api/reports/verify': {
    actor: 'member',
    method: 'POST',
    query: () => ({}),
    body: () => ({ headers: { ...sameSite(), 'content-type': 'application/octet-stream' }, body: PDF }),
    extra: () => rawBodyProbes('/api/reports/verify', 'application/octet-stream', {}),
  },
  '/api/reports/exports/[exportId]/signature': { actor: 'member', method: 'GET', query: () => ({}) },
  // Public, and every answered check is audited: a 2xx writes by design.
  '/.well-known/preflight-report-keys': { actor: 'anonymous', method: 'GET', query: () => ({}), writesOnSuccess: true },
  '/api/public/reports/verify': {
    actor: 'anonymous',
    method: 'POST',
    query: () => ({}),
    writesOnSuccess: true,
    body: () => ({ headers: { 'content-type': 'application/octet-stream' }, body: PDF }),
    extra: () => [
      ...rawBodyProbes('/api/public/reports/verify', 'application/octet-stream', {}),
      ...signatureHeaderProbes('/api/public/reports/verify'),
    ],
  },
  '/api/v1/openapi.json': { actor: 'anonymous', method: 'GET', query: () => ({}) },
  '/api/v1/teams': { actor: 'member', method: 'GET', credentials: bearer('member'), query: () => ({}) },
  '/api/v1/teams/[teamId]/assessments': { actor: 'member', method: 'GET', credentials: bearer('member'), query: () => ({ limit: '2' }), extra: () => [{ name: 'forged cursor', req: { method: 'GET', path: `/api/v1/teams/${world.own.teamId}/assessments?cursor=${Buffer.from(`1:${'0'.repeat(36)}' or 1=1`).toString('base64url')}`, headers: bearer('member')() } }] },
  '/api/v1/assessments/[assessmentId]': { actor: 'member', method: 'GET', credentials: bearer('member'), query: () => ({}), extra: () => tokenProbes(`/api/v1/assessments/${world.own.assessmentId}`) },
  '/api/v1/assessments/[assessmentId]/items/[catalogItemId]': {
    actor: 'member',
    method: 'PATCH',
    credentials: bearer('member'),
    query: () => ({}),
    body: () => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version: itemVersion(), notes: 'Corpus notes through the API' }) }),
    writesOnSuccess: true,
    extra: () => jsonBodyProbes(`/api/v1/assessments/${world.own.assessmentId}/items/${world.own.catalogItemId}`, 'PATCH', { version: itemVersion(), notes: 'Corpus' }),
  },
  '/api/v1/assessments/[assessmentId]/items/[catalogItemId]/evidence': {
    actor: 'member',
    method: 'POST',
    credentials: bearer('member'),
    query: () => ({ name: 'api scan.pdf', validUntil: '2030-01-01' }),
    body: () => ({ headers: { 'content-type': 'application/octet-stream' }, body: PDF }),
    writesOnSuccess: true,
    checkAccepted: (reply) => {
      const name = (JSON.parse(reply.body) as { name?: string }).name ?? '';
      return UNSAFE_NAME.test(name) ? `stored the file name ${JSON.stringify(name)} unsanitized` : null;
    },
    extra: () => rawBodyProbes(`/api/v1/assessments/${world.own.assessmentId}/items/${world.own.catalogItemId}/evidence?name=scan.pdf`, 'application/octet-stream', { tooLarge: 6 * 1024 * 1024 }).map((p) => ({ ...p, req: { ...p.req, headers: { ...p.req.headers, ...bearer('member')() } } })),
  },
  '/api/v1/evidence/[evidenceId]': { actor: 'member', method: 'GET', credentials: bearer('member'), query: () => ({}) },
  '/api/v1/assessments/[assessmentId]/report': { actor: 'member', method: 'GET', credentials: bearer('member'), query: () => ({ format: 'json' }), writesOnSuccess: true },
  '/api/v1/assessments/[assessmentId]/gate': { actor: 'member', method: 'GET', credentials: bearer('member'), query: () => ({ format: 'text' }) },
  // As for the start-probe action, a started run writes in the background: the member's token here lacks the probe
  // scope, so every body is parsed and judged, and even a valid one is refused.
  '/api/v1/assessments/[assessmentId]/probe-runs': {
    actor: 'member',
    method: 'POST',
    credentials: () => ({ authorization: `Bearer ${world.memberReadOnlyToken}` }),
    query: () => ({}),
    body: () => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ baseUrl: 'https://staging.corpus.example.com' }) }),
    extra: () => jsonBodyProbes(`/api/v1/assessments/${world.own.assessmentId}/probe-runs`, 'POST', { baseUrl: 'https://staging.corpus.example.com' }, world.memberReadOnlyToken),
  },
  '/api/v1/assessments/[assessmentId]/probe-runs/[runId]': { actor: 'member', method: 'GET', credentials: bearer('member'), query: () => ({}) },
  '/api/v1/assessments/[assessmentId]/probe-runs/[runId]/result': { actor: 'member', method: 'GET', credentials: bearer('member'), query: () => ({}) },
  '/set-password/link': { actor: 'anonymous', method: 'GET', query: () => ({ token: 'A'.repeat(43) }) },
  '/setup/link': { actor: 'anonymous', method: 'GET', query: () => ({ token: 'A'.repeat(43) }) },
};

function bearer(actor: WorldRole): () => Record<string, string> {
  return () => ({ authorization: `Bearer ${world.apiTokens[actor]}` });
}

/** Authorization headers an attacker sends: forged, malformed, smuggled, oversize. None may get past or crash. */
function tokenProbes(path: string): { name: string; req: ProbeRequest }[] {
  const token = world.apiTokens.member;
  const headers: Record<string, string> = {
    'forged token': `Bearer pft_${'A'.repeat(43)}`,
    'token with a flipped last letter': `Bearer ${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
    'basic scheme': `Basic ${Buffer.from(`x:${token}`).toString('base64')}`,
    'two tokens': `Bearer ${token} Bearer ${token}`,
    'sql in token': `Bearer ${HOSTILE_STRINGS['sql tautology']!.replace(/[^\x20-\x7e]/g, '')}`,
    'oversize token': `Bearer pft_${'A'.repeat(6_000)}`,
    'scheme only': 'Bearer',
  };
  return Object.entries(headers).map(([name, authorization]) => ({ name, req: { method: 'GET', path, headers: { authorization } } }));
}

/** JSON-body API routes: not JSON, wrong type, hostile values, deep nesting, oversize. */
function jsonBodyProbes(path: string, method: 'POST' | 'PATCH', valid: Record<string, unknown>, token = world.apiTokens.member): { name: string; req: ProbeRequest }[] {
  const auth = { authorization: `Bearer ${token}` };
  const h = { ...auth, 'content-type': 'application/json' };
  const bodies: Record<string, string | Buffer> = {
    'not JSON': '{"version": 1,',
    'JSON null': 'null',
    'JSON array': '[1,2,3]',
    'deep JSON': deepJsonText(DEEP_NESTING, 'object'),
    'proto pollution': `{"__proto__":{"isAdmin":true},${JSON.stringify(valid).slice(1)}`,
    'unknown field': JSON.stringify({ ...valid, role: 'admin' }),
    'wrong types': JSON.stringify(Object.fromEntries(Object.keys(valid).map((k) => [k, { $gt: '' }]))),
    'over 64 KB': JSON.stringify({ ...valid, notes: 'n'.repeat(70 * 1024) }),
  };
  return [
    ...Object.entries(bodies).map(([name, body]) => ({ name, req: { method, path, headers: h, body } })),
    { name: 'form body', req: { method, path, headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, body: 'version=1' } },
  ];
}

/** Raw-body routes: other body types, none, empty, cross-site, oversize. */
/** The detached .sig arrives base64url in a header: every shape of broken signature a client could send. */
function signatureHeaderProbes(path: string): { name: string; req: ProbeRequest }[] {
  const csv = 'report_id,title\n0b7e4c1a-6f0e-4d7b-9a53-2f1c8e9d4b21,x\n';
  const sig = (value: string) => ({ 'content-type': 'application/octet-stream', 'x-preflight-signature': value });
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  return [
    { name: 'signature not base64', req: { method: 'POST', path, headers: sig('%%% not base64 <script>'), body: csv } },
    { name: 'signature of random bytes', req: { method: 'POST', path, headers: sig(Buffer.from(crypto.getRandomValues(new Uint8Array(300))).toString('base64url')), body: csv } },
    { name: 'signature as deep JSON', req: { method: 'POST', path, headers: sig(b64(deepJsonText(2000, 'array'))), body: csv } },
    { name: 'signature with wrong types', req: { method: 'POST', path, headers: sig(b64(JSON.stringify({ v: '1', alg: ['Ed25519'], keyId: { $ne: 1 }, format: 'csv', reportId: "' or 1=1 --", appName: 7, generatedAt: 'yesterday', sha256: null, signature: true }))), body: csv } },
    { name: 'signature far too large', req: { method: 'POST', path, headers: sig('A'.repeat(12_000)), body: csv } },
  ];
}

function rawBodyProbes(path: string, type: string, options: { tooLarge?: number }): { name: string; req: ProbeRequest }[] {
  const site = sameSite();
  return [
    { name: 'json instead of raw', req: { method: 'POST', path, headers: { ...site, 'content-type': 'application/json' }, body: deepJsonText(DEEP_NESTING, 'object') } },
    { name: 'multipart instead of raw', req: { method: 'POST', path, headers: { ...site, 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\nContent-Disposition: form-data; name="file"; filename="../../etc/passwd"\r\n\r\nhi\r\n--x--\r\n' } },
    { name: 'no content type', req: { method: 'POST', path, headers: { ...site }, body: 'abc' } },
    { name: 'empty body', req: { method: 'POST', path, headers: { ...site, 'content-type': type }, body: '' } },
    { name: 'cross-site', req: { method: 'POST', path, headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': type }, body: PDF } },
    { name: 'NUL bytes', req: { method: 'POST', path, headers: { ...site, 'content-type': type }, body: Buffer.alloc(4096) } },
    ...(options.tooLarge ? [{ name: 'over the size limit', req: { method: 'POST', path, headers: { ...site, 'content-type': type }, body: Buffer.alloc(options.tooLarge, 0x41) } }] : []),
  ];
}

/** next-auth's endpoints, anonymous: hostile segments, redirects and credentials (never a seeded person's email). */
function nextAuthProbes(): { name: string; req: ProbeRequest; actor?: Actor }[] {
  const form = (pairs: [string, string][]) => ({ 'content-type': 'application/x-www-form-urlencoded' as const, body: qs(pairs) });
  const credentials = (name: string, pairs: [string, string][], headers: Record<string, string> = {}) => {
    const f = form(pairs);
    return { name, req: { method: 'POST', path: '/api/auth/callback/credentials', headers: { 'content-type': f['content-type'], ...headers }, body: f.body } };
  };
  const email = () => `nobody-${crypto.randomUUID().slice(0, 8)}@example.com`;
  return [
    ...['providers', 'csrf', 'session', 'signin', 'signout', 'callback/credentials', 'error', 'verify-request', 'callback/oidc'].map((p) => ({ name: `GET ${p}`, req: { method: 'GET', path: `/api/auth/${p}` } })),
    { name: 'error page with markup', req: { method: 'GET', path: `/api/auth/error?${qs([['error', HOSTILE_STRINGS['xss script tag']!]])}` } },
    { name: 'javascript: callback', req: { method: 'GET', path: `/api/auth/signin?${qs([['callbackUrl', 'javascript:alert(1)']])}` } },
    { name: 'javascript: callback on the session endpoint', req: { method: 'GET', path: `/api/auth/session?${qs([['callbackUrl', 'javascript:alert(1)']])}` } },
    { name: 'data: callback, duplicated', req: { method: 'GET', path: `/api/auth/csrf?${qs([['callbackUrl', '/ok'], ['callbackUrl', 'data:text/html,<script>alert(1)</script>']])}` } },
    { name: 'javascript: callback cookie', req: { method: 'GET', path: '/api/auth/session', headers: { cookie: '__Secure-next-auth.callback-url=javascript%3Aalert(1)' } } },
    credentials('credentials with a javascript: callback', [['email', email()], ['password', 'x'], ['callbackUrl', 'javascript:alert(1)']]),
    { name: 'credentials with a javascript: callback in the query', req: { method: 'POST', path: `/api/auth/callback/credentials?${qs([['callbackUrl', 'javascript:alert(1)']])}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: qs([['email', email()], ['password', 'x']]) } },
    { name: 'offsite callback', req: { method: 'GET', path: `/api/auth/signin/credentials?${qs([['callbackUrl', '//evil.example/x']])}` } },
    { name: 'deep unknown segment', req: { method: 'GET', path: `/api/auth/${'a/'.repeat(200)}x` } },
    credentials('credentials without csrf token', [['email', email()], ['password', 'x']]),
    credentials('credentials with xss email', [['email', HOSTILE_STRINGS['xss attribute breakout']!], ['password', 'x'], ['csrfToken', 'forged']]),
    credentials('credentials with duplicated email', [['email', email()], ['email', email()], ['password', 'x']]),
    credentials('credentials with oversize password', [['email', email()], ['password', 'p'.repeat(200_000)]]),
    credentials('credentials with NUL and bidi', [['email', `a\u0000b\u202E@example.com`], ['password', '\u0000']]),
    // The second-step fields: beside a password, and alone with a forged step cookie.
    credentials('credentials with an oversize totp', [['email', email()], ['password', 'x'], ['totp', '1'.repeat(100_000)]]),
    credentials('credentials with a hostile recovery code', [['email', email()], ['password', 'x'], ['recoveryCode', HOSTILE_STRINGS['xss script tag']!]]),
    credentials('credentials with a passkey that is not JSON', [['email', email()], ['password', 'x'], ['passkey', '{"id":']]),
    credentials('credentials with a deep passkey', [['passkey', deepJsonText(DEEP_NESTING, 'object').slice(0, 30_000)]]),
    credentials('second step alone with a forged step cookie', [['totp', '123456']], { cookie: '__Host-preflight.sign-in-step=forged' }),
    credentials('passkey alone shaped like a response', [['passkey', JSON.stringify({ id: 'eA', rawId: 'eA', type: 'public-key', clientExtensionResults: {}, response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' } })]]),
    credentials('credentials with __proto__ fields', [['email', email()], ['password', 'x'], ['__proto__[isAdmin]', 'true'], ['constructor[prototype][x]', '1']]),
    { name: 'credentials as JSON', req: { method: 'POST', path: '/api/auth/callback/credentials', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: [email()], password: { $gt: '' } }) } },
    { name: 'credentials as deep JSON', req: { method: 'POST', path: '/api/auth/callback/credentials', headers: { 'content-type': 'application/json' }, body: deepJsonText(DEEP_NESTING, 'object') } },
    { name: 'credentials with broken body', req: { method: 'POST', path: '/api/auth/callback/credentials', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '%E0%A4%A=%ZZ&&&==' } },
    { name: 'signout without csrf token', req: { method: 'POST', path: '/api/auth/signout', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' } },
  ];
}

// ---- server actions: who calls each, with which valid argument (the corpus varies it) ----

type ActionProbe = { actor: Actor; base: () => Record<string, unknown> } | { skip: string };

const askedQuestions = currentCatalog().profileQuestions.map((q) => q.id).filter((id) => !DERIVED_QUESTIONS.includes(id));
const assessmentForm = () => ({ teamId: world.own.teamId, appName: 'Corpus app', appKind: 'connect', baseUrl: 'https://corpus.example.com', targetLaunchDate: '2027-06-01', profile: Object.fromEntries(askedQuestions.map((q) => [q, 'no'])) });
const itemVersion = () => db.get<{ version: number }>('select version from assessment_items where assessment_id = ? and catalog_item_id = ?', world.own.assessmentId, world.own.catalogItemId)!.version;
const draftVersion = () => db.get<{ draft_version: number }>('select draft_version from plans where id = ?', world.own.planId)!.draft_version;
const HEX64 = 'ab'.repeat(32);
const NEW_PASSWORD = 'Corpus-Lantern-93-Slowly';
let previewFingerprint = HEX64;

// Listed in the order they run: what would change the world for the others (archiving, removals, purges) comes last.
const ACTIONS: Record<string, ActionProbe> = {
  createTeamAction: { actor: 'admin', base: () => ({ name: 'Corpus team', description: '' }) },
  createUserAction: { actor: 'admin', base: () => ({ name: 'Corpus person', email: 'corpus-person@example.com', isAdmin: false, teamId: '', role: 'member' }) },
  issueResetLinkAction: { actor: 'admin', base: () => ({ userId: world.users.outsider.id }) },
  acknowledgeAlertAction: { actor: 'admin', base: () => ({ alertId: crypto.randomUUID() }) },
  beginTotpAction: { actor: 'member', base: () => ({}) },
  confirmTotpAction: { actor: 'member', base: () => ({ code: '123456' }) },
  removeTotpAction: { actor: 'member', base: () => ({}) },
  passkeyOptionsAction: { actor: 'member', base: () => ({}) },
  addPasskeyAction: {
    actor: 'member',
    base: () => ({ name: 'Corpus key', response: { id: 'Y29ycHVz', rawId: 'Y29ycHVz', type: 'public-key', clientExtensionResults: {}, response: { clientDataJSON: 'e30', attestationObject: 'oA', transports: ['usb'] } } }),
  },
  removePasskeyAction: { actor: 'member', base: () => ({ passkeyId: crypto.randomUUID() }) },
  regenerateRecoveryCodesAction: { actor: 'member', base: () => ({}) },
  passwordlessOptionsAction: { actor: 'anonymous', base: () => ({}) },
  secondFactorPasskeyOptionsAction: { actor: 'anonymous', base: () => ({}) },
  resetMfaAction: { actor: 'admin', base: () => ({ userId: world.users.outsider.id }) },
  updateSettingsAction: { actor: 'admin', base: () => ({ mfaRequiredFor: 'nobody', passwordlessPasskeys: false, oidcMfa: 'trust-idp' }) },
  addMemberAction: { actor: 'admin', base: () => ({ teamId: world.own.teamId, email: 'nobody-here@example.com', role: 'member' }) },
  createMemberAction: { actor: 'admin', base: () => ({ teamId: world.own.teamId, email: 'corpus-member@example.com', name: 'Corpus member', role: 'member' }) },
  changeRoleAction: { actor: 'admin', base: () => ({ teamId: world.other.teamId, userId: world.users.outsider.id, role: 'member' }) },
  createAssessmentAction: { actor: 'member', base: assessmentForm },
  previewAssessmentChangeAction: { actor: 'member', base: () => ({ ...assessmentForm(), assessmentId: world.own.assessmentId }) },
  updateAssessmentAction: { actor: 'member', base: () => ({ ...assessmentForm(), assessmentId: world.own.assessmentId, fingerprint: previewFingerprint }) },
  saveItemAction: {
    actor: 'member',
    base: () => ({ assessmentId: world.own.assessmentId, catalogItemId: world.own.catalogItemId, version: itemVersion(), status: 'in_progress', justification: '', gapResponse: '', gapText: '', gapDueDate: '', riskAcceptedById: '', ownerId: '', dueDate: '', notes: 'Corpus notes', criteriaMet: [] }),
  },
  addLinkEvidenceAction: { actor: 'member', base: () => ({ assessmentId: world.own.assessmentId, catalogItemId: world.own.catalogItemId, title: 'Scanner run', url: 'https://scanner.example.com/run/1', validUntil: '' }) },
  addTextEvidenceAction: { actor: 'member', base: () => ({ assessmentId: world.own.assessmentId, catalogItemId: world.own.catalogItemId, title: 'Corpus note', body: 'We rotate keys.', validUntil: '' }) },
  attachPlanEvidenceAction: { actor: 'member', base: () => ({ assessmentId: world.own.assessmentId, catalogItemId: world.own.catalogItemId, planId: world.own.planId }) },
  saveProbeTargetAction: {
    actor: 'member',
    base: () => ({ assessmentId: world.own.assessmentId, extraHosts: 'api.corpus.example.com', httpPort: '8080', gateProbeMaxAgeDays: '', descriptorMode: 'url', descriptorUrl: 'https://corpus.example.com/atlassian-connect.json', descriptorText: '', descriptorName: '', manifestText: '', manifestName: '', forgetManifest: false, authUrl: 'https://corpus.example.com/account', authHeaderName: 'Cookie', authHeaderValue: 'session=corpus', forgetAuth: false }),
  },
  // A started run goes on in the background and writes while later requests are fingerprinted, so the corpus aims at
  // an assessment the member cannot probe: every variant must be refused. probe.spec and the matrix start real runs.
  startProbeRunAction: { actor: 'member', base: () => ({ assessmentId: world.other.assessmentId }) },
  upgradeCatalogAction: { actor: 'member', base: () => ({ assessmentId: world.own.assessmentId }) },
  createPlanAction: { actor: 'member', base: () => ({ teamId: world.own.teamId, templateId: 'disaster-recovery', title: 'Corpus plan' }) },
  saveDraftAction: { actor: 'member', base: () => ({ planId: world.own.planId, version: draftVersion(), title: 'Corpus plan', nextReviewDate: '', lastExercisedDate: '', content: {} }) },
  publishPlanAction: { actor: 'member', base: () => ({ planId: world.own.planId, version: draftVersion() }) },
  signOffItemAction: { actor: 'reviewer', base: () => ({ assessmentId: world.own.assessmentId, catalogItemId: world.own.catalogItemId, digest: HEX64, comment: '' }) },
  requestChangesAction: { actor: 'reviewer', base: () => ({ assessmentId: world.own.assessmentId, catalogItemId: world.own.catalogItemId, digest: HEX64, comment: 'Attach the scan.' }) },
  withdrawSignOffAction: { actor: 'reviewer', base: () => ({ assessmentId: world.own.assessmentId, catalogItemId: world.own.catalogItemId, reason: 'Signed too early.' }) },
  approveLaunchAction: { actor: 'reviewer', base: () => ({ assessmentId: world.own.assessmentId, comment: '' }) },
  reopenAssessmentAction: { actor: 'reviewer', base: () => ({ assessmentId: world.own.assessmentId, reason: 'A new finding came in.' }) },
  createPersonalTokenAction: { actor: 'member', base: () => ({ name: 'Corpus token', scopes: ['gate'], days: '30' }) },
  revokePersonalTokenAction: { actor: 'member', base: () => ({ tokenId: world.revokedPersonalTokenIds.member }) },
  createTeamTokenAction: { actor: 'member', base: () => ({ teamId: world.own.teamId, name: 'Corpus CI', scopes: ['gate', 'read'], days: '30' }) },
  revokeTeamTokenAction: { actor: 'member', base: () => ({ teamId: world.own.teamId, tokenId: world.own.revokedTeamTokenId }) },
  createInstanceTokenAction: { actor: 'admin', base: () => ({ name: 'Corpus instance', scopes: ['gate'], days: '30' }) },
  revokeInstanceTokenAction: { actor: 'admin', base: () => ({ tokenId: world.revokedInstanceTokenId }) },
  createWebhookAction: { actor: 'member', base: () => ({ teamId: world.own.teamId, url: 'https://hooks.corpus.example.com/preflight', events: ['launch.approved', 'item.signed-off'] }) },
  disableWebhookAction: { actor: 'member', base: () => ({ teamId: world.own.teamId, webhookId: world.own.disabledWebhookId }) },
  deleteWebhookAction: { actor: 'member', base: () => ({ teamId: world.own.teamId, webhookId: world.own.deletableWebhookIds.member ?? world.own.disabledWebhookId }) },
  // The auditor takes the password change: its wrong-password refusals lock only that account.
  changePasswordAction: { actor: 'auditor', base: () => ({ currentPassword: 'not the password at all', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }) },
  setPasswordAction: { actor: 'set-password link', base: () => ({ password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }) },
  // The setup link is spent (the world has admins): every call is refused before parsing, which is the point.
  createFirstAdminAction: { actor: 'anonymous', base: () => ({ name: 'Mallory', email: 'mallory@example.com', password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }) },
  deleteEvidenceAction: { actor: 'member', base: () => ({ evidenceId: world.own.noteEvidenceId }) },
  restoreEvidenceAction: { actor: 'member', base: () => ({ evidenceId: world.own.deletedEvidenceId }) },
  purgeEvidenceAction: { actor: 'admin', base: () => ({ evidenceId: world.own.deletedEvidenceId }) },
  setArchivedAction: { actor: 'member', base: () => ({ assessmentId: world.own.assessmentId, archived: false }) },
  setUserDisabledAction: { actor: 'admin', base: () => ({ userId: world.users.outsider.id, disabled: false }) },
  setUserAdminAction: { actor: 'admin', base: () => ({ userId: world.users.outsider.id, isAdmin: false }) },
  removeMemberAction: { actor: 'admin', base: () => ({ teamId: world.other.teamId, userId: world.users.outsider.id }) },
};

// A cut of the named corpus per field (the Vitest layer sends all of it): what HTTP adds is the wire, not more values.
const FIELD_VALUES: Record<string, unknown> = {
  number: 42,
  'huge number': 1e308,
  true: true,
  null: null,
  array: ['a', 'b'],
  'empty object': {},
  'proto pollution': HOSTILE_JSON_VALUES['proto pollution'],
  'constructor pollution': HOSTILE_JSON_VALUES['constructor pollution'],
  'xss, NUL and bidi': `${HOSTILE_STRINGS['xss script tag']}\u0000\u202E`,
  sql: HOSTILE_STRINGS['sql stacked drop'],
  traversal: HOSTILE_STRINGS['path traversal'],
  'control characters': HOSTILE_STRINGS['control characters'],
  'homoglyph email': HOSTILE_STRINGS['homoglyph email'],
  'whitespace only': HOSTILE_STRINGS['whitespace only'],
  empty: '',
  'oversize 64 KiB': HOSTILE_STRINGS['oversize 64 KiB'],
  'lone surrogate': HOSTILE_STRINGS['lone surrogate'],
  'reference-like "$Q1"': '$Q1',
};
const WHOLE_VALUES: Record<string, unknown> = { null: null, string: 'just a string', number: 42, 'empty array': [], 'proto pollution': HOSTILE_JSON_VALUES['proto pollution'], 'huge array': HOSTILE_JSON_VALUES['huge array'] };

type BodyVariant = { name: string; body: (base: Record<string, unknown>) => string; contentType?: string };

/**
 * Bodies for one action call, each built from the action's valid argument as of the moment it is sent (a version an
 * accepted call moved on is read afresh): field by field, whole-argument, arity, wire-level and fast-check variants.
 */
function actionBodies(keys: string[], seed: number): BodyVariant[] {
  const out: BodyVariant[] = [];
  const arg = (v: unknown) => JSON.stringify([v]);
  const first = keys[0]!;
  for (const key of keys) {
    for (const [name, value] of Object.entries(FIELD_VALUES)) out.push({ name: `${key} = ${name}`, body: (base) => arg({ ...base, [key]: value }) });
    out.push({ name: `${key} missing`, body: (base) => arg(Object.fromEntries(Object.entries(base).filter(([k]) => k !== key))) });
  }
  for (const [name, value] of Object.entries(WHOLE_VALUES)) out.push({ name: `argument = ${name}`, body: () => arg(value) });
  out.push(
    { name: 'no arguments', body: () => '[]' },
    { name: 'extra arguments', body: (base) => JSON.stringify([base, base, 'extra']) },
    { name: '1,001 arguments', body: (base) => JSON.stringify(Array.from({ length: 1001 }, () => base)) },
    { name: 'argument nested 10,000 deep (objects)', body: () => `[${deepJsonText(DEEP_NESTING, 'object')}]` },
    { name: 'argument nested 10,000 deep (arrays)', body: () => `[${deepJsonText(DEEP_NESTING, 'array')}]` },
    { name: 'arguments as an object', body: (base) => JSON.stringify({ 0: base }) },
    { name: 'not JSON', body: () => '{"name": "unterminated' },
    { name: 'empty body', body: () => '' },
    { name: 'duplicated keys', body: (base) => `[${JSON.stringify(base).replace(/^\{/, `{"${first}":"first",`)}]` },
    { name: 'body over 1 MB', body: (base) => arg({ ...base, [first]: 'x'.repeat(1_100_000) }) },
    { name: 'chunk references ($@1, $F1)', body: (base) => JSON.stringify([{ ...base, [first]: '$@1' }, '$F1']) },
    { name: 'prototype chain reference', body: () => JSON.stringify(['$1:__proto__:then']) },
    { name: 'JSON content type', body: (base) => arg(base), contentType: 'application/json' },
    { name: 'multipart body', body: () => '--x\r\nContent-Disposition: form-data; name="0"\r\n\r\n["$1"]\r\n--x--\r\n', contentType: 'multipart/form-data; boundary=x' },
  );
  const samples = fc.sample(mutationArb(keys, hostileJsonArb), { numRuns: FAST_CHECK_RUNS_PER_ACTION, seed });
  samples.forEach((m: Mutation, i) => out.push({ name: `fast-check #${i + 1} (seed ${seed})`, body: (base) => arg(applyMutation(base, m)) }));
  return out;
}

const baseOf = (name: string): Record<string, unknown> => {
  const p = ACTIONS[name];
  if (!p || 'skip' in p) throw new Error(`no base for ${name}`);
  return p.base();
};

function pageFor(action: ActionEntry): string {
  const fillable = action.pages.find((p) => !/\[/.test(p)) ?? action.pages[0];
  if (!fillable) throw new Error(`${action.name} runs on no page`);
  return fillPattern(fillable, worldParams());
}

function actionRequest(action: ActionEntry, body: string, contentType = 'text/plain;charset=UTF-8'): ProbeRequest {
  return { method: 'POST', path: pageFor(action), headers: { 'next-action': action.id, 'content-type': contentType, accept: 'text/x-component', origin: server.baseUrl }, body };
}

const withCookie = (req: ProbeRequest, actor: Actor): ProbeRequest => ({ ...req, headers: { ...req.headers, ...(cookies[actor] ? { cookie: cookies[actor]! } : {}) } });

// ---- the suite ----

test.describe.configure({ mode: 'serial' });
test.setTimeout(300_000);

test.beforeAll(async () => {
  test.setTimeout(180_000);
  // Every probe of the public verify endpoint must reach its parsing, not its per-address limit (the matrix
  // tests the limit).
  server = await startPrivateServer('bad-input-corpus', undefined, { PUBLIC_VERIFY_PER_MINUTE: '100000' });
  world = seedWorld(server.dataDir);
  db = openDbReader(server.dataDir);
  // Everyone signs in before any probe: refused sign-ins in the corpus lock 127.0.0.1 out of signing in.
  for (const role of ['admin', 'member', 'reviewer', 'auditor'] as const) cookies[role] = await signInCookie(server.baseUrl, world.users[role].email, world.password);
});

test.afterAll(() => {
  db?.close();
  server?.stop();
});

test('the bad-input corpus through every route handler, page and server action', async () => {
  const started = Date.now();
  const timings: Record<string, number> = {};
  const atStart = db.fingerprint();

  await test.step('every route handler of the build is described here, and takes the corpus', async () => {
    const t = Date.now();
    const routes = appRoutes().filter((r) => r.kind === 'route');
    expect(routes.filter((r) => !ROUTES[r.pattern]).map((r) => r.pattern), 'route handlers without a probe: describe them in ROUTES').toEqual([]);
    expect(Object.keys(ROUTES).filter((p) => !routes.some((r) => r.pattern === p)), 'probes for route handlers the build no longer has').toEqual([]);
    for (const { pattern } of routes) {
      const r = ROUTES[pattern]!;
      if ('skip' in r) continue;
      const judge = judgeHttp(r);
      const valid = r.query();
      const body = r.body?.();
      const request = (path: string, query: string, signedIn = true): ProbeRequest => ({ method: r.method, path: query ? `${path}?${query}` : path, headers: { ...(signedIn ? r.credentials?.() : {}), ...body?.headers }, body: body?.body });
      const validPath = fillPattern(pattern, worldParams());
      const validQuery = qs(Object.entries(valid));
      await probe('routes', `${pattern} valid`, request(validPath, validQuery), r.actor, judge);
      for (const v of pathVariants(pattern, hostileSegments)) await probe('routes', `${pattern} ${v.name}`, request(v.path, validQuery), r.actor, judge);
      for (const v of queryVariants(valid)) await probe('routes', `${pattern} ${v.name}`, request(validPath, v.query), r.actor, judge);
      await probe('routes', `${pattern} wrong method`, { method: r.method === 'GET' ? 'DELETE' : 'PUT', path: validPath, headers: r.credentials?.() }, r.actor, judge);
      await probe('routes', `${pattern} anonymous`, request(validPath, validQuery, false), 'anonymous', judge);
      for (const e of r.extra?.() ?? []) await probe('routes', `${pattern} ${e.name}`, e.req, e.actor ?? r.actor, judge);
    }
    timings.routes = Date.now() - t;
  });

  await test.step('every page takes hostile path parameters and query strings', async () => {
    const t = Date.now();
    const allKeys = ['status', 'owner', 'category', 'overdue', 'review', 'q', 'page', 'actor', 'action', 'alert', 'a', 'b', 'notice', 'archived', 'error', 'callbackUrl', 'sort', 'team', 'link', 'from', 'to'];
    const hostileQuery = `${allKeys.map((k) => qs([[k, QUERY_VALUES.xss!], [k, QUERY_VALUES.traversal!]])).join('&')}&__proto__[x]=1&constructor[prototype][x]=1&${qs([['q', QUERY_VALUES.oversize!]])}`;
    for (const { pattern } of appRoutes().filter((r) => r.kind === 'page')) {
      const actor: Actor = pattern.startsWith('/admin') ? 'admin' : ['/login', '/login/second-factor', '/setup', '/set-password'].includes(pattern) ? 'anonymous' : 'member';
      const judge = judgeHttp();
      const validPath = fillPattern(pattern, worldParams());
      await probe('pages', `${pattern} hostile query`, { method: 'GET', path: `${validPath}?${hostileQuery}` }, actor, judge);
      for (const v of pathVariants(pattern, (p) => hostileSegments(p).filter((s) => PAGE_SEGMENTS.has(s.name)))) await probe('pages', `${pattern} ${v.name}`, { method: 'GET', path: v.path }, actor, judge);
    }
    timings.pages = Date.now() - t;
  });

  await test.step('every server action of the build is described here, and takes the corpus', async () => {
    const t = Date.now();
    const actions = serverActions();
    expect(actions.filter((a) => !ACTIONS[a.name]).map((a) => `${a.name} (${a.file})`), 'server actions without a probe: describe them in ACTIONS').toEqual([]);
    expect(Object.keys(ACTIONS).filter((n) => !actions.some((a) => a.name === n)), 'probes for actions the build no longer has').toEqual([]);
    const byName = new Map(actions.map((a) => [a.name, a]));

    // A set-password cookie, so setPasswordAction parses its input instead of refusing the missing link first.
    const reset = await send(server.port, withCookie(actionRequest(byName.get('issueResetLinkAction')!, JSON.stringify([baseOf('issueResetLinkAction')])), 'admin'));
    const link = reset.body.match(/\/set-password\/link\?token=[A-Za-z0-9_-]+/)?.[0];
    expect(link, 'a reset link for the set-password probes').toBeTruthy();
    const linkReply = await send(server.port, { method: 'GET', path: link! });
    cookies['set-password link'] = [linkReply.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('__Host-preflight.set-password='))?.split(';')[0];
    expect(cookies['set-password link'], 'the set-password link sets its cookie').toBeTruthy();
    // updateAssessmentAction needs the fingerprint of a preview of the same change.
    const preview = await send(server.port, withCookie(actionRequest(byName.get('previewAssessmentChangeAction')!, JSON.stringify([baseOf('previewAssessmentChangeAction')])), 'member'));
    previewFingerprint = preview.body.match(/"fingerprint":"([0-9a-f]{64})"/)?.[1] ?? '';
    expect(previewFingerprint, 'a preview fingerprint for the update probes').toMatch(/^[0-9a-f]{64}$/);

    let seed = 1;
    for (const [name, p] of Object.entries(ACTIONS)) {
      if ('skip' in p) continue;
      const action = byName.get(name)!;
      for (const variant of actionBodies(Object.keys(p.base()), seed++)) {
        await probe('actions', `${name} ${variant.name}`, actionRequest(action, variant.body(p.base()), variant.contentType), p.actor, judgeAction);
      }
    }
    timings.actions = Date.now() - t;
  });

  test.info().annotations.push({ type: 'corpus', description: `${tally.routes} route, ${tally.pages} page and ${tally.actions} action requests (${tally.accepted} accepted, ${tally.refused} refused) in ${Math.round((Date.now() - started) / 1000)} s; ${JSON.stringify(timings)}` });
  console.log(`bad-input corpus: ${tally.routes} route, ${tally.pages} page, ${tally.actions} action requests; ${tally.accepted} accepted, ${tally.refused} refused; ${JSON.stringify(timings)} ms`);
  expect.soft(findings, 'answers that broke a rule').toEqual([]);
  // The reader sees the server's writes (the accepted calls made some), so a refusal that wrote would have shown.
  expect.soft(changedTables(atStart, db.fingerprint()), 'tables the accepted calls changed').toEqual(expect.arrayContaining(['teams', 'users', 'assessments', 'evidence']));

  await test.step('the server logged no unhandled error', async () => {
    const framework = server.serverOutput().split('\n').filter((l) => l.startsWith('⨯')).slice(0, 10);
    expect.soft(framework, 'Next printed unhandled errors').toEqual([]);
    const errors = readFileSync(server.logFile, 'utf8').split('\n').filter((l) => l.includes('"level":50')).map((l) => l.slice(0, 300)).slice(0, 10);
    expect.soft(errors, 'errors in the server log').toEqual([]);
  });
});
