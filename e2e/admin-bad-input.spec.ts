import { expect, test } from '@playwright/test';
import { createUserViaCli, signIn } from './support/fixtures';

test('admin forms answer bad input with field errors and create nothing half-way', async ({ page, browser }) => {
  const admin = createUserViaCli({ admin: true });
  const existing = createUserViaCli();
  await signIn(page, admin);

  await test.step('create user: malformed email, huge name, duplicate email', async () => {
    await page.goto('/admin/users');
    await page.getByLabel('Name').fill('n'.repeat(10_000));
    await page.getByLabel('Email').fill('bad@@example');
    await page.getByRole('button', { name: 'Create user' }).click();
    await expect(page.getByText('Use at most 100 characters.')).toBeVisible();
    await expect(page.getByText('Enter a valid email address, like name@example.com.')).toBeVisible();

    await page.getByLabel('Name').fill('Duplicate Person');
    await page.getByLabel('Email').fill(existing.email.toUpperCase());
    await page.getByRole('button', { name: 'Create user' }).click();
    await expect(page.getByText('An account with this email already exists.').first()).toBeVisible();
    await page.reload();
    // Other tests add users in parallel, so check these accounts rather than the total.
    await expect(page.getByRole('row', { name: /Duplicate Person/ })).toHaveCount(0);
    await expect(page.getByRole('row', { name: new RegExp(existing.email.replace(/[.+]/g, '\\$&'), 'i') })).toHaveCount(1);
    await expect(page.getByText('bad@@example')).toHaveCount(0);
  });

  await test.step('create team: empty, huge and duplicate names', async () => {
    await page.goto('/admin/teams');
    await page.getByLabel('Team name').fill('t'.repeat(10_000));
    await page.getByLabel('Description (optional)').fill('d'.repeat(10_000));
    await page.getByRole('button', { name: 'Create team' }).click();
    await expect(page.getByText('Use at most 80 characters.')).toBeVisible();
    await expect(page.getByText('Use at most 500 characters.')).toBeVisible();
    const name = `Unique ${Date.now()}`;
    await page.getByLabel('Team name').fill(name);
    await page.getByLabel('Description (optional)').fill('');
    await page.getByRole('button', { name: 'Create team' }).click();
    await expect(page.getByRole('heading', { name })).toBeVisible();
    await page.goto('/admin/teams');
    await page.getByLabel('Team name').fill(name);
    await page.getByRole('button', { name: 'Create team' }).click();
    await expect(page.getByText('A team with this name already exists.').first()).toBeVisible();
  });

  await test.step('add member: unknown email, an empty name for the offered account, then the same person twice', async () => {
    await page.getByRole('link', { name: /^Unique/ }).first().click();
    await page.getByLabel('Their email').fill('nobody-here@example.com');
    await page.getByRole('button', { name: 'Add to team' }).click();
    await expect(page.getByText('No account has this email yet.')).toBeVisible();
    const create = page.getByRole('button', { name: 'Create user nobody-here@example.com and add as member' });
    await create.click();
    await expect(page.getByText('Enter a name.')).toBeVisible();
    await page.getByLabel('Their name').fill('n'.repeat(10_000));
    await create.click();
    await expect(page.getByText('Use at most 100 characters.')).toBeVisible();
    // Changing the email withdraws the offer: it was for the other address.
    await page.getByLabel('Their email').fill('someone-else@example.com');
    await expect(create).toHaveCount(0);
    await expect(page.getByRole('row', { name: /nobody-here/ })).toHaveCount(0);
    await page.getByLabel('Their email').fill(existing.email);
    await page.getByLabel('Role').selectOption('reviewer');
    await page.getByRole('button', { name: 'Add to team' }).click();
    await expect(page.getByText(`${existing.name} was added to the team.`)).toBeVisible();
    await page.getByLabel('Their email').fill(existing.email);
    await page.getByRole('button', { name: 'Add to team' }).click();
    await expect(page.getByText('Already on this team as reviewer.', { exact: true })).toBeVisible();
    await expect(page.getByRole('row', { name: new RegExp(existing.name) })).toHaveCount(1);
  });

  await test.step('set-password link: short and common passwords are refused; the link still works after', async () => {
    await page.goto('/admin/users');
    await page.getByRole('button', { name: `New password link for ${existing.name}` }).click();
    const link = await page.getByRole('textbox', { name: 'One-time link' }).inputValue();
    // The person opens it in their own browser.
    const theirs = await browser.newContext();
    const page2 = await theirs.newPage();
    await page2.goto(link);
    await page2.getByLabel('New password').fill('short');
    await page2.getByLabel('Repeat password').fill('short');
    await page2.getByRole('button', { name: 'Set password' }).click();
    await expect(page2.getByText('Use at least 12 characters.')).toBeVisible();
    await page2.getByLabel('New password').fill('qwerty123456');
    await page2.getByLabel('Repeat password').fill('qwerty123456');
    await page2.getByRole('button', { name: 'Set password' }).click();
    await expect(page2.getByText('This password is on a list of commonly used passwords. Choose another.').first()).toBeVisible();
    await page2.getByLabel('New password').fill('Brand-New-Passphrase-77');
    await page2.getByLabel('Repeat password').fill('Brand-New-Passphrase-77');
    await page2.getByRole('button', { name: 'Set password' }).click();
    await expect(page2.getByText('Your password is set. Sign in to continue.')).toBeVisible();
    await theirs.close();
  });
});
