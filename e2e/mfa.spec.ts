import { expect, test, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { envForDataDir } from '@/lib/secrets';
import { totpCodeAt } from '@/lib/auth/totp';
import { expectNoAxeViolations } from './support/axe';
import { GOOD_PASSWORD, uniqueEmail } from './support/fixtures';
import { layoutProblems } from './support/overflow';
import { startPrivateServer, type PrivateServer } from './support/private-server';
import { E2E_PORT } from './support/env';

// Multi-factor sign-in on its own server: the policy and passwordless settings are instance-wide, and the lock
// test locks an account, so none of it may meet the other specs' people.
let server: PrivateServer;
type Person = { email: string; name: string; password: string };
const people: Record<'admin' | 'rita' | 'pat' | 'eve', Person> = {} as never;
let ritaSecret = '';
let ritaCodes: string[] = [];

function createUser(key: keyof typeof people, name: string, admin = false): void {
  const email = uniqueEmail(key);
  const args = ['--conditions=react-server', '--import', 'tsx', 'scripts/user-create.ts', '--email', email, '--name', name, ...(admin ? ['--admin'] : [])];
  const r = spawnSync(process.execPath, args, { input: GOOD_PASSWORD, encoding: 'utf8', env: envForDataDir(server.dataDir) });
  expect(r.status, r.stderr).toBe(0);
  people[key] = { email, name, password: GOOD_PASSWORD };
}

const url = (path: string) => `${server.baseUrl}${path}`;
const SIGN_OUT = { name: 'Sign out' };
// A code is accepted for the current step or the next (±1 step), and only for a step after the last one used, so a
// test takes the next unused step and waits only when it has used up the window.
let lastStep = 0;
async function freshCode(): Promise<string> {
  for (;;) {
    const nowStep = Math.floor(Date.now() / 30_000);
    const step = Math.max(nowStep, lastStep + 1);
    if (step <= nowStep + 1) {
      lastStep = step;
      return totpCodeAt(ritaSecret, step * 30_000 + 1_000);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** The sentence next-auth handed back in the error of its JSON answer. */
function errorOf(body: string): string {
  const { url: target } = JSON.parse(body) as { url: string };
  return new URL(target).searchParams.get('error') ?? '';
}

async function passwordStep(page: Page, who: Person) {
  await page.goto(url('/login'));
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** A sign-in that needs no second step, finished before the test goes on. */
async function signInWithPassword(page: Page, who: Person) {
  await passwordStep(page, who);
  await expect(page.getByRole('button', SIGN_OUT)).toBeVisible();
}

async function signOut(page: Page) {
  await page.getByRole('button', SIGN_OUT).click();
  await page.waitForURL(/\/login\?notice=signed-out/);
}

async function virtualAuthenticator(context: BrowserContext, page: Page): Promise<CDPSession> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return cdp;
}

function sessionCookieOf(setCookies: string[]): string | undefined {
  return setCookies.find((c) => c.startsWith('__Host-preflight.session=') && !c.startsWith('__Host-preflight.session=;'));
}

/** A script's sign-in: CSRF token and cookie, then one credentials post with whatever fields it sends. */
async function scriptedSignIn(fields: Record<string, string>): Promise<{ status: number; session?: string; body: string }> {
  const csrf = await fetch(url('/api/auth/csrf'));
  const jar = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(url('/api/auth/callback/credentials'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar },
    body: new URLSearchParams({ csrfToken, json: 'true', ...fields }),
    redirect: 'manual',
  });
  return { status: response.status, session: sessionCookieOf(response.headers.getSetCookie()), body: await response.text() };
}

test.describe.serial('multi-factor sign-in (own server)', () => {
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    server = await startPrivateServer('mfa', E2E_PORT + 11);
    createUser('admin', 'Ada Admin', true);
    createUser('rita', 'Rita Reviewer');
    createUser('pat', 'Pat Passkey');
    createUser('eve', 'Eve Enforced');
  });
  test.afterAll(() => server?.stop());

  test('TOTP: enrol with the QR code’s key, sign in with a computed code; the same code again is refused', async ({ page }) => {
    await passwordStep(page, people.rita);
    await expect(page.getByRole('button', SIGN_OUT)).toBeVisible();
    await page.goto(url('/account'));
    await page.getByRole('link', { name: 'Manage sign-in security' }).click();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await expect(page.getByRole('img', { name: /QR code to scan/ })).toBeVisible();
    ritaSecret = (await page.getByLabel('Setup key').innerText()).replace(/\s/g, '');
    expect(ritaSecret).toMatch(/^[A-Z2-7]{32}$/);
    await page.setViewportSize({ width: 390, height: 844 });
    expect((await layoutProblems(page)).problems, 'the enrolment fits a phone').toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
    await expectNoAxeViolations(page, 'TOTP enrolment');

    await page.getByLabel('Code from the app').fill('000000');
    await page.getByRole('button', { name: 'Turn on' }).click();
    await expect(page.getByText('That code does not match.').first()).toBeVisible();
    await page.getByLabel('Code from the app').fill(await freshCode());
    await page.getByRole('button', { name: 'Turn on' }).click();
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await expect(codes).toHaveCount(10);
    ritaCodes = await codes.allInnerTexts();
    // The codes leave as a file made in the browser, the same ten that are on the page.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download as text' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('preflight-recovery-codes.txt');
    const saved = readFileSync(await file.path(), 'utf8');
    expect(saved.trim().split('\n').slice(-10)).toEqual(ritaCodes);
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await expect(page.getByText(/^On$/)).toBeVisible();
    await expect(page.getByText('10 of 10 recovery codes left.')).toBeVisible();

    // The password alone now leads to the second step, and no session exists there.
    await signOut(page);
    await passwordStep(page, people.rita);
    await expect(page.getByRole('heading', { name: 'Confirm it is you' })).toBeVisible();
    expect((await page.context().cookies()).some((c) => c.name === '__Host-preflight.session')).toBe(false);
    await expectNoAxeViolations(page, 'second sign-in step');
    const code = await freshCode();
    await page.getByLabel('Authentication code').fill(code);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByRole('button', SIGN_OUT)).toBeVisible();

    await signOut(page);
    await passwordStep(page, people.rita);
    await page.getByLabel('Authentication code').fill(code);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'That code was already used' })).toBeVisible();
    expect((await page.context().cookies()).some((c) => c.name === '__Host-preflight.session')).toBe(false);

    const logs = readFileSync(server.logFile, 'utf8') + server.serverOutput();
    expect(logs).not.toContain(ritaSecret);
    for (const c of ritaCodes) expect(logs).not.toContain(c);
  });

  test('a recovery code gets past the second step once', async ({ page }) => {
    await passwordStep(page, people.rita);
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(ritaCodes[0]!.toUpperCase());
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByRole('button', SIGN_OUT)).toBeVisible();
    await page.goto(url('/account/mfa'));
    await expect(page.getByText('9 of 10 recovery codes left.')).toBeVisible();

    await signOut(page);
    await passwordStep(page, people.rita);
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(ritaCodes[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'That recovery code is not correct or was already used.' })).toBeVisible();
  });

  test('scripted: the password alone gives no session, with totp it does; six wrong codes lock the account like wrong passwords', async ({ browser }) => {
    const passwordOnly = await scriptedSignIn({ email: people.rita.email, password: GOOD_PASSWORD });
    expect(passwordOnly.session).toBeUndefined();
    expect(errorOf(passwordOnly.body)).toBe('SecondFactorRequired');

    const withCode = await scriptedSignIn({ email: people.rita.email, password: GOOD_PASSWORD, totp: await freshCode() });
    expect(withCode.session, withCode.body).toBeTruthy();
    // The session works: the account page answers as Rita.
    const account = await fetch(url('/account'), { headers: { cookie: withCode.session!.split(';')[0]! }, redirect: 'manual' });
    expect(account.status).toBe(200);
    expect(await account.text()).toContain(people.rita.email);

    const answers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const wrong = await scriptedSignIn({ email: people.rita.email, password: GOOD_PASSWORD, totp: '000000' });
      expect(wrong.session).toBeUndefined();
      answers.push(errorOf(wrong.body));
    }
    expect(answers.map((a) => a.split('.')[0])).toEqual([...Array(4).fill('That code is not correct'), 'Too many failed sign-ins', 'Too many failed sign-ins']);
    // A right second factor (an unused recovery code) is refused too while the lock lasts.
    const right = await scriptedSignIn({ email: people.rita.email, password: GOOD_PASSWORD, recoveryCode: ritaCodes[1]! });
    expect(right.session).toBeUndefined();
    expect(errorOf(right.body)).toContain('Too many failed sign-ins');

    // The admin hears of it: three wrong codes after a correct password raise an alert.
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInWithPassword(page, people.admin);
    await page.goto(url('/admin/alerts'));
    await expect(page.getByText('Repeated wrong second-factor codes after a correct password').first()).toBeVisible();
    await expect(page.getByText('An admin signed in without a second factor').first()).toBeVisible();
    await context.close();
  });

  test('passkeys: register with the virtual authenticator, use it as the second step, then alone where the admin allows it', async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await virtualAuthenticator(context, page);
    await signInWithPassword(page, people.pat);
    await page.goto(url('/account/mfa'));
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await expect(page.getByText('Give the passkey a name')).toBeVisible();
    await page.getByLabel('Name for the new passkey').fill('Virtual laptop key');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await expect(page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10);
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await expect(page.getByRole('cell', { name: 'Virtual laptop key', exact: true })).toBeVisible();

    await signOut(page);
    await passwordStep(page, people.pat);
    await expect(page.getByRole('heading', { name: 'Confirm it is you' })).toBeVisible();
    await page.getByRole('button', { name: 'Use a passkey or security key' }).click();
    await expect(page.getByRole('button', SIGN_OUT)).toBeVisible();
    await page.goto(url('/account/mfa'));
    await expect(page.getByRole('row', { name: /Virtual laptop key/ }).getByRole('cell').nth(2)).not.toHaveText('Never');

    // Passwordless is off by default: the sign-in page offers no passkey button.
    await signOut(page);
    await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toHaveCount(0);
    const adminContext = await browser.newContext();
    const adminPage = await adminContext.newPage();
    await signInWithPassword(adminPage, people.admin);
    await adminPage.goto(url('/admin/settings'));
    await expectNoAxeViolations(adminPage, 'admin settings');
    await adminPage.getByLabel(/Let a passkey sign in without a password/).check();
    await adminPage.getByRole('button', { name: 'Save settings' }).click();
    await expect(adminPage.getByText('Settings saved.')).toBeVisible();

    await page.goto(url('/login'));
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await expect(page.getByRole('button', SIGN_OUT)).toBeVisible();
    await expect(page.getByText('Pat Passkey').first()).toBeVisible();

    // The admin sees Pat's factors and resets them: Pat's session ends and the password alone signs in again.
    await adminPage.goto(url('/admin/users'));
    const row = adminPage.getByRole('row', { name: new RegExp(people.pat.email) });
    await expect(row.getByRole('cell', { name: '1 passkey; 10 recovery codes' })).toBeVisible();
    await row.getByRole('button', { name: 'Reset MFA of Pat Passkey' }).click();
    await adminPage.getByRole('dialog').getByRole('button', { name: 'Reset Pat Passkey’s MFA' }).click();
    await expect(row.getByRole('cell', { name: 'Password only' })).toBeVisible();
    await page.reload();
    await expect(page).toHaveURL(/\/login/);
    await passwordStep(page, people.pat);
    await expect(page.getByRole('button', SIGN_OUT)).toBeVisible();
    await adminContext.close();
    await context.close();
  });

  test('enforcement: once the admin requires MFA for everyone, a person without it is sent to enrolment and can do nothing else', async ({ browser }) => {
    const adminContext = await browser.newContext();
    const adminPage = await adminContext.newPage();
    await signInWithPassword(adminPage, people.admin);
    await adminPage.goto(url('/admin/settings'));
    const warning = adminPage.getByRole('status').filter({ hasText: 'This covers you, and you have no second step yet' });
    await expect(warning).toHaveCount(0);
    await adminPage.getByLabel('Everyone').check();
    // The admin has no second factor either: the form says so before saving, and saving leads to enrolment.
    await expect(warning).toBeVisible();
    await adminPage.getByRole('button', { name: 'Save settings' }).click();
    await expect(adminPage).toHaveURL(/\/account\/mfa\?required=1/);
    await adminPage.goto(url('/admin/users'));
    await expect(adminPage).toHaveURL(/\/account\/mfa\?required=1/);
    await adminContext.close();

    const context = await browser.newContext();
    const page = await context.newPage();
    await passwordStep(page, people.eve);
    await expect(page).toHaveURL(/\/account\/mfa\?required=1/);
    await expect(page.getByRole('alert').filter({ hasText: 'Your administrator requires a second sign-in step' })).toBeVisible();
    await expect(page.getByRole('navigation').getByRole('link', { name: 'Catalog' })).toHaveCount(0);
    await expectNoAxeViolations(page, 'enforced enrolment');
    for (const path of ['/', '/catalog', '/account', '/account/tokens']) {
      await page.goto(url(path));
      await expect(page, path).toHaveURL(/\/account\/mfa\?required=1/);
    }
    // A route handler refuses too, not only the pages.
    const cookie = (await context.cookies()).find((c) => c.name === '__Host-preflight.session')!;
    const verify = await fetch(url('/api/reports/verify'), {
      method: 'POST',
      body: 'x',
      headers: { cookie: `${cookie.name}=${cookie.value}`, 'content-type': 'application/octet-stream' },
    });
    expect(verify.status).toBe(403);
    expect(await verify.text()).toContain('second sign-in step');

    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const secret = (await page.getByLabel('Setup key').innerText()).replace(/\s/g, '');
    await page.getByLabel('Code from the app').fill(await totpCodeAt(secret, Date.now()));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await expect(page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10);
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.goto(url('/catalog'));
    await expect(page).toHaveURL(/\/catalog$/);
    await expect(page.getByRole('navigation').getByRole('link', { name: 'Catalog' })).toBeVisible();
    // The policy keeps Eve from removing her only factor.
    await page.goto(url('/account/mfa'));
    await page.getByRole('button', { name: 'Turn off the authenticator app' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Turn it off' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'requires a second factor for your account' })).toBeVisible();
    await context.close();

    // The CLI for a locked-out sole admin: Rita's factors go, with an audit entry.
    const reset = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/user-mfa-reset.ts', '--email', people.rita.email], { encoding: 'utf8', env: envForDataDir(server.dataDir) });
    expect(reset.status, reset.stderr).toBe(0);
    expect(reset.stdout).toContain(`Second factors of ${people.rita.email} removed`);
  });
});
