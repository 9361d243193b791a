import { expect, test, type Page } from '@playwright/test';
import { applicableItems, catalog, profileByQuestion } from './support/catalog';
import { callServerAction, captureServerAction, createAssessment, createTeamWith, createUserViaCli, signIn, signOut } from './support/fixtures';

const profile = {
  runsOwnServers: false,
  hasCustomDomains: false,
  hasBrowserSessions: true,
  storesCustomerData: true,
  usesObjectStorage: false,
  usesOAuth: false,
  makesOutboundRequests: false,
};
const title = (id: string) => catalog.itemsById.get(id)!.title;

async function openItem(page: Page, checklist: string, id: string) {
  await page.goto(checklist);
  await page.getByRole('link', { name: title(id), exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: title(id) })).toBeVisible();
}

async function save(page: Page) {
  await page.getByRole('button', { name: /^Save/ }).click();
  await expect(page.getByText(/^Saved:/)).toBeVisible();
}

test('create an assessment, answer its profile, fill ten items across every status; progress adds up and survives a reload', async ({ page }) => {
  // Thirty-odd page loads and saves: generous on a loaded 2-core CI machine.
  test.setTimeout(300_000);
  const admin = createUserViaCli({ admin: true });
  const member = createUserViaCli({ name: `Mia Member ${Date.now()}` });
  const teamId = createTeamWith(admin, [{ user: member, role: 'member' }]);
  await signIn(page, member);

  const checklist = await createAssessment(page, teamId, { appName: 'Checkout Forge', kind: 'Forge app', baseUrl: 'https://checkout.example.com', launch: '2027-03-01', profile: profileByQuestion(profile) });
  const answers = { ...profile, connectApp: false };
  const applicable = applicableItems(answers);

  await test.step('items the profile excludes are N/A with the reason', async () => {
    await expect(page.getByText(`0 / ${applicable.length} applicable items met or not applicable`)).toBeVisible();
    await expect(page.getByText(`${catalog.items.length - applicable.length} excluded by the profile`)).toBeVisible();
    const connectRow = page.getByRole('row', { name: new RegExp(title('authn-connect-jwt')) });
    await expect(connectRow).toContainText('Not applicable');
    await expect(connectRow).toContainText('The app is not a Connect app.');
    const bucketRow = page.getByRole('row', { name: new RegExp(title('data-encrypt-at-rest-object-storage')) });
    await expect(bucketRow).toContainText('The app uses no object storage buckets.');
    await expect(page.getByRole('row', { name: new RegExp(title('data-encrypt-at-rest-databases')) })).toContainText('Not started');
  });

  await test.step('met ×3; without evidence each needs a reason', async () => {
    for (const [i, id] of ['authn-every-request', 'authz-every-request', 'input-validate-server-side'].entries()) {
      await openItem(page, checklist, id);
      await page.getByLabel('Status').selectOption('met');
      await page.getByRole('checkbox').first().check();
      if (i === 0) {
        await page.getByRole('button', { name: 'Save item' }).click();
        await expect(page.getByText('No evidence is attached. Say why this item is met without it, so a reviewer can check the claim (at least 10 characters).').first()).toBeVisible();
      }
      await page.getByLabel('Why it is met without evidence').fill('Checked route by route in the staging gateway config.');
      await save(page);
    }
  });

  await test.step('in progress ×2', async () => {
    for (const id of ['output-context-encoding', 'crypto-approved-algorithms']) {
      await openItem(page, checklist, id);
      await page.getByLabel('Status').selectOption('in_progress');
      await save(page);
    }
  });

  await test.step('partially met needs a plan with a date', async () => {
    await openItem(page, checklist, 'secrets-rotated');
    await page.getByLabel('Status').selectOption('partially_met');
    await page.getByRole('button', { name: 'Save item' }).click();
    await expect(page.getByText('Choose a plan to close the gap or a risk acceptance.')).toBeVisible();
    await page.getByRole('radio', { name: 'Plan to close it' }).check();
    await page.getByLabel('What is missing and how it will be closed').fill('Database credentials rotate; API keys still manual.');
    await page.getByRole('button', { name: 'Save item' }).click();
    await expect(page.getByText('Say by when the gap will be closed.')).toBeVisible();
    await page.getByLabel('Closed by').fill('2027-02-01');
    await save(page);
  });

  await test.step('not met with a risk acceptance', async () => {
    await openItem(page, checklist, 'sdlc-threat-modelling');
    await page.getByLabel('Status').selectOption('not_met');
    await page.getByRole('radio', { name: 'Risk accepted' }).check();
    await page.getByLabel('Which risk is accepted, and why').fill('Launching without a threat model for v1; the design is small.');
    await page.getByRole('button', { name: 'Save item' }).click();
    await expect(page.getByText('Choose who accepts the risk.')).toBeVisible();
    await expect(page.getByText('Say until when the risk is accepted.')).toBeVisible();
    await page.getByLabel('Accepted by').selectOption({ label: `${member.name} (member)` });
    await page.getByLabel('Accepted until').fill(new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10));
    await save(page);
  });

  await test.step('not applicable ×2 needs a justification', async () => {
    for (const id of ['sdlc-dependency-scanning', 'leak-referer-tokens']) {
      await openItem(page, checklist, id);
      await page.getByLabel('Status').selectOption('not_applicable');
      await page.getByRole('button', { name: 'Save item' }).click();
      await expect(page.getByText('Explain why this item does not apply (at least 10 characters).')).toBeVisible();
      await page.getByLabel('Why it does not apply').fill('Handled entirely by the platform we deploy on.');
      await save(page);
    }
  });

  await test.step('not started, but owned and due', async () => {
    await openItem(page, checklist, 'log-no-secrets');
    await page.getByLabel('Owner').selectOption({ label: member.name });
    await page.getByLabel('Due date').fill('2027-01-15');
    await save(page);
    await expect(page.getByRole('table').filter({ hasText: 'owner' })).toContainText(member.name);
  });

  const expectProgress = async () => {
    await page.goto(checklist);
    const percent = Math.floor((5 / applicable.length) * 100);
    await expect(page.getByText(`${percent} % ready`)).toBeVisible();
    await expect(page.getByText(`5 / ${applicable.length} applicable items met or not applicable`)).toBeVisible();
    const inputCategory = page.getByRole('region', { name: /Input validation and output encoding/ });
    await expect(inputCategory.getByText('1 of 3 done · 33 %')).toBeVisible();
    const sdlc = page.getByRole('region', { name: /Software Development Lifecycle/ });
    await expect(sdlc.getByText('1 of 6 done · 16 %')).toBeVisible();
    const statuses: [string, string][] = [
      ['authn-every-request', 'Met'],
      ['output-context-encoding', 'In progress'],
      ['secrets-rotated', 'Partially met'],
      ['sdlc-threat-modelling', 'Not met'],
      ['leak-referer-tokens', 'Not applicable'],
      ['log-no-secrets', 'Not started'],
    ];
    for (const [id, status] of statuses) await expect(page.getByRole('row', { name: new RegExp(title(id)) })).toContainText(status);
    await expect(page.getByRole('row', { name: new RegExp(title('log-no-secrets')) })).toContainText(member.name);
  };
  await test.step('progress per category and overall', expectProgress);
  await test.step('filters: status, assigned to me, search', async () => {
    await page.getByLabel('Status').selectOption('met');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByText(`Showing 3 of ${catalog.items.length} items.`)).toBeVisible();
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await expect(page.getByText(/^Showing \d+ of/)).toHaveCount(0);
    await page.getByLabel('Owner').selectOption('me');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByText(`Showing 1 of ${catalog.items.length} items.`)).toBeVisible();
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await expect(page.getByText(/^Showing \d+ of/)).toHaveCount(0);
    await page.getByLabel('Search').fill('threat model');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByRole('link', { name: title('sdlc-threat-modelling') })).toBeVisible();
    await expect(page.getByText(`Showing 1 of ${catalog.items.length} items.`)).toBeVisible();
  });
  await test.step('reload keeps everything', async () => {
    await page.reload();
    await expectProgress();
    await openItem(page, checklist, 'secrets-rotated');
    await expect(page.getByLabel('Closed by')).toHaveValue('2027-02-01');
    await expect(page.getByRole('cell', { name: /status: Not started → Partially met/ })).toBeVisible();
  });
  await test.step('the team list shows readiness', async () => {
    await page.goto(`/teams/${teamId}`);
    await expect(page.getByRole('row', { name: /Checkout Forge/ })).toContainText(`${Math.floor((5 / applicable.length) * 100)} % (5 of ${applicable.length})`);
  });
});

