import { expect, test } from '@playwright/test';
import { e2eState, GOOD_PASSWORD, sessionCookie, signIn, uniqueEmail } from './support/fixtures';

test('setup link → first admin → team and member → member sets password, reads the catalog, signs out for good', async ({ page, browser, baseURL }) => {
  const { setupLink } = e2eState();
  const adminEmail = uniqueEmail('first-admin');

  await test.step('the setup link opens the setup form and leaves the address bar', async () => {
    await page.goto(setupLink);
    await expect(page).toHaveURL(/\/setup$/);
    await expect(page.getByRole('heading', { name: 'Set up Preflight' })).toBeVisible();
  });

  await test.step('bad input gets field errors and creates nothing', async () => {
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await expect(page.getByText('Enter a name.')).toBeVisible();
    await expect(page.getByText('Enter an email address.')).toBeVisible();

    await page.getByLabel('Your name').fill('x'.repeat(10_000));
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Repeat password').fill('different');
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await expect(page.getByText('Use at most 100 characters.')).toBeVisible();
    await expect(page.getByText('Enter a valid email address, like name@example.com.')).toBeVisible();
    await expect(page.getByText('Use at least 12 characters.')).toBeVisible();
    await expect(page.getByText('The passwords do not match.')).toBeVisible();

    // Only the server knows the common-password list: its answer arrives as a field error too.
    await page.getByLabel('Your name').fill('Ada Admin');
    await page.getByLabel('Email').fill(adminEmail);
    await page.getByLabel('Password', { exact: true }).fill('password1234');
    await page.getByLabel('Repeat password').fill('password1234');
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await expect(page.getByText('This password is on a list of commonly used passwords. Choose another.').first()).toBeVisible();
    await expect(page).toHaveURL(/\/setup$/);
  });

  await test.step('a good form creates the admin; the link then says an admin exists rather than "invalid"', async () => {
    await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
    await page.getByLabel('Repeat password').fill(GOOD_PASSWORD);
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await expect(page.getByText('Your admin account is ready. Sign in to continue.')).toBeVisible();
    for (const link of [setupLink, '/setup/link?token=' + 'A'.repeat(43), '/setup']) {
      await page.goto(link);
      await expect(page.getByRole('status')).toHaveText('Preflight already has an administrator. Ask them for an account.');
      await expect(page.getByText('This setup link is not valid', { exact: false })).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Create admin account' })).toHaveCount(0);
    }
  });

  await test.step('the admin signs in, creates a team and a member', async () => {
    await signIn(page, { email: adminEmail, password: GOOD_PASSWORD });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teams' }).click();
    await page.getByLabel('Team name').fill('Payments Platform');
    await page.getByLabel('Description (optional)').fill('Owns the checkout app');
    await page.getByRole('button', { name: 'Create team' }).click();
    await expect(page.getByRole('heading', { name: 'Payments Platform' })).toBeVisible();
  });
  const teamUrl = page.url();

  const memberEmail = uniqueEmail('member');
  let memberLink = '';
  await test.step('the admin creates the member and gets a one-time link', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('Name').fill('Max Member');
    await page.getByLabel('Email').fill(memberEmail);
    await page.getByRole('button', { name: 'Create user' }).click();
    const linkBox = page.getByRole('textbox', { name: 'One-time link' });
    await expect(linkBox).toBeVisible();
    memberLink = await linkBox.inputValue();
    expect(memberLink).toMatch(new RegExp(`^${baseURL}/set-password/link\\?token=[A-Za-z0-9_-]{43}$`));
    await expect(page.getByRole('row', { name: /Max Member/ })).toContainText('Waiting for password');
  });

  await test.step('the admin adds the member to the team', async () => {
    await page.goto(teamUrl);
    await page.getByLabel('Their email').fill(memberEmail);
    await page.getByLabel('Role').selectOption('member');
    await page.getByRole('button', { name: 'Add to team' }).click();
    await expect(page.getByText('Max Member was added to the team.')).toBeVisible();
    await expect(page.getByRole('row', { name: /Max Member/ })).toContainText('member');
  });

  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  await test.step('the member sets a password through the link, which then dies', async () => {
    await member.goto(memberLink);
    await expect(member).toHaveURL(/\/set-password$/);
    await expect(member.getByText(memberEmail)).toBeVisible();
    await member.getByLabel('New password').fill(GOOD_PASSWORD);
    await member.getByLabel('Repeat password').fill(GOOD_PASSWORD);
    await member.getByRole('button', { name: 'Set password' }).click();
    await expect(member.getByText('Your password is set. Sign in to continue.')).toBeVisible();
    await member.goto(memberLink);
    await expect(member.getByText('This link is not valid', { exact: false })).toBeVisible();
  });

  await test.step('the member signs in and sees the team and the catalog', async () => {
    await signIn(member, { email: memberEmail, password: GOOD_PASSWORD });
    await expect(member.getByRole('link', { name: 'Payments Platform' })).toBeVisible();
    await expect(member.getByRole('link', { name: 'Users' })).toHaveCount(0);
    await member.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Catalog' }).click();
    await expect(member.getByRole('heading', { name: 'Checklist catalog' })).toBeVisible();
    await expect(member.getByRole('heading', { level: 2, name: 'Session cookies' })).toBeVisible();
    await member.getByText('Session cookies carry the HttpOnly and Secure attributes').click();
    const item = member.getByRole('group').filter({ hasText: 'Session cookies carry the HttpOnly and Secure attributes' });
    await expect(item.getByText('How to verify')).toBeVisible();
    await expect(item.getByText('Source session-cookies#1')).toBeVisible();
  });

  await test.step('after sign-out, the old cookie replayed is not signed in', async () => {
    const cookie = await sessionCookie(memberContext);
    await member.getByRole('button', { name: 'Sign out' }).click();
    await expect(member.getByText('You are signed out.')).toBeVisible();
    const replay = await browser.newContext();
    await replay.addCookies([cookie]);
    const replayPage = await replay.newPage();
    await replayPage.goto('/catalog');
    await expect(replayPage).toHaveURL(/\/login/);
    const session = await replay.request.get('/api/auth/session');
    expect(await session.json()).toEqual({});
    await replay.close();
  });
  await memberContext.close();
});
