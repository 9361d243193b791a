import { envForDataDir } from '@/lib/secrets';
import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { benchDataDir, startServer, stopServer } from '../bench/support';
import { OIDC_ERROR_MESSAGES } from '../lib/auth/oidc-decision';
import { E2E_PORT } from './support/env';
import { IDP_PASSWORD, startIdp, type Idp } from './support/oidc-idp';

// Its own server and data folder: the shared server runs without OIDC, and these journeys need an IdP whose
// issuer is known before the app starts, and accounts in known states.
const PORT = E2E_PORT + 9;
const BASE = `http://localhost:${PORT}`;
const CLIENT_ID = 'preflight-e2e';
const CLIENT_SECRET = randomBytes(24).toString('base64url');

type SeededKey = 'verified' | 'unverified' | 'stringFalse' | 'missing' | 'disabled' | 'linked';
let seeded: Record<SeededKey, { id: string; email: string }>;
let idp: Idp;
let server: ChildProcess | undefined;
let dataDir: string;

test.beforeAll(async () => {
  test.setTimeout(360_000);
  dataDir = benchDataDir('oidc');
  const seed = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'e2e/support/seed-oidc.ts'], { env: envForDataDir(dataDir), encoding: 'utf8' });
  expect(seed.status, seed.stderr).toBe(0);
  seeded = JSON.parse(seed.stdout.trim().split('\n').pop()!);
  idp = await startIdp({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: `${BASE}/api/auth/callback/oidc`,
    accounts: {
      verified: { sub: 'idp-verified', claims: { email: seeded.verified.email, email_verified: true, name: 'Vera Verified' } },
      unverified: { sub: 'idp-unverified', claims: { email: seeded.unverified.email, email_verified: false } },
      'string-false': { sub: 'idp-string-false', claims: { email: seeded.stringFalse.email, email_verified: 'false' } },
      missing: { sub: 'idp-missing', claims: { email: seeded.missing.email } },
      unknown: { sub: 'idp-unknown', claims: { email: 'nobody-in-preflight@example.com', email_verified: true } },
      disabled: { sub: 'idp-disabled', claims: { email: seeded.disabled.email, email_verified: true } },
      owner: { sub: 'idp-owner', claims: { email: seeded.linked.email, email_verified: true } },
      intruder: { sub: 'idp-intruder', claims: { email: seeded.linked.email.toUpperCase(), email_verified: true } },
    },
  });
  server = await startServer(dataDir, PORT, { OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET, OIDC_NAME: 'Test IdP' });
});

test.afterAll(async () => {
  if (server) stopServer(server);
  await idp?.close();
});

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(path.join(dataDir, 'preflight.db'), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const linksOf = (userId: string) => query<{ issuer: string; provider_account_id: string }>('select issuer, provider_account_id from accounts where user_id = ?', userId);
type AuditRow = { action: string; actor_id: string | null; actor_label: string | null; ip: string | null; target_id: string | null; details: string };
const auditAfter = (id: number) => query<AuditRow>("select action, actor_id, actor_label, ip, target_id, details from audit_log where id > ? and action like 'auth.%' order by id", id);
const lastAuditId = () => query<{ id: number | null }>('select max(id) as id from audit_log')[0]!.id ?? 0;

/** What a person does: the button on /login, then the IdP's own sign-in page. */
async function signInAtIdp(page: Page, username: string): Promise<void> {
  await page.goto(`${BASE}/login`);
  await page.getByRole('button', { name: 'Sign in with Test IdP' }).click();
  await page.waitForURL(`${idp.issuer}/interaction/**`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(IDP_PASSWORD);
  await page.getByRole('button', { name: 'Continue' }).click();
}

// Next's route announcer is an empty role=alert too; the page's message is the one with text.
const message = (page: Page) => page.getByRole('alert').filter({ hasText: /\S/ });

async function sessionEmail(page: Page): Promise<string | undefined> {
  const session = (await page.request.get(`${BASE}/api/auth/session`).then((r) => r.json())) as { user?: { email?: string } };
  return session.user?.email;
}

test('a verified email signs in to the matching account and links it by issuer and subject; the next sign-in matches the link', async ({ browser }) => {
  const before = lastAuditId();
  const first = await browser.newContext();
  const page = await first.newPage();
  await signInAtIdp(page, 'verified');
  await page.waitForURL((url) => url.origin === BASE && url.pathname !== '/login');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  expect(await sessionEmail(page)).toBe(seeded.verified.email);
  expect(linksOf(seeded.verified.id)).toEqual([{ issuer: idp.issuer, provider_account_id: 'idp-verified' }]);

  const entries = auditAfter(before);
  expect(entries.map((e) => e.action)).toEqual(['auth.oidc.linked', 'auth.sign-in.succeeded']);
  for (const e of entries) {
    expect(e.actor_id).toBe(seeded.verified.id);
    expect(e.ip).toMatch(/^(127\.0\.0\.1|::1)$/);
  }
  expect(JSON.parse(entries[1]!.details)).toMatchObject({ method: 'oidc', issuer: idp.issuer, subject: 'idp-verified', linked: true });
  await first.close();

  // A new browser, a new IdP session: matched by (issuer, subject), no second link.
  const mid = lastAuditId();
  const second = await browser.newContext();
  const again = await second.newPage();
  await signInAtIdp(again, 'verified');
  await expect(again.getByRole('button', { name: 'Sign out' })).toBeVisible();
  expect(linksOf(seeded.verified.id)).toHaveLength(1);
  const [success, ...rest] = auditAfter(mid);
  expect(rest).toEqual([]);
  expect(success!.action).toBe('auth.sign-in.succeeded');
  expect(JSON.parse(success!.details)).toMatchObject({ linked: false });

  // An account that only signs in through the IdP has no password here: the account page says so instead of a form.
  await again.goto(`${BASE}/account`);
  await expect(again.getByRole('region', { name: 'Change your password' })).toContainText('You sign in with Test IdP, so there is no Preflight password to change.');
  await expect(again.getByLabel('Current password')).toHaveCount(0);
  await second.close();
});

const refusals = [
  { username: 'unverified', user: 'unverified', claim: 'email_verified: false', code: 'OidcEmailNotVerified', reason: 'email not verified by the identity provider' },
  { username: 'string-false', user: 'stringFalse', claim: 'email_verified: "false" (a string)', code: 'OidcEmailNotVerified', reason: 'email not verified by the identity provider' },
  { username: 'missing', user: 'missing', claim: 'no email_verified claim', code: 'OidcEmailNotVerified', reason: 'email not verified by the identity provider' },
  { username: 'unknown', user: null, claim: 'a verified email no account has', code: 'OidcNoAccount', reason: 'unknown account' },
  { username: 'disabled', user: 'disabled', claim: 'the verified email of a disabled account', code: 'OidcAccountDisabled', reason: 'account disabled' },
] as const;

for (const r of refusals) {
  test(`${r.claim}: back on /login with a clear message, not signed in, nothing linked, the refusal audited`, async ({ page }) => {
    const before = lastAuditId();
    await signInAtIdp(page, r.username);
    await page.waitForURL(`${BASE}/login?error=${r.code}`);
    await expect(message(page)).toHaveText(OIDC_ERROR_MESSAGES[r.code]!);
    await expect(page.getByRole('button', { name: 'Sign in with Test IdP' })).toBeVisible();
    expect(await sessionEmail(page)).toBeUndefined();

    if (r.user) expect(linksOf(seeded[r.user].id)).toEqual([]);
    expect(query('select 1 from accounts where provider_account_id = ?', `idp-${r.username}`)).toEqual([]);
    const entries = auditAfter(before);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'auth.sign-in.failed', actor_id: null });
    expect(entries[0]!.ip).toMatch(/^(127\.0\.0\.1|::1)$/);
    expect(JSON.parse(entries[0]!.details)).toMatchObject({ method: 'oidc', issuer: idp.issuer, subject: `idp-${r.username}`, reason: r.reason });
  });
}