test('answering the profile again moves items in and out of N/A', async ({ page }) => {
  const admin = createUserViaCli({ admin: true });
  const member = createUserViaCli();
  const teamId = createTeamWith(admin, [{ user: member, role: 'member' }]);
  await signIn(page, member);
  const checklist = await createAssessment(page, teamId, { appName: 'Bucket App', kind: 'Other', baseUrl: 'http://localhost:8080', launch: '2027-05-01', profile: profileByQuestion(profile) });
  const bucketRow = () => page.getByRole('row', { name: new RegExp(title('server-object-storage-locked-down')) });
  await expect(bucketRow()).toContainText('Not applicable');
  await page.getByRole('link', { name: 'Settings and profile' }).click();
  await page.getByRole('group', { name: catalog.profileQuestions.find((q) => q.id === 'usesObjectStorage')!.question }).getByRole('radio', { name: 'Yes' }).check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  const preview = page.getByRole('dialog', { name: 'Apply these profile changes?' });
  await expect(preview.getByRole('list', { name: /Start applying \(3\)/ })).toContainText(title('server-object-storage-locked-down'));
  await preview.getByRole('button', { name: 'Apply changes' }).click();
  await expect(page.getByText(/Saved\. 3 items now apply, 0 no longer apply\./)).toBeVisible();
  await page.goto(checklist);
  await expect(bucketRow()).toContainText('Not started');
});

