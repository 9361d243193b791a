import { expect, test } from '@playwright/test';
import { createUserViaCli, signIn, uniqueEmail } from './support/fixtures';

test('the admin audit log records sign-ins and admin actions and filters them; entries hold no secrets', async ({ page }) => {
  const admin = createUserViaCli({ admin: true });
  await signIn(page, admin);
  const email = uniqueEmail('audited');
  await page.goto('/admin/users');
  await page.getByLabel('Name').fill('Audited Person');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Create user' }).click();
  const link = await page.getByRole('textbox', { name: 'One-time link' }).inputValue();
  const token = new URL(link).searchParams.get('token')!;

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
  await page.getByLabel('Actor (email or id)').fill(admin.email);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByRole('row', { name: /auth\.sign-in\.succeeded/ }).first()).toBeVisible();
  const created = page.getByRole('row', { name: /user\.created/ }).filter({ hasText: email });
  await expect(created).toHaveCount(1);
  await expect(page.getByRole('main')).not.toContainText(token);

  await page.getByLabel('Action').selectOption('user.created');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByRole('row', { name: /auth\.sign-in\.succeeded/ })).toHaveCount(0);
  await expect(page.getByRole('row', { name: /user\.created/ }).filter({ hasText: email })).toHaveCount(1);
});