test('a second IdP subject with the same verified email cannot take over an account linked to another subject', async ({ browser }) => {
  const owner = await browser.newContext();
  const ownerPage = await owner.newPage();
  await signInAtIdp(ownerPage, 'owner');
  await expect(ownerPage.getByRole('button', { name: 'Sign out' })).toBeVisible();
  expect(linksOf(seeded.linked.id)).toEqual([{ issuer: idp.issuer, provider_account_id: 'idp-owner' }]);
  await owner.close();

  const before = lastAuditId();
  const intruder = await browser.newContext();
  const page = await intruder.newPage();
  await signInAtIdp(page, 'intruder');
  // The same words as for an unknown account: the intruder learns nothing about the account.
  await page.waitForURL(`${BASE}/login?error=OidcNoAccount`);
  await expect(message(page)).toHaveText(OIDC_ERROR_MESSAGES.OidcNoAccount!);
  expect(await sessionEmail(page)).toBeUndefined();
  expect(linksOf(seeded.linked.id)).toEqual([{ issuer: idp.issuer, provider_account_id: 'idp-owner' }]);
  const [entry, ...rest] = auditAfter(before);
  expect(rest).toEqual([]);
  expect(entry).toMatchObject({ action: 'auth.sign-in.failed', actor_id: null, target_id: seeded.linked.id });
  expect(JSON.parse(entry!.details)).toMatchObject({ subject: 'idp-intruder', reason: 'account linked to another subject' });
  await intruder.close();

  const back = await browser.newContext();
  const backPage = await back.newPage();
  await signInAtIdp(backPage, 'owner');
  await expect(backPage.getByRole('button', { name: 'Sign out' })).toBeVisible();
  expect(await sessionEmail(backPage)).toBe(seeded.linked.email);
  await back.close();
});

test('an unknown or hostile error code on /login shows no message and no error page', async ({ page }) => {
  for (const code of ['NoSuchCode', 'constructor', '__proto__', 'toString', '<script>']) {
    const response = await page.goto(`${BASE}/login?error=${encodeURIComponent(code)}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { name: 'Sign in to Preflight' })).toBeVisible();
    await expect(page.locator('.alert')).toHaveCount(0);
  }
});

test('a forged, replayed or refused callback lands on /login with a message, never a 500, and links nothing', async ({ page }) => {
  const before = query<{ n: number }>('select count(*) as n from accounts')[0]!.n;
  for (const search of ['code=forged&state=forged', 'error=access_denied&error_description=no', '', `code=${'x'.repeat(5000)}`]) {
    const response = await page.goto(`${BASE}/api/auth/callback/oidc?${search}`);
    expect(response?.status()).toBeLessThan(500);
    // next-auth says OAuthCallback for a bad code or state, Callback for an error the IdP sent back.
    await expect(page).toHaveURL((url) => url.origin === BASE && url.pathname === '/login' && ['OAuthCallback', 'Callback'].includes(url.searchParams.get('error') ?? ''));
    await expect(message(page)).toContainText('Single sign-on did not complete.');
  }
  expect(query<{ n: number }>('select count(*) as n from accounts')[0]!.n).toBe(before);
  expect(await sessionEmail(page)).toBeUndefined();
});
