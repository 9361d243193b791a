import { expect, test, type Page } from '@playwright/test';
import { catalog, profileByQuestion } from './support/catalog';
import { expectNoAxeViolations } from './support/axe';
import { pdfFile } from './support/files';
import { callServerAction, captureServerAction, createAssessment, createTeamWith, createUserViaCli, signIn, signOffAllExcept, signOut } from './support/fixtures';
import { markItemMet as markMet } from './support/items';

const NO_TO_ALL = Object.fromEntries(catalog.profileQuestions.map((q) => [q.id, false]));
const FIRST = 'authn-every-request';
const SECOND = 'authz-every-request';
const titleOf = (id: string) => catalog.itemsById.get(id)!.title;


const reviewRegion = (page: Page) => page.getByRole('region', { name: 'Review' });
const digestOnPage = async (page: Page) => (await reviewRegion(page).locator('code').innerText()).trim();

test('four eyes, digest-bound sign-off, staleness on new evidence, change requests, and refusals that record nothing', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const admin = createUserViaCli({ admin: true });
  const ann = createUserViaCli({ name: 'Ann Author' });
  const rita = createUserViaCli({ name: 'Rita Reviewer' });
  const rob = createUserViaCli({ name: 'Rob Reviewer' });
  const rex = createUserViaCli({ name: 'Rex Elsewhere' });
  const teamId = createTeamWith(admin, [
    { user: ann, role: 'member' },
    { user: rita, role: 'reviewer' },
    { user: rob, role: 'reviewer' },
  ]);
  createTeamWith(admin, [{ user: rex, role: 'reviewer' }]);

  await signIn(page, ann);
  const checklist = await createAssessment(page, teamId, { appName: 'Review App', kind: 'Forge app', baseUrl: 'https://review.example.com', launch: '2027-06-01', profile: profileByQuestion(NO_TO_ALL) });
  await test.step('Ann claims two items; Rita owns the first, and Ann attaches a PDF to it', async () => {
    // The owner list warns that a reviewer made owner can no longer sign the item.
    await markMet(page, checklist, FIRST, `${rita.name} (reviewer: could not sign it off)`);
    await page.getByLabel('Choose files or drop them here').setInputFiles({ name: 'pentest.pdf', mimeType: 'application/pdf', buffer: pdfFile('pentest v1') });
    await expect(page.getByRole('link', { name: 'pentest.pdf' })).toBeVisible();
    await expect(reviewRegion(page)).toContainText('Not signed off yet');
    await markMet(page, checklist, SECOND, ann.name);
  });

  const robContext = await browser.newContext();
  const robPage = await robContext.newPage();
  await signIn(robPage, rob);
  const signOffAction = await test.step('Rob signs off the second item (the action is captured for replays below)', async () => {
    await robPage.goto(`${checklist}/items/${SECOND}`);
    const action = await captureServerAction(robPage, () => reviewRegion(robPage).getByRole('button', { name: 'Approve and sign off' }).click());
    await expect(reviewRegion(robPage).getByText('✓ Signed off')).toBeVisible();
    return action;
  });

  await signOut(page);
  await signIn(page, rita);
  await test.step('Rita owns the first item: the queue says why, the page has no sign-off control, a direct call is refused', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reviews' }).click();
    const row = page.getByRole('row', { name: new RegExp(titleOf(FIRST)) });
    await expect(row).toContainText('You can’t sign this one: You own this item');
    await row.getByRole('link', { name: titleOf(FIRST) }).click();
    await expect(reviewRegion(page)).toContainText('You can’t sign off this item. You own this item');
    await expect(page.getByRole('button', { name: 'Approve and sign off' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Request changes' })).toHaveCount(0);
    const digest = await digestOnPage(page);
    const assessmentId = checklist.split('/').at(-1)!;
    const replay = await callServerAction(page.context(), signOffAction, [{ assessmentId, catalogItemId: FIRST, digest, comment: 'self-approval' }]);
    expect(replay.text).toContain('You own this item, so someone else has to sign it off.');
    await page.reload();
    await expect(reviewRegion(page)).toContainText('Not signed off yet');
  });

  await test.step('Rex, a reviewer of another team, gets not-found and nothing is recorded', async () => {
    const rexContext = await browser.newContext();
    const rexPage = await rexContext.newPage();
    await signIn(rexPage, rex);
    const digest = await digestOnPage(page);
    const replay = await callServerAction(rexContext, signOffAction, [{ assessmentId: checklist.split('/').at(-1)!, catalogItemId: FIRST, digest, comment: '' }]);
    expect(replay.text).toContain('Not found.');
    await rexPage.goto('/reviews');
    await expect(rexPage.getByText('Nothing is waiting for review.')).toBeVisible();
    await rexContext.close();
    await page.reload();
    await expect(reviewRegion(page)).toContainText('Not signed off yet');
  });

  await test.step('an empty change request is refused beside the field; nothing is recorded', async () => {
    await robPage.goto(`${checklist}/items/${FIRST}`);
    await reviewRegion(robPage).getByRole('button', { name: 'Request changes' }).click();
    await expect(robPage.getByLabel('Review comment')).toHaveAttribute('aria-invalid', 'true');
    await expect(reviewRegion(robPage).getByText('Say what has to change.')).toBeVisible();
    await expectNoAxeViolations(robPage, 'item page with the review form and an error');
    await robPage.reload();
    await expect(reviewRegion(robPage).getByText(/Review history/)).toHaveCount(0);
  });

  await test.step('approving a state that changed after the page was opened is refused', async () => {
    const annContext = await browser.newContext();
    const annPage = await annContext.newPage();
    await signIn(annPage, ann);
    await annPage.goto(`${checklist}/items/${FIRST}`);
    await annPage.getByLabel('Link title').fill('Scanner run');
    await annPage.getByLabel('Link address').fill('https://scanner.example.com/run/1');
    await annPage.getByRole('button', { name: 'Add link' }).click();
    await expect(annPage.getByRole('link', { name: 'Scanner run' })).toBeVisible();
    await annContext.close();
    await reviewRegion(robPage).getByRole('button', { name: 'Approve and sign off' }).click();
    await expect(reviewRegion(robPage).getByRole('alert')).toContainText('This item changed after you opened it');
    await robPage.reload();
    await expect(reviewRegion(robPage)).toContainText('Not signed off yet');
  });

  await test.step('Rob approves the first item; it leaves his queue', async () => {
    await reviewRegion(robPage).getByLabel('Review comment').fill('Pen test report and scanner run checked.');
    await reviewRegion(robPage).getByRole('button', { name: 'Approve and sign off' }).click();
    await expect(reviewRegion(robPage)).toContainText('✓ Signed off by Rob Reviewer');
    await robPage.goto('/reviews');
    await expect(robPage.getByRole('link', { name: titleOf(FIRST) })).toHaveCount(0);
  });

  await signOut(page);
  await signIn(page, ann);
  await test.step('Ann replaces the PDF: the sign-off is stale on the item and the checklist, and the item is back in the queue', async () => {
    await page.goto(`${checklist}/items/${FIRST}`);
    await page.getByLabel('Replace pentest.pdf').setInputFiles({ name: 'pentest-v2.pdf', mimeType: 'application/pdf', buffer: pdfFile('pentest v2') });
    // The item is signed off, so new evidence asks first: it makes the sign-off stale.
    await page.getByRole('dialog', { name: 'Add evidence to a signed-off item?' }).getByRole('button', { name: 'Add it; the sign-off goes stale' }).click();
    await expect(page.getByRole('link', { name: 'pentest-v2.pdf' })).toBeVisible();
    await page.reload();
    await expect(reviewRegion(page)).toContainText('Sign-off stale');
    await page.goto(checklist);
    await expect(page.getByRole('row', { name: new RegExp(titleOf(FIRST)) })).toContainText('Stale');
    await expect(page.getByRole('row', { name: new RegExp(titleOf(SECOND)) })).toContainText('Signed');
    await robPage.goto('/reviews');
    await expect(robPage.getByRole('row', { name: new RegExp(titleOf(FIRST)) })).toContainText('Stale sign-off');
    await expectNoAxeViolations(robPage, 'review queue');
  });

  await test.step('Rob requests changes: the item goes back to in progress and Ann sees his comment', async () => {
    await robPage.getByRole('link', { name: titleOf(FIRST) }).click();
    await reviewRegion(robPage).getByLabel('Review comment').fill('The v2 report lacks the retest section.');
    await reviewRegion(robPage).getByRole('button', { name: 'Request changes' }).click();
    await expect(reviewRegion(robPage)).toContainText('Changes requested');
    await page.goto(`${checklist}/items/${FIRST}`);
    await expect(reviewRegion(page).getByRole('note')).toContainText('Changes requested by Rob Reviewer');
    await expect(reviewRegion(page).getByRole('note')).toContainText('The v2 report lacks the retest section.');
    await expect(page.getByLabel('Status')).toHaveValue('in_progress');
  });
  await robContext.close();
});

test('launch approval is refused while an item is unsigned, asks first and locks the assessment once given; only a reviewer reopens, and it is audited', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const admin = createUserViaCli({ admin: true });
  const ann = createUserViaCli({ name: 'Ann Launcher' });
  const rob = createUserViaCli({ name: 'Rob Approver' });
  const teamId = createTeamWith(admin, [
    { user: ann, role: 'member' },
    { user: rob, role: 'reviewer' },
  ]);
  await signIn(page, ann);
  const checklist = await createAssessment(page, teamId, { appName: 'Launch App', kind: 'Forge app', baseUrl: 'https://launch.example.com', launch: '2027-06-01', profile: profileByQuestion(NO_TO_ALL) });
  const assessmentId = checklist.split('/').at(-1)!;
  const signed = signOffAllExcept({ assessmentId, memberEmail: ann.email, reviewerEmail: rob.email, except: [FIRST] });
  expect(signed).toBeGreaterThan(10);
  await markMet(page, checklist, FIRST, ann.name);

  const robContext = await browser.newContext();
  const robPage = await robContext.newPage();
  await signIn(robPage, rob);
  const launch = robPage.getByRole('region', { name: 'Launch approval' });
  await test.step('one unsigned item blocks the approval', async () => {
    await robPage.goto(checklist);
    await expect(launch).toContainText('1 applicable item not signed off yet');
    await launch.getByRole('button', { name: 'Approve launch' }).click();
    await expect(launch.getByRole('alert')).toContainText(`Launch cannot be approved yet: 1 applicable item is not signed off (“${titleOf(FIRST)}”)`);
    await expect(robPage.getByText('Approved for launch by')).toHaveCount(0);
    await expectNoAxeViolations(robPage, 'checklist with the launch panel and its error');
  });

  await test.step('with every item signed the approval asks first, Cancel changes nothing, then it goes through and the assessment is read-only', async () => {
    await robPage.goto(`${checklist}/items/${FIRST}`);
    await reviewRegion(robPage).getByRole('button', { name: 'Approve and sign off' }).click();
    await expect(reviewRegion(robPage)).toContainText('✓ Signed off');
    await robPage.goto(checklist);
    await expect(robPage.getByText(`${signed + 1} / ${signed + 1} signed off`)).toBeVisible();
    const confirm = robPage.getByRole('dialog', { name: 'Approve the launch?' });
    await launch.getByRole('button', { name: 'Approve launch' }).click();
    await expect(confirm).toContainText('The assessment becomes read-only and the report can be exported');
    await expectNoAxeViolations(robPage, 'checklist with the launch approval confirmation');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toBeHidden();
    await robPage.reload();
    await expect(robPage.getByText('Approved for launch by Rob Approver')).toHaveCount(0);
    await launch.getByRole('button', { name: 'Approve launch' }).click();
    await confirm.getByRole('button', { name: 'Approve launch' }).click();
    await expect(robPage.getByRole('status').filter({ hasText: 'Approved for launch by Rob Approver' })).toBeVisible();
    await page.goto(`${checklist}/items/${FIRST}`);
    await expect(page.getByText('This assessment is approved for launch and read-only.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save item' })).toHaveCount(0);
    await expect(page.getByLabel('Choose files or drop them here')).toHaveCount(0);
  });

  const reopenAction = await test.step('a member is offered no reopening; a reviewer reopens with a reason after a confirmation, and it is audited', async () => {
    await page.goto(checklist);
    await expect(page.getByRole('region', { name: 'Launch approval' })).toContainText('Approved by Rob Approver');
    await expect(page.getByRole('button', { name: 'Reopen assessment' })).toHaveCount(0);
    await expect(page.getByLabel('Reason for reopening')).toHaveCount(0);

    await launch.getByRole('button', { name: 'Reopen assessment' }).click();
    await expect(launch.getByText('Give a reason for reopening (at least 5 characters).')).toBeVisible();
    await expect(robPage.getByRole('dialog', { name: 'Reopen the assessment?' })).toHaveCount(0);
    await launch.getByLabel('Reason for reopening').fill('Customer found a bypass in the admin API');
    await launch.getByRole('button', { name: 'Reopen assessment' }).click();
    const confirm = robPage.getByRole('dialog', { name: 'Reopen the assessment?' });
    await expect(confirm).toContainText('withdraws the launch approval; the team can change items again and sign-offs may go stale');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await robPage.reload();
    await expect(robPage.getByText('Approved for launch by Rob Approver')).toBeVisible();

    await launch.getByLabel('Reason for reopening').fill('Customer found a bypass in the admin API');
    await launch.getByRole('button', { name: 'Reopen assessment' }).click();
    const action = await captureServerAction(robPage, () => confirm.getByRole('button', { name: 'Reopen assessment' }).click());
    await expect(robPage.getByText('Approved for launch by Rob Approver')).toHaveCount(0);
    await expect(launch.getByRole('button', { name: 'Reopen assessment' })).toHaveCount(0);
    await page.goto(`${checklist}/items/${FIRST}`);
    await expect(page.getByRole('button', { name: 'Save item' })).toBeVisible();
    return action;
  });

  await test.step('approved again, the member calling the reopen action directly is refused and it stays approved', async () => {
    await launch.getByRole('button', { name: 'Approve launch' }).click();
    await robPage.getByRole('dialog', { name: 'Approve the launch?' }).getByRole('button', { name: 'Approve launch' }).click();
    await expect(robPage.getByRole('status').filter({ hasText: 'Approved for launch by Rob Approver' })).toBeVisible();
    const replay = await callServerAction(page.context(), reopenAction, [{ assessmentId, reason: 'The member wants to edit again' }]);
    expect(replay.text).toContain('Only the team’s reviewers and admins can reopen an approved assessment');
    await page.goto(checklist);
    await expect(page.getByText('Approved for launch by Rob Approver')).toBeVisible();
  });

  await test.step('the audit log has the reopening with its reason and no refused one', async () => {
    await signOut(page);
    await signIn(page, admin);
    await page.goto(`/admin/audit?action=assessment.reopened&target=${assessmentId}`);
    await expect(page.getByRole('row', { name: /assessment\.reopened/ })).toHaveCount(1);
    await expect(page.getByRole('row', { name: /assessment\.reopened/ })).toContainText('Customer found a bypass in the admin API');
    await page.goto(`/admin/audit?action=assessment.launch-approved&target=${assessmentId}`);
    await expect(page.getByRole('row', { name: /assessment\.launch-approved/ })).toHaveCount(2);
  });
  await robContext.close();
});

