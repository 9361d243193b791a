import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { expectNoAxeViolations } from './support/axe';
import { createUserViaCli, GOOD_PASSWORD, signIn, signOut, uniqueEmail } from './support/fixtures';

const NEW_PASSWORD = 'Copper-Harbour-71-Slowly';

async function fillPasswordChange(page: Page, current: string, next: string, repeat = next) {
  await page.getByLabel('Current password').fill(current);
  await page.getByLabel('New password', { exact: true }).fill(next);
  await page.getByLabel('Repeat new password').fill(repeat);
  await page.getByRole('button', { name: 'Change password' }).click();
}

/** Follows a set-password link in a fresh browser, chooses a password and signs in there. */
async function acceptLink(page: Page, link: string, email: string) {
  await page.goto(link);
  await page.getByLabel('New password').fill(GOOD_PASSWORD);
  await page.getByLabel('Repeat password').fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByText('Your password is set. Sign in to continue.')).toBeVisible();
  await signIn(page, { email, password: GOOD_PASSWORD });
}

test('a person changes their own password: the current one is required, other sessions end, this one stays', async ({ page, browser }) => {
  const user = createUserViaCli();
  const laptop = await browser.newContext();
  const laptopPage = await laptop.newPage();
  await signIn(laptopPage, user);

  await signIn(page, user);
  await page.getByRole('banner').getByRole('link', { name: user.name }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Change your password' });

  await test.step('bad input: mismatch, a common password and the same password get field errors', async () => {
    await fillPasswordChange(page, user.password, NEW_PASSWORD, 'something else entirely');
    await expect(page.getByText('The passwords do not match.')).toBeVisible();
    await fillPasswordChange(page, user.password, 'password1234!');
    await expect(form.getByText('This password is on a list of commonly used passwords. Choose another.').first()).toBeVisible();
    await fillPasswordChange(page, user.password, user.password);
    await expect(form.getByText('Choose a password different from your current one.').first()).toBeVisible();
    await expectNoAxeViolations(page, '/account with errors');
  });

  await test.step('a wrong current password is refused beside the field and changes nothing', async () => {
    // Only one wrong try here: the shared server sees every spec from 127.0.0.1, whose lock the unit tests probe.
    await fillPasswordChange(page, 'not-my-password-at-all', NEW_PASSWORD);
    const field = page.getByLabel('Current password');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(form.locator('#current-password-error')).toHaveText('Your current password is not correct.');
    await laptopPage.goto('/catalog');
    await expect(laptopPage.getByRole('heading', { name: 'Checklist catalog' })).toBeVisible();
  });

  await test.step('the right current password: changed, the laptop is signed out, this browser stays in', async () => {
    await fillPasswordChange(page, user.password, NEW_PASSWORD);
    await expect(form.getByRole('status')).toHaveText('Your password is changed. 1 other session was signed out; this one stays signed in.');
    await expect(page.getByLabel('Current password')).toHaveValue('');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
    await laptopPage.goto('/catalog');
    await expect(laptopPage).toHaveURL(/\/login/);
  });

  await test.step('the old password no longer signs in, the new one does', async () => {
    await laptopPage.getByLabel('Email').fill(user.email);
    await laptopPage.getByLabel('Password').fill(user.password);
    await laptopPage.getByRole('button', { name: 'Sign in' }).click();
    await expect(laptopPage.getByText('The email or password is not correct.')).toBeVisible();
    await signIn(laptopPage, { email: user.email, password: NEW_PASSWORD });
  });
  await laptop.close();
});

test('a wrong current password is recorded as a failed sign-in, and the change as password-changed', async ({ page }) => {
  const admin = createUserViaCli({ admin: true });
  await signIn(page, admin);
  await page.goto('/account');
  await fillPasswordChange(page, 'not-the-password-either', NEW_PASSWORD);
  await expect(page.getByText('Your current password is not correct.').first()).toBeVisible();
  await fillPasswordChange(page, admin.password, NEW_PASSWORD);
  await expect(page.getByText('Your password is changed.', { exact: false })).toBeVisible();

  await page.goto(`/admin/audit?actor=${encodeURIComponent(admin.email)}`);
  const failed = page.getByRole('row', { name: /auth\.sign-in\.failed/ });
  await expect(failed).toHaveCount(1);
  await expect(failed.getByRole('definition')).toHaveText(['wrong current password on password change']);
  const changed = page.getByRole('row', { name: /user\.password-changed/ });
  await expect(changed).toContainText('Password changed');
  await expect(changed.getByRole('cell').nth(4)).toHaveText(`User: ${admin.name} (${admin.email})`);
  await expect(page.getByRole('main')).not.toContainText(NEW_PASSWORD);
});

test('an admin creates a user straight into a team with a role; the person joins it with their link', async ({ page, browser }) => {
  const admin = createUserViaCli({ admin: true });
  await signIn(page, admin);
  const teamName = `Into-team ${randomBytes(3).toString('hex')}`;
  await page.goto('/admin/teams');
  await page.getByLabel('Team name').fill(teamName);
  await page.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByRole('heading', { name: teamName })).toBeVisible();
  const teamUrl = page.url();

  await page.goto('/admin/users');
  const email = uniqueEmail('rey');
  await expect(page.getByLabel('Role in that team')).toBeDisabled();
  await page.getByLabel('Name').fill('Rey Reviewer');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Add to team (optional)').selectOption({ label: teamName });
  await page.getByLabel('Role in that team').selectOption('reviewer');
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByText(`Account created for Rey Reviewer (${email}), added to ${teamName} as reviewer. Their set-password link:`)).toBeVisible();
  const link = await page.getByRole('textbox', { name: 'One-time link' }).inputValue();
  await expect(page.getByRole('row', { name: /Rey Reviewer/ }).getByRole('cell').nth(4)).toHaveText('1');

  await page.goto(teamUrl);
  await expect(page.getByRole('row', { name: /Rey Reviewer/ })).toContainText('reviewer');

  const theirs = await browser.newContext();
  const rey = await theirs.newPage();
  await acceptLink(rey, link, email);
  await expect(rey.getByRole('link', { name: teamName })).toBeVisible();
  await rey.goto('/account');
  await expect(rey.getByRole('main')).toContainText(`${teamName} (reviewer)`);
  await theirs.close();
});

