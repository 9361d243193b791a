import { expect, test, type Page } from '@playwright/test';
import { catalog, profileByQuestion } from './support/catalog';
import { createAssessment, createTeamWith, createUserViaCli, signIn } from './support/fixtures';

const NO_TO_ALL = Object.fromEntries(catalog.profileQuestions.map((q) => [q.id, false]));
const ITEM = 'authn-every-request';
const reviewRegion = (page: Page) => page.getByRole('region', { name: 'Review' });
const evidenceRegion = (page: Page) => page.getByRole('region', { name: /^Evidence/ });

async function addLink(page: Page, title: string, url: string) {
  await page.getByLabel('Link title').fill(title);
  await page.getByLabel('Link address').fill(url);
  await page.getByRole('button', { name: 'Add link' }).click();
}

test('adding evidence to a signed-off item asks first and Cancel changes nothing; deleting evidence offers an undo that brings it back', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const admin = createUserViaCli({ admin: true });
  const mia = createUserViaCli({ name: 'Mia Evidence' });
  const rob = createUserViaCli({ name: 'Rob Signer' });
  const teamId = createTeamWith(admin, [
    { user: mia, role: 'member' },
    { user: rob, role: 'reviewer' },
  ]);
  await signIn(page, mia);
  const checklist = await createAssessment(page, teamId, { appName: 'Undo App', kind: 'Forge app', baseUrl: 'https://undo.example.com', launch: '2027-06-01', profile: profileByQuestion(NO_TO_ALL) });
  const itemPath = `${checklist}/items/${ITEM}`;

  await test.step('Mia attaches a scan and marks the item met; Rob signs it off', async () => {
    await page.goto(itemPath);
    await addLink(page, 'Route scan', 'https://scanner.example.com/run/1');
    await expect(evidenceRegion(page).getByRole('row', { name: /Route scan/ })).toBeVisible();
    await page.getByLabel('Status').selectOption('met');
    await page.getByRole('button', { name: 'Save item' }).click();
    await expect(page.getByText(/^Saved:/)).toBeVisible();
    // Rob reads times on his own clock, with the zone named.
    const robContext = await browser.newContext({ timezoneId: 'Asia/Tokyo' });
    const robPage = await robContext.newPage();
    await signIn(robPage, rob);
    await robPage.goto(itemPath);
    await robPage.getByRole('button', { name: 'Approve and sign off' }).click();
    await expect(reviewRegion(robPage).getByText('✓ Signed off')).toBeVisible();
    await expect(reviewRegion(robPage).getByText(/Signed off by Rob Signer on \d{4}-\d\d-\d\d \d\d:\d\d GMT\+9/)).toBeVisible();
    await robContext.close();
  });

  await test.step('a new link on the signed-off item asks first, naming the sign-off; Cancel adds nothing', async () => {
    await page.goto(itemPath);
    await addLink(page, 'Second scan', 'https://scanner.example.com/run/2');
    const dialog = page.getByRole('dialog', { name: 'Add evidence to a signed-off item?' });
    await expect(dialog).toContainText('Rob Signer signed this item off as it is now');
    await expect(dialog).toContainText('the sign-off becomes stale');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await page.reload();
    await expect(evidenceRegion(page).getByRole('row', { name: /Second scan/ })).toHaveCount(0);
    await expect(reviewRegion(page).getByText('✓ Signed off')).toBeVisible();
  });

  await test.step('confirming adds it and the sign-off goes stale', async () => {
    await addLink(page, 'Second scan', 'https://scanner.example.com/run/2');
    await page.getByRole('dialog').getByRole('button', { name: 'Add it; the sign-off goes stale' }).click();
    await expect(evidenceRegion(page).getByRole('row', { name: /Second scan/ })).toBeVisible();
    await expect(reviewRegion(page).getByText('⚠ Sign-off stale')).toBeVisible();
  });

  await test.step('deleting offers an undo; undo brings the same evidence back', async () => {
    await evidenceRegion(page).getByRole('button', { name: 'Delete Second scan' }).click();
    const notice = evidenceRegion(page).getByRole('status').filter({ hasText: 'Deleted “Second scan”.' });
    await expect(notice).toBeVisible();
    await expect(evidenceRegion(page).getByRole('row', { name: /Second scan/ })).toHaveCount(0);
    await notice.getByRole('button', { name: 'Undo: restore Second scan' }).click();
    await expect(evidenceRegion(page).getByText('Restored “Second scan”.')).toBeVisible();
    await expect(evidenceRegion(page).getByRole('row', { name: /Second scan/ })).toBeVisible();
    await page.reload();
    await expect(evidenceRegion(page).getByRole('row', { name: /Second scan/ })).toBeVisible();
  });
});
