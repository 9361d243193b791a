import { expect, test } from '@playwright/test';
import { callServerAction, captureServerAction, createUserViaCli, signIn } from './support/fixtures';

test('a non-admin gets not-found on admin pages and admin actions called directly change nothing', async ({ browser }) => {
  const admin = createUserViaCli({ admin: true });
  const member = createUserViaCli();

  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await signIn(adminPage, admin);
  await adminPage.goto('/admin/teams');
  const teamName = `Audit Team ${Date.now()}`;
  await adminPage.getByLabel('Team name').fill(teamName);
  const createTeam = await captureServerAction(adminPage, () => adminPage.getByRole('button', { name: 'Create team' }).click());
  await expect(adminPage.getByRole('heading', { name: teamName })).toBeVisible();
  const teamUrl = adminPage.url();

  await adminPage.goto('/admin/users');
  await adminPage.getByLabel('Name').fill('Someone New');
  await adminPage.getByLabel('Email').fill(`someone-${Date.now()}@example.com`);
  const createUser = await captureServerAction(adminPage, () => adminPage.getByRole('button', { name: 'Create user' }).click());
  await expect(adminPage.getByRole('textbox', { name: 'One-time link' })).toBeVisible();

  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  await signIn(memberPage, member);

  for (const path of ['/admin/users', '/admin/teams', '/admin/audit', teamUrl.replace(/^https?:\/\/[^/]+/, '')]) {
    const response = await memberPage.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(memberPage.getByRole('heading', { name: 'Not found' })).toBeVisible();
  }

  const hijackTeam = await callServerAction(memberContext, createTeam, [{ name: 'Hijacked team', description: '' }]);
  expect(hijackTeam.text).toContain('Not found.');
  const hijackUser = await callServerAction(memberContext, createUser, [{ name: 'Mallory', email: 'mallory@example.com', isAdmin: true }]);
  expect(hijackUser.text).toContain('Not found.');
  expect(hijackUser.text).not.toContain('set-password/link');

  // Signed out entirely: the same calls are refused too.
  const anonymous = await browser.newContext();
  const anonymousCall = await callServerAction(anonymous, createTeam, [{ name: 'Anonymous team', description: '' }]);
  expect(anonymousCall.text).toContain('Your session has ended');

  await adminPage.goto('/admin/teams');
  await expect(adminPage.getByRole('link', { name: teamName })).toBeVisible();
  await expect(adminPage.getByText('Hijacked team')).toHaveCount(0);
  await expect(adminPage.getByText('Anonymous team')).toHaveCount(0);
  await adminPage.goto('/admin/users');
  await expect(adminPage.getByText('mallory@example.com')).toHaveCount(0);
  await Promise.all([adminContext.close(), memberContext.close(), anonymous.close()]);
});

test('disabling a user ends their sessions at once', async ({ browser }) => {
  const admin = createUserViaCli({ admin: true });
  const member = createUserViaCli({ name: `Dora Disabled ${Date.now()}` });
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  await signIn(memberPage, member);

  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await signIn(adminPage, admin);
  await adminPage.goto('/admin/users');
  await adminPage.getByRole('button', { name: `Disable ${member.name}` }).click();
  await adminPage.getByRole('dialog', { name: `Disable ${member.name}?` }).getByRole('button', { name: `Disable ${member.name}` }).click();
  // The name itself contains "Disabled", so wait for the button to flip: the action has then been processed.
  await expect(adminPage.getByRole('button', { name: `Enable ${member.name}` })).toBeVisible();

  await memberPage.goto('/catalog');
  await expect(memberPage).toHaveURL(/\/login/);
  await memberPage.getByLabel('Email').fill(member.email);
  await memberPage.getByLabel('Password').fill(member.password);
  await memberPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(memberPage.getByText('The email or password is not correct.')).toBeVisible();
  await Promise.all([adminContext.close(), memberContext.close()]);
});
