import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { catalog, profileByQuestion } from './support/catalog';
import { pdfText } from '@/lib/testing/pdf-text';
import { expectNoAxeViolations } from './support/axe';
import { callServerAction, captureServerAction, createAssessment, createTeamWith, createUserViaCli, signIn, signOut } from './support/fixtures';

const NO_TO_ALL = Object.fromEntries(catalog.profileQuestions.map((q) => [q.id, false]));
const IR_ITEM = 'ops-incident-response-plan';
const CONTACTS = [
  { name: 'Dana Lee', role: 'Incident lead', email: 'dana@example.com', phone: '+1 555 0100', deputy: 'Sam Ortiz' },
  { name: 'Sam Ortiz', role: 'Communications', email: 'sam@example.com', phone: '+1 555 0101', deputy: 'Dana Lee' },
  { name: 'Priya Natarajan', role: 'Engineering', email: 'priya@example.com', phone: '', deputy: 'Dana Lee' },
];
const LEVELS = [
  { name: 'SEV-1 Critical', definition: 'Tenant data exposed or the app down for everyone.', minutes: '15' },
  { name: 'SEV-2 High', definition: 'A security control is broken for some tenants.', minutes: '60' },
  { name: 'SEV-3 Moderate', definition: 'A weakness with no known exploitation.', minutes: '1440' },
];

