import { expect, test } from '@playwright/test';
import { createAssessment, createTeamWith, createUserViaCli, signIn, signOut } from './support/fixtures';
import { profileByQuestion } from './support/catalog';

test('ten failed sign-ins for one account raise an alert an admin sees in the header, follows to the audit log and acknowledges', async ({ page }) => {
  const victim = createUserViaCli({ name: 'Victor Target' });
  const admin = createUserViaCli({ admin: true });
  await page.goto('/login');
  for (let i = 1; i <= 10; i++) {
    await page.getByLabel('Email').fill(victim.email);
    await page.getByLabel('Password').fill(`guess-number-${i}`);
    // Wait for each attempt's answer: the message of the previous one is still on screen.
    const answered = page.waitForResponse((r) => r.url().includes('/api/auth/callback/credentials'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await answered;
    await expect(page.getByText(i < 5 ? 'The email or password is not correct.' : 'Too many failed sign-ins.', { exact: false })).toBeVisible();
  }

  await signIn(page, admin);
  const alertsLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Alerts \d+ open$/ });
  await expect(alertsLink).toBeVisible();
  await alertsLink.click();
  const open = page.getByRole('region', { name: /^Open/ });
  const row = open.getByRole('row', { name: new RegExp(victim.email.replace('.', '\\.')) });
  await expect(row).toContainText('Repeated failed sign-ins for one account');
  await expect(row.getByRole('link', { name: '10 audit entries' })).toBeVisible();

  await row.getByRole('link', { name: '10 audit entries' }).click();
  await expect(page.getByText('Showing the entries behind one security alert.')).toBeVisible();
  await expect(page.getByRole('row', { name: /auth\.sign-in\.failed/ })).toHaveCount(10);
  await expect(page.getByRole('row', { name: /auth\.sign-in\.failed/ }).filter({ hasText: victim.email })).toHaveCount(10);
  await expect(page.getByRole('row', { name: /locked out/ })).toHaveCount(5);

  await page.goBack();
  await page.getByRole('button', { name: new RegExp(`Acknowledge: Repeated failed sign-ins for one account \\(${victim.email.replace('.', '\\.')}\\)`) }).click();
  const acknowledged = page.getByRole('region', { name: 'Acknowledged' }).getByRole('row', { name: new RegExp(victim.email.replace('.', '\\.')) });
  await expect(acknowledged).toContainText(`Acknowledged by ${admin.name}`);
  await expect(open.getByRole('row', { name: new RegExp(victim.email.replace('.', '\\.')) })).toHaveCount(0);
  await page.goto('/admin/audit?action=alert.acknowledged');
  await expect(page.getByRole('row', { name: /alert\.acknowledged/ }).filter({ hasText: victim.email })).toHaveCount(1);
});

test('a member who keeps opening another team’s records raises an access alert', async ({ page }) => {
  const admin = createUserViaCli({ admin: true });
  const owner = createUserViaCli();
  const prober = createUserViaCli({ name: 'Paula Prober' });
  const teamA = createTeamWith(admin, [{ user: owner, role: 'member' }]);
  createTeamWith(admin, [{ user: prober, role: 'member' }]);
  await signIn(page, owner);
  const checklist = await createAssessment(page, teamA, { appName: 'Private App', kind: 'Forge app', baseUrl: 'https://private.example.com', launch: '2027-06-01', profile: profileByQuestion({}) });
  await signOut(page);

  await signIn(page, prober);
  for (let i = 0; i < 10; i++) {
    const response = await page.goto(i % 2 ? checklist : `${checklist}/items/authn-every-request`);
    expect(response?.status()).toBe(404);
  }
  await signOut(page);
  await signIn(page, admin);
  await page.goto('/admin/alerts');
  const row = page.getByRole('region', { name: /^Open/ }).getByRole('row', { name: /Paula Prober/ });
  await expect(row).toContainText('Repeated access to other teams’ records');
  await expect(row.getByRole('link', { name: '10 audit entries' })).toBeVisible();
});