test('creating an admin account asks first; Cancel creates nothing', async ({ page }) => {
  const admin = createUserViaCli({ admin: true });
  await signIn(page, admin);
  await page.goto('/admin/users');
  const email = uniqueEmail('new-admin');
  await page.getByLabel('Name').fill('Nadia New-Admin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Instance admin (manages users, teams and settings)').check();
  await page.getByRole('button', { name: 'Create user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create Nadia New-Admin as an instance admin?' });
  await expect(dialog).toContainText('full access to every team’s evidence and the admin pages');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await page.reload();
  await expect(page.getByRole('row', { name: /Nadia New-Admin/ })).toHaveCount(0);

  await page.getByLabel('Name').fill('Nadia New-Admin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Instance admin (manages users, teams and settings)').check();
  await page.getByRole('button', { name: 'Create user' }).click();
  await dialog.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page.getByRole('textbox', { name: 'One-time link' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Nadia New-Admin/ })).toContainText('admin');
});

test('adding an unknown email to a team offers to create the account and adds it', async ({ page, browser }) => {
  const admin = createUserViaCli({ admin: true });
  await signIn(page, admin);
  const teamName = `Offer ${randomBytes(3).toString('hex')}`;
  await page.goto('/admin/teams');
  await page.getByLabel('Team name').fill(teamName);
  await page.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByRole('heading', { name: teamName })).toBeVisible();

  const email = uniqueEmail('newcomer');
  await page.getByLabel('Their email').fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption('auditor');
  await page.getByRole('button', { name: 'Add to team' }).click();
  await expect(page.getByLabel('Their email')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('No account has this email yet.')).toBeVisible();
  await expectNoAxeViolations(page, 'team page with the create offer');
  await page.getByLabel('Their name').fill('Nico Newcomer');
  await page.getByRole('button', { name: `Create user ${email} and add as auditor` }).click();
  await expect(page.getByText(`Account created for Nico Newcomer (${email}) and added as auditor. Their set-password link:`)).toBeVisible();
  const link = await page.getByRole('textbox', { name: 'One-time link' }).inputValue();
  await expect(page.getByRole('row', { name: /Nico Newcomer/ })).toContainText('auditor');
  await expect(page.getByLabel('Their email')).toHaveValue('');

  // Now an account: the same address is simply on the team.
  await page.getByLabel('Their email').fill(email);
  await page.getByRole('button', { name: 'Add to team' }).click();
  await expect(page.getByText('Already on this team as auditor.', { exact: true })).toBeVisible();

  const theirs = await browser.newContext();
  const nico = await theirs.newPage();
  await acceptLink(nico, link, email);
  await expect(nico.getByRole('link', { name: teamName })).toBeVisible();
  await theirs.close();
});