test('two people save one item: the second gets a conflict that shows the first change and keeps their own text', async ({ browser }) => {
  const admin = createUserViaCli({ admin: true });
  const ann = createUserViaCli({ name: `Ann ${Date.now()}` });
  const bob = createUserViaCli({ name: `Bob ${Date.now()}` });
  const setup = await browser.newPage();
  const teamId = createTeamWith(admin, [{ user: ann, role: 'member' }, { user: bob, role: 'member' }]);
  await signIn(setup, ann);
  const checklist = await createAssessment(setup, teamId, { appName: 'Shared App', kind: 'Forge app', baseUrl: 'https://shared.example.com', launch: '2027-04-01', profile: profileByQuestion(profile) });
  await setup.close();

  const annContext = await browser.newContext();
  const bobContext = await browser.newContext();
  const annPage = await annContext.newPage();
  const bobPage = await bobContext.newPage();
  await signIn(annPage, ann);
  await signIn(bobPage, bob);
  await openItem(annPage, checklist, 'secrets-not-in-source');
  await openItem(bobPage, checklist, 'secrets-not-in-source');

  await annPage.getByLabel('Status').selectOption('met');
  await annPage.getByLabel('Why it is met without evidence').fill('Vault is the only secret store; see notes.');
  await annPage.getByLabel('Notes (Markdown)').fill('Ann: secrets come from Vault.');
  await save(annPage);

  await bobPage.getByLabel('Notes (Markdown)').fill('Bob: we also scan with gitleaks.');
  await bobPage.getByRole('button', { name: 'Save item' }).click();
  const conflict = bobPage.getByRole('alert').filter({ hasText: 'saved this item while you were editing' });
  await expect(conflict).toContainText(ann.name);
  await expect(conflict).toContainText('Ann: secrets come from Vault.');
  await expect(conflict).toContainText('Met');
  await expect(bobPage.getByLabel('Notes (Markdown)')).toHaveValue('Bob: we also scan with gitleaks.');

  // Ann's text is still stored.
  await annPage.reload();
  await expect(annPage.getByRole('region', { name: 'Notes' })).toContainText('Ann: secrets come from Vault.');

  // Bob merges and saves over Ann's version on purpose.
  await bobPage.getByLabel('Notes (Markdown)').fill('Ann: secrets come from Vault.\n\nBob: we also scan with gitleaks.');
  await bobPage.getByRole('button', { name: 'Save my version' }).click();
  await expect(bobPage.getByText(/^Saved:/)).toBeVisible();
  await bobPage.reload();
  await expect(bobPage.getByRole('region', { name: 'Notes' })).toContainText('Ann: secrets come from Vault.');
  await expect(bobPage.getByRole('region', { name: 'Notes' })).toContainText('Bob: we also scan with gitleaks.');
  await expect(bobPage.getByLabel('Status')).toHaveValue('met');
  await Promise.all([annContext.close(), bobContext.close()]);
});