test('four eyes cover every signed field: an admin who rewrote the justification cannot sign it, a reviewer who did not can', async ({ page }) => {
  test.setTimeout(150_000);
  const admin = createUserViaCli({ admin: true, name: 'Ada Admin' });
  const ann = createUserViaCli({ name: 'Ann Author' });
  const rita = createUserViaCli({ name: 'Rita Reviewer' });
  const teamId = createTeamWith(admin, [
    { user: ann, role: 'member' },
    { user: rita, role: 'reviewer' },
  ]);
  await signIn(page, ann);
  const checklist = await createAssessment(page, teamId, { appName: 'Justified App', kind: 'Forge app', baseUrl: 'https://justified.example.com', launch: '2027-06-01', profile: profileByQuestion(NO_TO_ALL) });
  await page.goto(`${checklist}/items/${FIRST}`);
  await page.getByLabel('Status').selectOption('not_applicable');
  await page.getByLabel('Why it does not apply').fill('The app has no accounts of its own.');
  await page.getByRole('button', { name: 'Save item' }).click();
  await expect(page.getByText(/^Saved:/)).toBeVisible();
  await signOut(page);

  await signIn(page, admin);
  await page.goto(`${checklist}/items/${FIRST}`);
  await page.getByLabel('Why it does not apply').fill('The app has no accounts; the host product signs people in.');
  await page.getByRole('button', { name: 'Save item' }).click();
  await expect(page.getByText(/^Saved:/)).toBeVisible();
  await page.reload();
  await expect(reviewRegion(page)).toContainText('You can’t sign off this item. You changed its justification since it was last signed off');
  await expect(reviewRegion(page).getByRole('button', { name: 'Approve and sign off' })).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reviews' }).click();
  // The admin's queue spans every team: pick this assessment's row.
  await expect(page.getByRole('row', { name: new RegExp(`${titleOf(FIRST)}.*Justified App`) })).toContainText('You can’t sign this one: You changed its justification');
  await signOut(page);

  await signIn(page, rita);
  await page.goto(`${checklist}/items/${FIRST}`);
  await reviewRegion(page).getByRole('button', { name: 'Approve and sign off' }).click();
  await expect(reviewRegion(page).getByText('✓ Signed off')).toBeVisible();
});