async function startPlan(page: Page, teamId: string, template: string, title: string) {
  await page.goto(`/teams/${teamId}/plans`);
  await page.getByLabel('Template').selectOption({ label: template });
  await page.getByLabel('Plan title').fill(title);
  await page.getByRole('button', { name: 'Start plan' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  return new URL(page.url()).pathname;
}

async function waitForSave(page: Page) {
  // Fully saved only: a partial save ("…, except 1 field to fix.") reads differently.
  await expect(page.getByRole('status').filter({ hasText: /^Draft saved at \d{4}-\d\d-\d\d \d\d:\d\d \S+\.$/ })).toBeVisible({ timeout: 15_000 });
}

async function fillIncidentResponsePlan(page: Page) {
  const section = (name: string) => page.getByRole('group', { name, exact: true });
  await section('Scope').getByLabel('Systems and data covered').fill('The Review app, its API and the tenant database.');
  await section('Scope').getByLabel('What counts as an incident').fill('Any suspected access to tenant data by someone not entitled to it.');
  for (const [i, c] of CONTACTS.entries()) {
    await page.getByRole('button', { name: 'Add contact' }).click();
    const row = page.getByRole('group', { name: `Contact ${i + 1}` });
    await row.getByLabel('Name').fill(c.name);
    await row.getByLabel('Role').fill(c.role);
    await row.getByLabel('Email').fill(c.email);
    await row.getByLabel('Phone').fill(c.phone);
    await row.getByLabel('Deputy').fill(c.deputy);
  }
  for (const [i, l] of LEVELS.entries()) {
    await page.getByRole('button', { name: 'Add level' }).click();
    const row = page.getByRole('group', { name: `Level ${i + 1}` });
    await row.getByLabel('Level name').fill(l.name);
    await row.getByLabel('Definition').fill(l.definition);
    await row.getByLabel('Response time (minutes)').fill(l.minutes);
  }
  await page.getByLabel('Detection and reporting channels').fill('Pager alerts; security@example.com; support tickets tagged security.');
  await page.getByLabel('Triage', { exact: true }).fill('Confirm, rate the severity, page the incident lead.');
  for (const list of ['Containment steps', 'Eradication steps', 'Recovery steps']) {
    await page.getByRole('button', { name: `Add a step to ${list.toLowerCase()}` }).click();
    await page.getByLabel(`${list}: step 1`).fill(`First ${list.toLowerCase().replace(' steps', '')} step`);
  }
  await page.getByLabel('Internal', { exact: true }).fill('Incident channel, hourly updates.');
  await page.getByLabel('Customers', { exact: true }).fill('Email to the affected admins.');
  await page.getByLabel('Marketplace vendor').fill('Security contact form of the vendor.');
  await page.getByLabel('Customers and vendor told within (hours)').fill('72');
  await page.getByLabel('Evidence preservation').fill('Snapshot logs to the evidence bucket; read-only for the lead.');
  await page.getByLabel('Post-incident review').fill('Within five working days; actions tracked in the tracker.');
}

test('an incident-response plan: filled with three contacts and levels, published, attached, exported as PDF; version 2 supersedes it and the sign-off goes stale', async ({ page, browser }) => {
  test.setTimeout(240_000);
  const admin = createUserViaCli({ admin: true });
  const ann = createUserViaCli({ name: 'Ann Planner' });
  const rob = createUserViaCli({ name: 'Rob Checker' });
  const teamId = createTeamWith(admin, [
    { user: ann, role: 'member' },
    { user: rob, role: 'reviewer' },
  ]);
  await signIn(page, ann);
  const planPath = await startPlan(page, teamId, 'Security incident response plan', 'Review app incident response');

  await test.step('fill the guided form; completeness rises and the draft saves itself', async () => {
    await expect(page.getByRole('navigation', { name: 'Plan sections' })).toContainText('0 of 1 required filled');
    await fillIncidentResponsePlan(page);
    await waitForSave(page);
    const nav = page.getByRole('navigation', { name: 'Plan sections' });
    await expect(nav.getByRole('meter', { name: 'Roles and contacts completeness' })).toHaveAttribute('value', '100');
    await expect(nav.getByRole('meter', { name: 'Communication completeness' })).toHaveAttribute('value', '100');
    await page.reload();
    await expect(page.getByRole('group', { name: 'Contact 3' }).getByLabel('Name')).toHaveValue('Priya Natarajan');
    await expectNoAxeViolations(page, 'plan editor');
  });

  await test.step('publishing asks first and names the consequence; Cancel changes nothing; then version 1', async () => {
    await page.getByRole('button', { name: 'Publish as a new version' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish this plan as a new version?' });
    await expect(dialog).toContainText('A published version is immutable');
    await expect(dialog).toContainText('their sign-offs go stale');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('None yet. Publishing the draft makes version 1')).toBeVisible();
    await page.getByRole('button', { name: 'Publish as a new version' }).click();
    await dialog.getByRole('button', { name: 'Publish the new version' }).click();
    await expect(page.getByText('Published version 1.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Version 1' })).toBeVisible();
  });

  const checklist = await createAssessment(page, teamId, { appName: 'Planned App', kind: 'Forge app', baseUrl: 'https://planned.example.com', launch: '2027-06-01', profile: profileByQuestion(NO_TO_ALL) });
  await test.step('attach version 1 to the incident-response item, which a reviewer signs off', async () => {
    await page.goto(`${checklist}/items/${IR_ITEM}`);
    await page.getByLabel('Status').selectOption('met');
    await page.getByLabel('Why it is met without evidence').fill('The published plan is attached right after this save.');
    await page.getByRole('button', { name: 'Save item' }).click();
    await expect(page.getByText(/^Saved:/)).toBeVisible();
    await expect(page.getByLabel('Published plan')).toContainText('Review app incident response (version 1) — suggested for this item');
    await page.getByRole('button', { name: 'Attach plan' }).click();
    await expect(page.getByRole('link', { name: 'Review app incident response — version 1' })).toBeVisible();
    const robContext = await browser.newContext();
    const robPage = await robContext.newPage();
    await signIn(robPage, rob);
    await robPage.goto(`${checklist}/items/${IR_ITEM}`);
    await robPage.getByRole('region', { name: 'Review' }).getByRole('button', { name: 'Approve and sign off' }).click();
    await expect(robPage.getByRole('region', { name: 'Review' })).toContainText('✓ Signed off by Rob Checker');
    await robContext.close();
  });

  await test.step('export version 1 as PDF and Markdown: the contacts are in the text', async () => {
    await page.getByRole('link', { name: 'Review app incident response — version 1' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /version 1/ })).toBeVisible();
    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download PDF' }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toBe('Review app incident response v1.pdf');
    const { text } = await pdfText(await download.path());
    for (const c of CONTACTS) expect(text).toContain(c.name);
    for (const l of LEVELS) expect(text).toContain(l.name);
    expect(text).toMatch(/page 1 of \d+/);
    const exportUrl = (await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href'))!;
    const wrongFormat = await page.request.get(exportUrl.replace('format=pdf', 'format=exe'));
    expect(wrongFormat.status()).toBe(400);
    expect((await wrongFormat.json()).error).toBe('Choose format=pdf or format=md.');
    expect((await page.request.get(exportUrl.replace(/versions\/1\//, 'versions/99/'))).status()).toBe(404);
    const mdDownload = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download Markdown' }).click();
    const markdown = readFileSync(await (await mdDownload).path(), 'utf8');
    expect(markdown).toContain('## Roles and contacts');
    expect(markdown).toContain('Name: Dana Lee');
  });

  await test.step('publish version 2: the attached version says superseded and the sign-off is stale', async () => {
    await page.goto(planPath);
    await page.getByRole('group', { name: 'Contact 1' }).getByLabel('Phone').fill('+1 555 0199');
    await waitForSave(page);
    await page.getByRole('button', { name: 'Publish as a new version' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Publish the new version' }).click();
    await expect(page.getByText(/Published version 2\. 1 attached copy of earlier versions now shows? as superseded\./)).toBeVisible();
    await page.goto(`${checklist}/items/${IR_ITEM}`);
    await expect(page.getByRole('row', { name: /version 1/ })).toContainText('Superseded');
    await expect(page.getByRole('region', { name: 'Review' })).toContainText('Sign-off stale');
    await page.goto(`${planPath}/compare?a=1&b=2`);
    await expect(page.getByRole('row', { name: /Response team/ })).toContainText('changed');
    await expect(page.getByText('1 field differ.')).toBeVisible();
  });
});

test('two people editing one draft: the second save gets a conflict, not a silent overwrite', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const admin = createUserViaCli({ admin: true });
  const ann = createUserViaCli({ name: 'Ann Drafter' });
  const bob = createUserViaCli({ name: 'Bob Drafter' });
  const teamId = createTeamWith(admin, [
    { user: ann, role: 'member' },
    { user: bob, role: 'member' },
  ]);
  await signIn(page, ann);
  const planPath = await startPlan(page, teamId, 'Disaster recovery and business continuity plan', 'Shared DR plan');
  const bobContext = await browser.newContext();
  const bobPage = await bobContext.newPage();
  await signIn(bobPage, bob);
  await bobPage.goto(planPath);

  await page.getByLabel('Failover arrangements').fill('Ann: automatic failover of the database.');
  await waitForSave(page);
  await bobPage.getByLabel('Exercise schedule').fill('Bob: quarterly restore tests.');
  await expect(bobPage.getByRole('alert').filter({ hasText: 'Ann Drafter saved this draft' })).toBeVisible({ timeout: 15_000 });
  await expect(bobPage.getByRole('status').filter({ hasText: 'Not saved: someone else changed this draft.' })).toBeVisible();

  await bobPage.getByRole('button', { name: 'Load their version' }).click();
  await expect(bobPage.getByLabel('Failover arrangements')).toHaveValue('Ann: automatic failover of the database.');
  await expect(bobPage.getByLabel('Exercise schedule')).toHaveValue('');
  await bobPage.getByLabel('Exercise schedule').fill('Bob: quarterly restore tests.');
  await waitForSave(bobPage);
  await page.reload();
  await expect(page.getByLabel('Failover arrangements')).toHaveValue('Ann: automatic failover of the database.');
  await expect(page.getByLabel('Exercise schedule')).toHaveValue('Bob: quarterly restore tests.');
  await bobContext.close();
});

test('bad plan input: negative RTO, invalid email, 1 MB field, 1,000 steps, publishing incomplete — field errors, and the bad values are never saved', async ({ page }) => {
  test.setTimeout(120_000);
  const admin = createUserViaCli({ admin: true });
  const ann = createUserViaCli({ name: 'Ann Tester' });
  const teamId = createTeamWith(admin, [{ user: ann, role: 'member' }]);
  await signIn(page, ann);
  await startPlan(page, teamId, 'Disaster recovery and business continuity plan', 'Bad input DR');
  const status = page.getByRole('status').filter({ hasText: /^Draft saved at .*, except 1 field to fix\.$/ });

  await page.getByRole('button', { name: 'Add system' }).click();
  const system = page.getByRole('group', { name: 'System 1' });
  await system.getByLabel('System').fill('Tenant database');
  await system.getByLabel('RTO (hours)').fill('-4');
  await expect(status).toBeVisible({ timeout: 15_000 });
  await expect(system.getByText('Enter 0 or more.')).toBeVisible();
  await system.getByLabel('RTO (hours)').fill('4');
  await waitForSave(page);

  await page.getByLabel('Failover arrangements').fill('x'.repeat(1_000_000));
  await expect(status).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText('Use at most 5,000 characters.')).toBeVisible();
  await page.getByLabel('Failover arrangements').fill('Manual failover by the on-call engineer.');
  await waitForSave(page);

  await test.step('1,000 restore steps sent straight to the server are refused with the limit', async () => {
    await expect(page.getByRole('button', { name: 'Add a step to restore steps' })).toBeEnabled();
    await page.getByLabel('Exercise schedule').fill('Yearly');
    const action = await captureServerAction(page, () => page.getByRole('button', { name: 'Save draft now' }).click());
    await waitForSave(page);
    const args = JSON.parse(action.body) as [{ planId: string; version: number; title: string; nextReviewDate: string; lastExercisedDate: string; content: Record<string, Record<string, unknown>> }];
    const input = args[0];
    input.content.restore = { steps: Array.from({ length: 1000 }, (_, i) => `step ${i + 1}`) };
    const reply = await callServerAction(page.context(), action, [input]);
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('At most 200 steps.');
    await page.reload();
    await expect(page.getByLabel('Restore steps: step 1')).toHaveCount(0);
    await expect(page.getByLabel('Exercise schedule')).toHaveValue('Yearly');
  });

  await test.step('publishing an incomplete plan names what is missing', async () => {
    await page.getByRole('button', { name: 'Publish as a new version' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Publish the new version' }).click();
    await expect(page.getByText('The plan is not complete yet: fill the highlighted fields before publishing.')).toBeVisible();
    await expect(page.getByText('How often is required.')).toBeVisible();
    await expect(page.getByText('None yet. Publishing the draft makes version 1')).toBeVisible();
  });

  await test.step('an invalid contact email in an incident-response plan', async () => {
    await startPlan(page, teamId, 'Security incident response plan', 'Bad input IR');
    await page.getByRole('button', { name: 'Add contact' }).click();
    const contact = page.getByRole('group', { name: 'Contact 1' });
    await contact.getByLabel('Name').fill('Dana');
    await contact.getByLabel('Email').fill('dana at example');
    await expect(page.getByRole('status').filter({ hasText: 'except 1 field to fix.' })).toBeVisible({ timeout: 15_000 });
    await expect(contact.getByText('Enter an email address like name@example.com.')).toBeVisible();
  });
  await signOut(page);
});

test('one invalid field never loses the others: the rest autosaves, the error shows by the field and the button, and leaving asks first', async ({ page }) => {
  test.setTimeout(120_000);
  const admin = createUserViaCli({ admin: true });
  const ann = createUserViaCli({ name: 'Ann Keeper' });
  const teamId = createTeamWith(admin, [{ user: ann, role: 'member' }]);
  await signIn(page, ann);
  await startPlan(page, teamId, 'Security incident response plan', 'Keeps the rest');
  const planUrl = page.url();
  await page.getByRole('button', { name: 'Add contact' }).click();
  const contact = page.getByRole('group', { name: 'Contact 1' });
  await contact.getByLabel('Name').fill('Dana Lee');
  await contact.getByLabel('Email').fill('dana@example.com');
  await page.getByRole('button', { name: 'Add level' }).click();
  const level = page.getByRole('group', { name: 'Level 1' });
  await level.getByLabel('Level name').fill('SEV-1 Critical');
  await level.getByLabel('Definition').fill('Tenant data exposed.');
  // A number box only takes numbers; 0 minutes is still out of range.
  await expect(level.getByLabel('Response time (minutes)')).toHaveAttribute('type', 'number');
  await level.getByLabel('Response time (minutes)').fill('0');
  await expect(page.getByRole('status').filter({ hasText: /^Draft saved at .*, except 1 field to fix\.$/ })).toBeVisible({ timeout: 15_000 });
  await expect(level.getByText('Enter 1 or more.')).toBeVisible();
  // The section with the bad value is not shown as complete.
  await expect(page.getByRole('navigation', { name: 'Plan sections' }).getByRole('listitem').filter({ hasText: 'Severity levels' })).toContainText('0 of 1 required filled');

  await page.getByRole('button', { name: 'Save draft now' }).click();
  const byButton = page.getByRole('alert').filter({ hasText: 'Everything else is saved, but 1 field still needs fixing.' });
  await expect(byButton).toBeVisible();
  await byButton.getByRole('link', { name: 'Go to the first one' }).click();
  await expect(level.getByLabel('Response time (minutes)')).toBeFocused();

  // Leaving asks first; staying keeps the page as it is.
  const asked = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const dialog = await asked;
  expect(dialog.type()).toBe('beforeunload');
  await dialog.dismiss();
  expect(page.isClosed()).toBe(false);

  // What was valid is stored: a fresh page shows the contact and the level, with the bad number left out.
  const fresh = await page.context().newPage();
  await fresh.goto(planUrl);
  await expect(fresh.getByRole('group', { name: 'Contact 1' }).getByLabel('Name')).toHaveValue('Dana Lee');
  await expect(fresh.getByRole('group', { name: 'Contact 1' }).getByLabel('Email')).toHaveValue('dana@example.com');
  await expect(fresh.getByRole('group', { name: 'Level 1' }).getByLabel('Level name')).toHaveValue('SEV-1 Critical');
  await expect(fresh.getByRole('group', { name: 'Level 1' }).getByLabel('Response time (minutes)')).toHaveValue('');
  // Fixed, it saves whole, and leaving no longer asks.
  await level.getByLabel('Response time (minutes)').fill('15');
  await waitForSave(page);
  await page.close({ runBeforeUnload: true });
  await fresh.reload();
  await expect(fresh.getByRole('group', { name: 'Level 1' }).getByLabel('Response time (minutes)')).toHaveValue('15');
});
