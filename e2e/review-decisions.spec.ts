import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { catalog, profileByQuestion } from './support/catalog';
import { callServerAction, captureServerAction, createAssessment, createTeamWith, createUserViaCli, signIn } from './support/fixtures';
import { markItemMet as markMet } from './support/items';

const NO_TO_ALL = Object.fromEntries(catalog.profileQuestions.map((q) => [q.id, false]));
// Applies only while the app uses object storage.
const BUCKET_ITEM = 'data-encrypt-at-rest-object-storage';
const titleOf = (id: string) => catalog.itemsById.get(id)!.title;
const bucketQuestion = catalog.profileQuestions.find((q) => q.id === 'usesObjectStorage')!.question;
const reviewRegion = (page: Page) => page.getByRole('region', { name: 'Review' });


async function signOff(page: Page, checklist: string, catalogItemId: string) {
  await page.goto(`${checklist}/items/${catalogItemId}`);
  await reviewRegion(page).getByRole('button', { name: 'Approve and sign off' }).click();
  await expect(reviewRegion(page)).toContainText('✓ Signed off');
}

async function answerBuckets(page: Page, checklist: string, answer: 'Yes' | 'No') {
  await page.goto(`${checklist}/settings`);
  await page.getByRole('group', { name: bucketQuestion }).getByRole('radio', { name: answer }).check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  return page.getByRole('dialog', { name: 'Apply these profile changes?' });
}

test('a profile change shows which items move and which sign-offs go stale, asks first, and a sign-off comes back when the item returns unchanged', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const admin = createUserViaCli({ admin: true });
  const ann = createUserViaCli({ name: 'Ann Profiler' });
  const rita = createUserViaCli({ name: 'Rita Signer' });
  const teamId = createTeamWith(admin, [
    { user: ann, role: 'member' },
    { user: rita, role: 'reviewer' },
  ]);
  await signIn(page, ann);
  const checklist = await createAssessment(page, teamId, { appName: 'Bucket Review App', kind: 'Forge app', baseUrl: 'https://buckets.example.com', launch: '2027-06-01', profile: profileByQuestion({ ...NO_TO_ALL, usesObjectStorage: true }) });
  await markMet(page, checklist, BUCKET_ITEM, ann.name);

  const ritaContext = await browser.newContext();
  const ritaPage = await ritaContext.newPage();
  await signIn(ritaPage, rita);
  await signOff(ritaPage, checklist, BUCKET_ITEM);
  const bucketRow = () => page.getByRole('row', { name: new RegExp(titleOf(BUCKET_ITEM)) });

  await test.step('answering "no" to object storage lists the items that stop applying and the sign-off that goes stale', async () => {
    const dialog = await answerBuckets(page, checklist, 'No');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('list', { name: /Stop applying \(3\)/ })).toContainText(titleOf(BUCKET_ITEM));
    await expect(dialog.getByRole('list', { name: /Sign-offs that go stale \(1\)/ })).toContainText(`${titleOf(BUCKET_ITEM)} (signed off by ${rita.name})`);
    await expect(dialog.getByRole('list', { name: /Start applying/ })).toHaveCount(0);
    await expectNoAxeViolations(page, 'settings with the profile change preview');
  });

  await test.step('Cancel changes nothing: the item still applies and is still signed off', async () => {
    const dialog = page.getByRole('dialog', { name: 'Apply these profile changes?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('Nothing was saved. Your answers are still in the form.')).toBeVisible();
    await page.goto(checklist);
    await expect(bucketRow()).toContainText('✓ Signed');
    await page.goto(`${checklist}/items/${BUCKET_ITEM}`);
    await expect(reviewRegion(page)).toContainText(`✓ Signed off by ${rita.name}`);
  });

  await test.step('confirming applies it: the item is not applicable and its sign-off gone', async () => {
    const dialog = await answerBuckets(page, checklist, 'No');
    await dialog.getByRole('button', { name: 'Apply changes' }).click();
    await expect(page.getByText('Saved. 0 items now apply, 3 no longer apply.')).toBeVisible();
    await page.goto(checklist);
    await expect(bucketRow()).toContainText('Not applicable');
    await expect(bucketRow()).not.toContainText('✓ Signed');
  });

  await test.step('answering "yes" again lists the items that start applying and the sign-off that comes back; it is restored', async () => {
    const dialog = await answerBuckets(page, checklist, 'Yes');
    await expect(dialog.getByRole('list', { name: /Start applying \(3\)/ })).toContainText(titleOf(BUCKET_ITEM));
    await expect(dialog.getByRole('list', { name: /Sign-offs that come back \(1\)/ })).toContainText(`${titleOf(BUCKET_ITEM)} (signed off by ${rita.name})`);
    await dialog.getByRole('button', { name: 'Apply changes' }).click();
    await expect(page.getByText('Saved. 3 items now apply, 0 no longer apply. 1 sign-off restored.')).toBeVisible();
    await page.goto(checklist);
    await expect(bucketRow()).toContainText('✓ Signed');
    await page.goto(`${checklist}/items/${BUCKET_ITEM}`);
    await expect(reviewRegion(page)).toContainText(`✓ Signed off by ${rita.name}`);
    await expect(page.getByRole('region', { name: 'History' })).toContainText(`Sign-off restored: the item is back to the state that was signed off by ${rita.name}`);
  });

  await test.step('app details alone save at once, without a preview', async () => {
    await page.goto(`${checklist}/settings`);
    await page.getByLabel('App name').fill('Bucket Review App 2');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText('Saved. 0 items now apply, 0 no longer apply.')).toBeVisible();
    await expect(page.getByRole('dialog')).toHaveCount(0);
  });
  await ritaContext.close();
});

