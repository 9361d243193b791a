import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { createUserViaCli, signIn, uniqueEmail } from './support/fixtures';

test('the admin audit log records sign-ins and admin actions by name and filters them; entries hold no secrets', async ({ page }) => {
  const admin = createUserViaCli({ admin: true });
  await signIn(page, admin);
  const teamName = `Audited team ${randomBytes(3).toString('hex')}`;
  await page.goto('/admin/teams');
  await page.getByLabel('Team name').fill(teamName);
  await page.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByRole('heading', { name: teamName })).toBeVisible();

  // Markup in a name must come back as text, here as everywhere.
  const name = 'Audited <b>Person</b>';
  const email = uniqueEmail('audited');
  await page.goto('/admin/users');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Add to team (optional)').selectOption({ label: teamName });
  await page.getByLabel('Role in that team').selectOption('reviewer');
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

  await test.step('actor, action, target and details read as names and words', async () => {
    const cells = created.getByRole('cell');
    await expect(cells.nth(2)).toHaveText(`${admin.name} (${admin.email})`);
    await expect(cells.nth(3)).toContainText('Account created');
    await expect(cells.nth(4)).toHaveText(`User: ${name} (${email})`);
    const details = cells.nth(6);
    await expect(details.getByRole('term')).toHaveText(['Email', 'Instance admin', 'Through', 'Team']);
    await expect(details.getByRole('definition')).toHaveText([email, 'No', 'an admin', teamName]);
    await expect(page.locator('b', { hasText: 'Person' })).toHaveCount(0);

    const joined = page.getByRole('row', { name: /team\.member-added/ }).filter({ hasText: email });
    await expect(joined.getByRole('cell').nth(4)).toHaveText(`Team: ${teamName}`);
    await expect(joined.getByRole('definition')).toHaveText([`${name} (${email})`, email, 'reviewer', 'Yes']);
  });

  await test.step('the stored entry, ids and all, is one click away', async () => {
    const raw = created.getByText('"action": "user.created"');
    await expect(raw).toBeHidden();
    await created.getByText('Raw entry').click();
    await expect(raw).toBeVisible();
    await expect(created.getByText(/"targetId": "[0-9a-f-]{36}"/)).toBeVisible();
  });

  await page.getByLabel('Action').selectOption('user.created');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByRole('row', { name: /auth\.sign-in\.succeeded/ })).toHaveCount(0);
  await expect(page.getByRole('row', { name: /user\.created/ }).filter({ hasText: email })).toHaveCount(1);
});
