import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { envForDataDir } from '@/lib/secrets';
import { expectNoAxeViolations } from './support/axe';
import { expectTokenNowhereStored } from './support/token-storage';
import { createTeamWith, createUserViaCli, e2eState, signIn } from './support/fixtures';

const TOKEN = /^pft_[A-Za-z0-9_-]{43}$/;

async function makeToken(page: Page, input: { name: string; scopes?: string[]; days?: string }) {
  const form = page.getByRole('form', { name: /Make an? .* token/ });
  await form.getByLabel('Name').fill(input.name);
  if (input.scopes) {
    for (const scope of ['read', 'write', 'probe', 'gate']) await form.getByRole('checkbox', { name: new RegExp(`^${scope}:`) }).setChecked(input.scopes.includes(scope));
  }
  if (input.days) await form.getByLabel('Expires after (days)').fill(input.days);
  await form.getByRole('button', { name: 'Make token' }).click();
}

/** The token shown once after making it, in its labelled read-only field. */
async function shownToken(page: Page): Promise<string> {
  const field = page.getByRole('textbox', { name: 'Your new API token' });
  await expect(field).toBeVisible();
  await expect(field).toHaveAttribute('readonly', '');
  const token = await field.inputValue();
  expect(token).toMatch(TOKEN);
  return token;
}

