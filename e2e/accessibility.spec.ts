import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { profileByQuestion } from './support/catalog';
import { createAssessment, createTeamWith, createUserViaCli, signIn } from './support/fixtures';

test('public pages pass axe', async ({ page }) => {
  for (const path of ['/login', '/setup', '/set-password']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoAxeViolations(page, path);
  }
});

test('signed-in pages pass axe, with and without form errors', async ({ page }) => {
  const admin = createUserViaCli({ admin: true });
  await signIn(page, admin);
  for (const path of ['/', '/catalog', '/reviews', '/admin/users', '/admin/teams', '/admin/audit', '/admin/alerts', '/account']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoAxeViolations(page, path);
  }
  await page.goto('/admin/teams');
  await page.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByText('Enter a team name.')).toBeVisible();
  await expectNoAxeViolations(page, '/admin/teams with errors');
  await page.getByLabel('Team name').fill(`A11y ${Date.now()}`);
  await page.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByRole('heading', { name: /A11y/ })).toBeVisible();
  await expectNoAxeViolations(page, 'team page');
  // An open catalog item.
  await page.goto('/catalog');
  await page.getByText('Session cookies carry the HttpOnly and Secure attributes').click();
  await expectNoAxeViolations(page, '/catalog open item');
});

test('sign-in works from the keyboard alone, and the skip link reaches the content', async ({ page }) => {
  const user = createUserViaCli();
  await page.goto('/login');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Email')).toBeFocused();
  await page.keyboard.type(user.email);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(user.password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main$/);
});

test('assessment pages pass axe: new assessment with errors, checklist, item with evidence', async ({ page }) => {
  const admin = createUserViaCli({ admin: true });
  const member = createUserViaCli();
  const teamId = createTeamWith(admin, [{ user: member, role: 'member' }]);
  await signIn(page, member);
  await page.goto(`/teams/${teamId}/assessments/new`);
  await page.getByRole('button', { name: 'Create assessment' }).click();
  await expect(page.getByText('Enter the app’s name.')).toBeVisible();
  await expectNoAxeViolations(page, 'new assessment with errors');
  const checklist = await createAssessment(page, teamId, { appName: 'A11y App', kind: 'Forge app', baseUrl: 'https://a11y.example.com', launch: '2027-06-01', profile: profileByQuestion({}) });
  await expectNoAxeViolations(page, 'checklist');
  await page.goto(`${checklist}/items/secrets-rotated`);
  await page.getByLabel('Status').selectOption('partially_met');
  await page.getByRole('button', { name: 'Save item' }).click();
  await expect(page.getByText('Choose a plan to close the gap or a risk acceptance.')).toBeVisible();
  await page.getByLabel('Link title').fill('Runbook');
  await page.getByLabel('Link address').fill('https://wiki.example.com/runbook');
  await page.getByRole('button', { name: 'Add link' }).click();
  await expect(page.getByRole('link', { name: 'Runbook' })).toBeVisible();
  await expectNoAxeViolations(page, 'item page with errors and evidence');
  await page.goto(`/teams/${teamId}`);
  await expectNoAxeViolations(page, 'team page with assessments');
});
