import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createUserViaCli, e2eState, sessionCookie, signIn, uniqueEmail } from './support/fixtures';

test('five wrong passwords throttle the sixth attempt, even with the right password', async ({ page }) => {
  const user = createUserViaCli();
  await page.goto('/login');
  for (let i = 1; i <= 5; i++) {
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(`wrong-password-${i}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const expected = i < 5 ? 'The email or password is not correct.' : 'Too many failed sign-ins.';
    await expect(page.getByText(expected, { exact: false })).toBeVisible();
  }
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(/Too many failed sign-ins\. Try again in 1[45] minutes\./)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  expect((await page.request.get('/api/auth/session').then((r) => r.json())).user).toBeUndefined();
});

test('an unknown email and a wrong password get the same answer; oversized input gets no 500', async ({ page }) => {
  const user = createUserViaCli();
  await page.goto('/login');
  await page.getByLabel('Email').fill(uniqueEmail('nobody'));
  await page.getByLabel('Password').fill('whatever-it-is-here');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('The email or password is not correct.')).toBeVisible();

  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill('x'.repeat(10_000));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Too long.')).toBeVisible();

  // Straight to next-auth, past the form's own checks.
  const csrf = await page.request.get('/api/auth/csrf').then((r) => r.json());
  const response = await page.request.post('/api/auth/callback/credentials', {
    form: { email: 'y'.repeat(10_000), password: 'z'.repeat(10_000), csrfToken: csrf.csrfToken, json: 'true' },
  });
  expect(response.status()).toBeLessThan(500);
  expect((await page.request.get('/api/auth/session').then((r) => r.json())).user).toBeUndefined();
});

test('a sign-in leaves neither the password nor the session token in the log', async ({ page, context }) => {
  const user = createUserViaCli();
  const { logFile } = e2eState();
  const before = readFileSync(logFile, 'utf8').length;
  await signIn(page, user);
  const token = (await sessionCookie(context)).value;
  await page.goto('/catalog');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('You are signed out.')).toBeVisible();

  const written = readFileSync(logFile, 'utf8').slice(before);
  // The log did record this sign-in (the test would prove nothing on an empty log)…
  expect(written).toContain('"event":"sign-in.succeeded"');
  expect(written).toContain('/api/auth/callback/credentials');
  // …and holds neither secret.
  expect(written).not.toContain(user.password);
  expect(written).not.toContain(token);
  const consoleLog = readFileSync(logFile.replace('server.log', 'server-console.log'), 'utf8');
  expect(consoleLog).not.toContain(user.password);
  expect(consoleLog).not.toContain(token);
});