test('a reviewer withdraws their own sign-off with a reason; another reviewer cannot, not even by calling the server', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const admin = createUserViaCli({ admin: true });
  const ann = createUserViaCli({ name: 'Ann Withdrawn' });
  const rita = createUserViaCli({ name: 'Rita Withdrawer' });
  const rob = createUserViaCli({ name: 'Rob Bystander' });
  const teamId = createTeamWith(admin, [
    { user: ann, role: 'member' },
    { user: rita, role: 'reviewer' },
    { user: rob, role: 'reviewer' },
  ]);
  await signIn(page, ann);
  const checklist = await createAssessment(page, teamId, { appName: 'Withdraw App', kind: 'Forge app', baseUrl: 'https://withdraw.example.com', launch: '2027-06-01', profile: profileByQuestion(NO_TO_ALL) });
  const ITEM = 'authn-every-request';
  await markMet(page, checklist, ITEM, ann.name);

  const ritaContext = await browser.newContext();
  const ritaPage = await ritaContext.newPage();
  await signIn(ritaPage, rita);
  await signOff(ritaPage, checklist, ITEM);
  const robContext = await browser.newContext();
  const robPage = await robContext.newPage();
  await signIn(robPage, rob);

  await test.step('only the signer is offered the control', async () => {
    await robPage.goto(`${checklist}/items/${ITEM}`);
    await expect(reviewRegion(robPage)).toContainText(`✓ Signed off by ${rita.name}`);
    await expect(robPage.getByRole('button', { name: 'Withdraw my sign-off' })).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('button', { name: 'Withdraw my sign-off' })).toHaveCount(0);
  });

  const withdrawAction = await test.step('a reason is required; Cancel keeps the sign-off; confirming withdraws it into history', async () => {
    const review = reviewRegion(ritaPage);
    await review.getByRole('button', { name: 'Withdraw my sign-off' }).click();
    await expect(ritaPage.getByLabel('Reason for withdrawing your sign-off')).toHaveAttribute('aria-invalid', 'true');
    await expect(review.getByText('Give a reason for withdrawing the sign-off (at least 5 characters).')).toBeVisible();
    await ritaPage.getByLabel('Reason for withdrawing your sign-off').fill('The scan covered staging, not production');
    await review.getByRole('button', { name: 'Withdraw my sign-off' }).click();
    const dialog = ritaPage.getByRole('dialog', { name: 'Withdraw your sign-off?' });
    await expect(dialog).toContainText('goes back to waiting for review');
    await expectNoAxeViolations(ritaPage, 'item page with the withdraw confirmation');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await ritaPage.reload();
    await expect(review).toContainText('✓ Signed off');

    await ritaPage.getByLabel('Reason for withdrawing your sign-off').fill('The scan covered staging, not production');
    await review.getByRole('button', { name: 'Withdraw my sign-off' }).click();
    const action = await captureServerAction(ritaPage, () => dialog.getByRole('button', { name: 'Withdraw sign-off' }).click());
    await expect(review.getByRole('note')).toContainText(`Sign-off withdrawn by ${rita.name}`);
    await expect(review.getByRole('note')).toContainText('The scan covered staging, not production');
    await expect(review).toContainText('Not signed off yet: waiting for a reviewer.');
    await expect(ritaPage.getByRole('region', { name: 'History' })).toContainText('Sign-off withdrawn: The scan covered staging, not production');
    await page.goto(checklist);
    await expect(page.getByRole('row', { name: new RegExp(titleOf(ITEM)) })).not.toContainText('✓ Signed');
    return action;
  });

  await test.step('Rita signs it again; Rob replaying the withdrawal is refused and the sign-off stands', async () => {
    await reviewRegion(ritaPage).getByRole('button', { name: 'Approve and sign off' }).click();
    await expect(reviewRegion(ritaPage)).toContainText('✓ Signed off');
    const assessmentId = checklist.split('/').at(-1)!;
    const replay = await callServerAction(robContext, withdrawAction, [{ assessmentId, catalogItemId: ITEM, reason: 'Rob wants it gone' }]);
    expect(replay.text).toContain('Only the reviewer who signed this item off can withdraw the sign-off.');
    await robPage.reload();
    await expect(reviewRegion(robPage)).toContainText(`✓ Signed off by ${rita.name}`);
  });
  await Promise.all([ritaContext.close(), robContext.close()]);
});