test('a person makes a personal token, sees it once, copies it and revokes it', async ({ page, context }) => {
  const user = createUserViaCli();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, user);
  await page.goto('/account/tokens');
  await expect(page.getByRole('heading', { level: 1, name: 'Your API tokens' })).toBeVisible();
  await expect(page.getByText('No tokens yet.')).toBeVisible();
  await expectNoAxeViolations(page, '/account/tokens');

  await test.step('bad input: an empty name, no scope and 400 days get field errors, and nothing is made', async () => {
    await makeToken(page, { name: '', scopes: [], days: '400' });
    const form = page.getByRole('form', { name: 'Make a personal token' });
    await expect(form.locator('#token-name-error')).toContainText('Give the token a name');
    await expect(form.locator('#token-scopes-error')).toHaveText('Choose at least one scope.');
    await expect(form.locator('#token-days-error')).toHaveText('Enter a number of days from 1 to 365 (at most a year).');
    await expect(form.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
    await expectNoAxeViolations(page, '/account/tokens with errors');
    await expect(page.getByText('No tokens yet.')).toBeVisible();
  });

  let token = '';
  await test.step('made: shown once in a read-only field, copied, listed by its prefix only', async () => {
    await makeToken(page, { name: 'Laptop script', scopes: ['read', 'gate'], days: '30' });
    token = await shownToken(page);
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Copied', exact: true })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    const row = page.getByRole('row', { name: /Laptop script/ });
    await expect(row).toContainText(`pft_${token.slice(4, 12)}…`);
    await expect(row).toContainText('read, gate');
    await expect(row).toContainText('Never');
    await expect(row).toContainText('Active');
    await expect(page.getByRole('form', { name: 'Make a personal token' }).getByLabel('Name')).toHaveValue('');
    await expectNoAxeViolations(page, '/account/tokens with a new token');
  });

  await test.step('a reload forgets it: only the prefix remains, and it is stored nowhere in clear', async () => {
    await page.reload();
    await expect(page.getByRole('row', { name: /Laptop script/ })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Your new API token' })).toHaveCount(0);
    expect(await page.content()).not.toContain(token.slice(12));
    expectTokenNowhereStored(token);
  });

  await test.step('revoking asks first, naming the consequence; then the token shows as revoked', async () => {
    const row = page.getByRole('row', { name: /Laptop script/ });
    await row.getByRole('button', { name: 'Revoke Laptop script' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke the token “Laptop script”?' });
    await expect(dialog).toContainText(`Anything using pft_${token.slice(4, 12)}… is refused from its next request on.`);
    await expectNoAxeViolations(page, '/account/tokens revoke dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(row).toContainText('Active');
    await row.getByRole('button', { name: 'Revoke Laptop script' }).click();
    await dialog.getByRole('button', { name: 'Revoke token' }).click();
    await expect(row.getByText('Revoked', { exact: true })).toBeVisible();
    await expect(row.getByRole('button', { name: 'Revoke Laptop script' })).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('row', { name: /Laptop script/ }).getByText('Revoked', { exact: true })).toBeVisible();
  });
});

test('a team member makes a team token for CI; an auditor is told why not', async ({ page, browser }) => {
  const admin = createUserViaCli({ admin: true });
  const member = createUserViaCli({ name: 'Mia Member' });
  const auditor = createUserViaCli({ name: 'Abe Auditor' });
  const outsider = createUserViaCli();
  const teamId = createTeamWith(admin, [
    { user: member, role: 'member' },
    { user: auditor, role: 'auditor' },
  ]);

  await signIn(page, member);
  await page.goto(`/teams/${teamId}`);
  await page.getByRole('link', { name: 'API tokens' }).click();
  await expect(page).toHaveURL(`/teams/${teamId}/tokens`);
  await expect(page.getByRole('heading', { level: 1, name: /^API tokens of / })).toBeVisible();
  // Made for the release gate by default.
  await expect(page.getByRole('checkbox', { name: /^gate:/ })).toBeChecked();
  await expectNoAxeViolations(page, '/teams/[id]/tokens');

  await makeToken(page, { name: 'CI release gate' });
  const token = await shownToken(page);
  const row = page.getByRole('row', { name: /CI release gate/ });
  await expect(row).toContainText(`pft_${token.slice(4, 12)}…`);
  await expect(row).toContainText('gate');
  await expect(row).toContainText('Mia Member');
  await expectNoAxeViolations(page, '/teams/[id]/tokens with a new token');

  await test.step('token:create prints one team token for headless set-up, and it is listed', async () => {
    const r = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/token-create.ts', '--email', member.email, '--name', 'Headless', '--scope', 'gate', '--team', teamId, '--days', '7'], {
      encoding: 'utf8',
      env: envForDataDir(e2eState().dataDir),
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(TOKEN);
    const bad = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/token-create.ts', '--email', outsider.email, '--name', 'X', '--scope', 'gate', '--team', teamId], { encoding: 'utf8', env: envForDataDir(e2eState().dataDir) });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('is not a member of the team');
    await page.reload();
    await expect(page.getByRole('row', { name: /Headless/ })).toContainText(`pft_${r.stdout.trim().slice(4, 12)}…`);
  });

  await test.step('an auditor sees why they may not, and no tokens', async () => {
    const ctx = await browser.newContext();
    const auditorPage = await ctx.newPage();
    await signIn(auditorPage, auditor);
    await auditorPage.goto(`/teams/${teamId}/tokens`);
    await expect(auditorPage.getByText(/Auditors cannot make or see the team’s API tokens/)).toBeVisible();
    await expect(auditorPage.getByRole('form')).toHaveCount(0);
    await expect(auditorPage.getByText('CI release gate')).toHaveCount(0);
    await expectNoAxeViolations(auditorPage, '/teams/[id]/tokens as auditor');
    await ctx.close();
  });

  // Someone outside the team gets not-found: the route × role matrix asks that of every page.
});

test('an admin makes an instance token from the admin menu', async ({ page }) => {
  const admin = createUserViaCli({ admin: true });
  await signIn(page, admin);
  await page.getByRole('banner').getByRole('link', { name: 'API tokens' }).click();
  await expect(page).toHaveURL('/admin/tokens');
  await expect(page.getByRole('heading', { level: 1, name: 'Instance API tokens' })).toBeVisible();
  await expectNoAxeViolations(page, '/admin/tokens');
  const name = `Ops ${Date.now()}`;
  await makeToken(page, { name, scopes: ['read'], days: '365' });
  const token = await shownToken(page);
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText(`pft_${token.slice(4, 12)}…`);
  await expectNoAxeViolations(page, '/admin/tokens with a new token');

  // Everyone else gets not-found: the route × role matrix asks that of every admin page.
});