test('adding evidence first, then marking the item met, saves: evidence, by anyone, never makes the form stale', async ({ browser }) => {
  const admin = createUserViaCli({ admin: true });
  const mo = createUserViaCli({ name: `Mo ${Date.now()}` });
  const bob = createUserViaCli({ name: `Bob ${Date.now()}` });
  const setup = await browser.newPage();
  const teamId = createTeamWith(admin, [{ user: mo, role: 'member' }, { user: bob, role: 'member' }]);
  await signIn(setup, mo);
  const checklist = await createAssessment(setup, teamId, { appName: 'Proof First', kind: 'Forge app', baseUrl: 'https://proof.example.com', launch: '2027-04-01', profile: profileByQuestion(profile) });
  await setup.close();
  const [moContext, bobContext] = await Promise.all([browser.newContext(), browser.newContext()]);
  const [moPage, bobPage] = await Promise.all([moContext.newPage(), bobContext.newPage()]);
  await signIn(moPage, mo);
  await signIn(bobPage, bob);
  await openItem(moPage, checklist, 'secrets-not-in-source');
  await openItem(bobPage, checklist, 'secrets-not-in-source');

  await moPage.getByLabel('Link title').fill('Secret scan');
  await moPage.getByLabel('Link address').fill('https://ci.example.com/gitleaks/42');
  await moPage.getByRole('button', { name: 'Add link' }).click();
  await expect(moPage.getByRole('row', { name: /Secret scan/ })).toBeVisible();
  // Someone else adds proof while Mo's form is open.
  await bobPage.getByLabel('Link title').fill('Vault policy');
  await bobPage.getByLabel('Link address').fill('https://vault.example.com/policy');
  await bobPage.getByRole('button', { name: 'Add link' }).click();
  await expect(bobPage.getByRole('row', { name: /Vault policy/ })).toBeVisible();

  await moPage.getByLabel('Status').selectOption('met');
  await moPage.getByRole('button', { name: 'Save item' }).click();
  await expect(moPage.getByText(/^Saved:/)).toContainText('status');
  await expect(moPage.getByText('saved this item while you were editing')).toHaveCount(0);
  await moPage.reload();
  await expect(moPage.getByLabel('Status')).toHaveValue('met');
  // Bob's open form (opened before Mo's save) is a real conflict, and names Mo with what Mo changed.
  await bobPage.getByLabel('Notes (Markdown)').fill('Bob: Vault is the only source.');
  await bobPage.getByRole('button', { name: 'Save item' }).click();
  const conflict = bobPage.getByRole('alert').filter({ hasText: 'saved this item while you were editing' });
  await expect(conflict).toContainText(mo.name);
  await expect(conflict).toContainText('Met');
  await Promise.all([moContext.close(), bobContext.close()]);
});