test('making someone an admin and disabling a user ask first, name the consequence, and Cancel changes nothing', async ({ page, browser }) => {
  const admin = createUserViaCli({ admin: true });
  const person = createUserViaCli({ name: `Casey Careful ${randomBytes(2).toString('hex')}` });
  const theirs = await browser.newContext();
  const theirPage = await theirs.newPage();
  await signIn(theirPage, person);

  await signIn(page, admin);
  await page.goto('/admin/users');
  const row = page.getByRole('row', { name: new RegExp(person.name) });

  await test.step('make admin: Cancel and Escape leave them a normal user; focus returns to the button', async () => {
    const trigger = row.getByRole('button', { name: `Make ${person.name} an admin` });
    await trigger.click();
    const dialog = page.getByRole('dialog', { name: `Make ${person.name} an instance admin?` });
    await expect(dialog).toContainText(`${person.name} gets full access to every team’s evidence and the admin pages`);
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await expectNoAxeViolations(page, 'make-admin confirmation');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(trigger).toBeFocused();
    // A closed confirmation leaves nothing behind, not even hidden: a page of rows does not carry a dialog each.
    await expect(page.getByRole('dialog', { includeHidden: true })).toHaveCount(0);
    await trigger.click();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await page.reload();
    await expect(row.getByRole('button', { name: `Make ${person.name} an admin` })).toBeVisible();
    await expect(row.getByText('admin', { exact: true })).toHaveCount(0);
    await theirPage.goto('/admin/users');
    await expect(theirPage.getByRole('heading', { name: 'Users' })).toHaveCount(0);
  });

  await test.step('disable: Cancel leaves them signed in; confirming signs them out', async () => {
    await row.getByRole('button', { name: `Disable ${person.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Disable ${person.name}?` });
    await expect(dialog).toContainText(`${person.name} is signed out everywhere and cannot sign in`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await page.reload();
    await expect(row).toContainText('Active');
    await theirPage.goto('/catalog');
    await expect(theirPage.getByRole('heading', { name: 'Checklist catalog' })).toBeVisible();

    await row.getByRole('button', { name: `Disable ${person.name}` }).click();
    await dialog.getByRole('button', { name: `Disable ${person.name}` }).click();
    await expect(row.getByRole('button', { name: `Enable ${person.name}` })).toBeVisible();
    await expect(row).toContainText('Disabled');
    await theirPage.goto('/catalog');
    await expect(theirPage).toHaveURL(/\/login/);
  });

  await test.step('make admin, confirmed', async () => {
    await row.getByRole('button', { name: `Make ${person.name} an admin` }).click();
    await page.getByRole('dialog', { name: `Make ${person.name} an instance admin?` }).getByRole('button', { name: `Make ${person.name} an admin` }).click();
    await expect(row.getByRole('button', { name: `Remove admin role from ${person.name}` })).toBeVisible();
  });
  await signOut(page);
  await theirs.close();
});