test('team B gets not-found on team A’s assessment, and a direct action call with team A’s ids changes nothing', async ({ browser }) => {
  const admin = createUserViaCli({ admin: true });
  const alice = createUserViaCli();
  const mallory = createUserViaCli();
  const setup = await browser.newPage();
  const teamA = createTeamWith(admin, [{ user: alice, role: 'member' }]);
  const teamB = createTeamWith(admin, [{ user: mallory, role: 'member' }]);
  await signIn(setup, alice);
  const checklistA = await createAssessment(setup, teamA, { appName: 'Team A App', kind: 'Forge app', baseUrl: 'https://a.example.com', launch: '2027-04-01', profile: profileByQuestion(profile) });
  const assessmentA = checklistA.split('/').pop()!;
  await setup.close();

  const malloryContext = await browser.newContext();
  const page = await malloryContext.newPage();
  await signIn(page, mallory);
  const checklistB = await createAssessment(page, teamB, { appName: 'Team B App', kind: 'Forge app', baseUrl: 'https://b.example.com', launch: '2027-04-01', profile: profileByQuestion(profile) });

  for (const path of [checklistA, `${checklistA}/items/authn-every-request`, `${checklistA}/settings`, `${checklistA}/upgrade`, `/teams/${teamA}`, `/teams/${teamA}/assessments/new`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
  }
  // Team A's assessment under team B's URL is not found either.
  expect((await page.goto(`/teams/${teamB}/assessments/${assessmentA}`))?.status()).toBe(404);

  await openItem(page, checklistB, 'authn-every-request');
  await page.getByLabel('Status').selectOption('met');
  await page.getByLabel('Why it is met without evidence').fill('Checked in the gateway configuration.');
  const action = await captureServerAction(page, () => page.getByRole('button', { name: 'Save item' }).click());
  await expect(page.getByText(/^Saved:/)).toBeVisible();
  const forged = JSON.parse(action.body)[0];
  const result = await callServerAction(malloryContext, action, [{ ...forged, assessmentId: assessmentA, version: 1, status: 'not_met', gapResponse: 'risk_acceptance', gapText: 'Mallory accepts all the risk.', riskAcceptedById: crypto.randomUUID(), gapDueDate: '2099-01-01' }]);
  expect(result.text).toContain('Not found.');

  const alicePage = await browser.newPage();
  await signIn(alicePage, alice);
  await alicePage.goto(checklistA);
  await expect(alicePage.getByRole('row', { name: new RegExp(title('authn-every-request')) })).toContainText('Not started');
  await alicePage.goto(`${checklistA}/items/authn-every-request`);
  await expect(alicePage.getByText('No changes yet.')).toBeVisible();
  await malloryContext.close();
});

test('notes with HTML and script are shown as text and never run', async ({ page }) => {
  const admin = createUserViaCli({ admin: true });
  const member = createUserViaCli();
  const teamId = createTeamWith(admin, [{ user: member, role: 'member' }]);
  await signIn(page, member);
  const checklist = await createAssessment(page, teamId, { appName: 'XSS App', kind: 'Forge app', baseUrl: 'https://xss.example.com', launch: '2027-04-01', profile: profileByQuestion(profile) });
  let dialogs = 0;
  page.on('dialog', async (d) => {
    dialogs += 1;
    await d.dismiss();
  });
  await openItem(page, checklist, 'output-context-encoding');
  const payload = 'Look: <img src=x onerror="window.__xss=1"> and <script>window.__xss=2;alert(1)</script> [link](https://example.com/doc)';
  await page.getByLabel('Notes (Markdown)').fill(payload);
  await page.getByRole('button', { name: 'Preview notes' }).click();
  await expect(page.getByText('<script>window.__xss=2;alert(1)</script>', { exact: false }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Edit notes' }).click();
  await save(page);
  await page.reload();
  const notes = page.getByRole('region', { name: 'Notes' });
  await expect(notes).toContainText('<img src=x onerror="window.__xss=1">');
  await expect(notes).toContainText('<script>window.__xss=2;alert(1)</script>');
  await expect(notes.locator('img, script')).toHaveCount(0);
  await expect(notes.getByRole('link', { name: 'link' })).toHaveAttribute('rel', 'noopener noreferrer nofollow');
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toBe(0);
});

test('bad input on items and assessments gets field errors, never a 500', async ({ page, context }) => {
  const admin = createUserViaCli({ admin: true });
  const member = createUserViaCli();
  const auditor = createUserViaCli();
  const teamId = createTeamWith(admin, [{ user: member, role: 'member' }]);
  await signIn(page, member);

  await test.step('assessment form: http base URL on a public host, missing answers, year 10000', async () => {
    await page.goto(`/teams/${teamId}/assessments/new`);
    await page.getByLabel('App name').fill('a'.repeat(10_000));
    await page.getByLabel('Base URL').fill('http://app.example.com');
    await page.getByRole('button', { name: 'Create assessment' }).click();
    await expect(page.getByText('Use at most 100 characters.')).toBeVisible();
    await expect(page.getByText('Use https. Plain http is only accepted for localhost.')).toBeVisible();
    await expect(page.getByText('Choose the kind of app.')).toBeVisible();
    await expect(page.getByText('Answer yes or no.').first()).toBeVisible();
    await expect(page.getByText('Enter a date like 2027-03-31.')).toBeVisible();
  });

  const checklist = await createAssessment(page, teamId, { appName: 'Bad Input App', kind: 'Forge app', baseUrl: 'https://bad.example.com', launch: '2027-04-01', profile: profileByQuestion(profile) });
  await openItem(page, checklist, 'crypto-csprng-keys');

  await test.step('item form: N/A without justification, 1 MB of notes', async () => {
    await page.getByLabel('Status').selectOption('not_applicable');
    await page.getByLabel('Notes (Markdown)').fill('n'.repeat(1_000_000));
    await page.getByRole('button', { name: 'Save item' }).click();
    await expect(page.getByText('Explain why this item does not apply (at least 10 characters).')).toBeVisible();
    await expect(page.getByText('Notes can hold at most 20,000 characters.')).toBeVisible();
  });

  await test.step('server action called directly: year 10000, owner from another team, unknown status, huge notes', async () => {
    await page.getByLabel('Status').selectOption('met');
    await page.getByLabel('Why it is met without evidence').fill('Keys come from the platform CSPRNG.');
    await page.getByLabel('Notes (Markdown)').fill('fine');
    const action = await captureServerAction(page, () => page.getByRole('button', { name: 'Save item' }).click());
    await expect(page.getByText(/^Saved:/)).toBeVisible();
    const valid = JSON.parse(action.body)[0];
    const version = valid.version + 1;
    const cases: [Record<string, unknown>, string][] = [
      [{ dueDate: '10000-01-01' }, 'Enter a date like 2027-03-31.'],
      [{ dueDate: '2027-02-30' }, 'This date does not exist.'],
      [{ ownerId: crypto.randomUUID() }, 'Choose someone on this team.'],
      [{ status: 'done-ish' }, 'Choose a status.'],
      [{ notes: 'x'.repeat(1_000_000) }, 'Notes can hold at most 20,000 characters.'],
      [{ criteriaMet: ['ac99'] }, 'Unknown acceptance criterion.'],
    ];
    for (const [patch, message] of cases) {
      const r = await callServerAction(context, action, [{ ...valid, version, ...patch }]);
      expect(r.status, JSON.stringify(patch).slice(0, 60)).toBe(200);
      expect(r.text, JSON.stringify(patch).slice(0, 60)).toContain(message);
    }
    const garbage = await callServerAction(context, action, ['not an object']);
    expect(garbage.status).toBe(200);
    expect(garbage.text).toContain('Please correct the highlighted fields.');
    await page.reload();
    await expect(page.getByLabel('Notes (Markdown)')).toHaveValue('fine');
    await expect(page.getByLabel('Due date')).toHaveValue('');
  });

  await test.step('an auditor can read but not change', async () => {
    await signOut(page);
    // Give the auditor read access to the team.
    await signIn(page, admin);
    await page.goto(`/teams/${teamId}`);
    await page.getByLabel('Their email').fill(auditor.email);
    await page.getByLabel('Role', { exact: true }).selectOption('auditor');
    await page.getByRole('button', { name: 'Add to team' }).click();
    await expect(page.getByText(`${auditor.name} was added to the team.`)).toBeVisible();
    await signOut(page);
    await signIn(page, auditor);
    await page.goto(`${checklist}/items/crypto-csprng-keys`);
    await expect(page.getByRole('heading', { name: 'Answer' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save item' })).toHaveCount(0);
  });
});
