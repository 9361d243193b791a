import Database from 'better-sqlite3';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { catalog, profileByQuestion } from './support/catalog';
import { createAssessment, createTeamWith, createUserViaCli, e2eState, signIn } from './support/fixtures';

const NO_TO_ALL = Object.fromEntries(catalog.profileQuestions.map((q) => [q.id, false]));
const ACCEPTED = 'authn-every-request';
const PLANNED = 'authz-every-request';
const titleOf = (id: string) => catalog.itemsById.get(id)!.title;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const reviewRegion = (page: Page) => page.getByRole('region', { name: 'Review' });

/** Time passing, for one row: the acceptance date moves into the past as it would after the days went by. */
function backdateAcceptance(assessmentId: string, catalogItemId: string, until: string) {
  const db = new Database(path.join(e2eState().dataDir, 'preflight.db'));
  try {
    const r = db.prepare('update assessment_items set gap_due_date = ? where assessment_id = ? and catalog_item_id = ?').run(until, assessmentId, catalogItemId);
    expect(r.changes).toBe(1);
  } finally {
    db.close();
  }
}

test('a risk acceptance names who accepts it and until when; the acceptor cannot sign it; once it runs out the item is not met and flagged', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const admin = createUserViaCli({ admin: true });
  const mia = createUserViaCli({ name: 'Mia Member' });
  const rae = createUserViaCli({ name: 'Rae Reviewer' });
  const rob = createUserViaCli({ name: 'Rob Reviewer' });
  const teamId = createTeamWith(admin, [
    { user: mia, role: 'member' },
    { user: rae, role: 'reviewer' },
    { user: rob, role: 'reviewer' },
  ]);
  await signIn(page, mia);
  const checklist = await createAssessment(page, teamId, { appName: 'Risky App', kind: 'Forge app', baseUrl: 'https://risky.example.com', launch: '2027-06-01', profile: profileByQuestion(NO_TO_ALL) });
  const assessmentId = checklist.split('/').at(-1)!;
  const until = inDays(30);

  await test.step('Mia records that Rae accepts the risk until a date; a date in the past is refused', async () => {
    await page.goto(`${checklist}/items/${ACCEPTED}`);
    await page.getByLabel('Status').selectOption('not_met');
    await page.getByRole('radio', { name: 'Risk accepted' }).check();
    await page.getByLabel('Which risk is accepted, and why').fill('One legacy route keeps basic auth until the partner migrates.');
    await page.getByLabel('Accepted by').selectOption({ label: `${rae.name} (reviewer)` });
    await page.getByLabel('Accepted until').fill(inDays(-1));
    await page.getByRole('button', { name: 'Save item' }).click();
    await expect(page.getByText(`An acceptance cannot end in the past. Choose ${inDays(0)} or later.`).first()).toBeVisible();
    await page.getByLabel('Accepted until').fill(until);
    await page.getByRole('button', { name: 'Save item' }).click();
    await expect(page.getByText(/^Saved:/)).toContainText('risk accepted by');
    await expect(page.getByRole('cell', { name: `risk accepted by: — → ${rae.name}` })).toBeVisible();
  });
  await test.step('Mia claims a second item, met without evidence but with a reason', async () => {
    await page.goto(`${checklist}/items/${PLANNED}`);
    await page.getByLabel('Status').selectOption('met');
    await page.getByLabel('Why it is met without evidence').fill('Every route goes through the one permission middleware.');
    await page.getByRole('button', { name: 'Save item' }).click();
    await expect(page.getByText(/^Saved:/)).toBeVisible();
  });

  const raeContext = await browser.newContext();
  const raePage = await raeContext.newPage();
  await signIn(raePage, rae);
  await test.step('Rae sees it in the queue with no evidence, and may not sign what she accepted', async () => {
    await raePage.goto('/reviews');
    const row = raePage.getByRole('row', { name: new RegExp(titleOf(ACCEPTED)) });
    await expect(row.getByRole('cell').nth(3)).toHaveText('None');
    await expect(row).toContainText('You can’t sign this one: You accept this item’s risk, so someone else has to sign it off.');
    await row.getByRole('link', { name: titleOf(ACCEPTED) }).click();
    await expect(reviewRegion(raePage)).toContainText('You accept this item’s risk');
    await expect(raePage.getByRole('button', { name: 'Approve and sign off' })).toHaveCount(0);
  });
  await raeContext.close();

  const robContext = await browser.newContext();
  const robPage = await robContext.newPage();
  await signIn(robPage, rob);
  await test.step('Rob reads the answer and the evidence before the decision buttons, then signs off', async () => {
    await robPage.goto(`${checklist}/items/${ACCEPTED}`);
    await expect(robPage.getByRole('heading', { name: 'Answer' })).toBeVisible();
    await expect(robPage.getByText(`accepted by ${rae.name} until ${until}`)).toBeVisible();
    const answerY = (await robPage.getByRole('heading', { name: 'Answer' }).boundingBox())!.y;
    const evidenceY = (await robPage.getByRole('heading', { name: /^Evidence/ }).boundingBox())!.y;
    const approveY = (await robPage.getByRole('button', { name: 'Approve and sign off' }).boundingBox())!.y;
    expect(answerY).toBeLessThan(evidenceY);
    expect(evidenceY).toBeLessThan(approveY);
    await robPage.getByRole('button', { name: 'Approve and sign off' }).click();
    await expect(reviewRegion(robPage).getByText('✓ Signed off')).toBeVisible();
    // After a decision, the next item waiting for this reviewer is one click away.
    await reviewRegion(robPage).getByRole('link', { name: `Next in your queue: ${titleOf(PLANNED)} (Risky App) →` }).click();
    await expect(robPage.getByRole('heading', { level: 1, name: titleOf(PLANNED) })).toBeVisible();
    await expect(robPage.getByText('Justification: Every route goes through the one permission middleware.')).toBeVisible();
  });

  await test.step('after its last day the item is not met again, flagged, and the sign-off is stale', async () => {
    backdateAcceptance(assessmentId, ACCEPTED, inDays(-1));
    await page.goto(checklist);
    const row = page.getByRole('row', { name: new RegExp(titleOf(ACCEPTED)) });
    await expect(row).toContainText('Not met');
    await expect(row).toContainText(`Risk acceptance ran out after ${inDays(-1)}`);
    await expect(row).toContainText('⚠ Stale');
    await row.getByRole('link', { name: titleOf(ACCEPTED) }).click();
    await expect(page.getByRole('status').filter({ hasText: 'The risk acceptance ran out' })).toContainText(`ran out after ${inDays(-1)}, so this item is not met again`);
    await expect(page.getByRole('cell', { name: /risk acceptance: Accepted by Rae Reviewer until .* → Expired after/ })).toBeVisible();
    // The team answers again: a new acceptance clears the flag.
    await page.getByRole('radio', { name: 'Risk accepted' }).check();
    await page.getByLabel('Accepted by').selectOption({ label: `${mia.name} (member)` });
    await page.getByLabel('Accepted until').fill(inDays(60));
    await page.getByRole('button', { name: 'Save item' }).click();
    await expect(page.getByText(/^Saved:/)).toBeVisible();
    await page.reload();
    await expect(page.getByRole('status').filter({ hasText: 'The risk acceptance ran out' })).toHaveCount(0);
  });
  await robContext.close();
});

test('a gap plan has one date, and the owner list warns that a reviewer made owner cannot sign the item', async ({ page }) => {
  test.setTimeout(180_000);
  const admin = createUserViaCli({ admin: true });
  const mia = createUserViaCli({ name: 'Mia Planner' });
  const rae = createUserViaCli({ name: 'Rae Owner' });
  const teamId = createTeamWith(admin, [
    { user: mia, role: 'member' },
    { user: rae, role: 'reviewer' },
  ]);
  await signIn(page, mia);
  const checklist = await createAssessment(page, teamId, { appName: 'Planned Gap App', kind: 'Forge app', baseUrl: 'https://gap.example.com', launch: '2027-06-01', profile: profileByQuestion(NO_TO_ALL) });
  await page.goto(`${checklist}/items/${PLANNED}`);

  await page.getByLabel('Owner').selectOption({ label: `${rae.name} (reviewer: could not sign it off)` });
  await expect(page.getByText('This person is a reviewer: as the owner they can no longer sign this item off.')).toBeVisible();
  await page.getByLabel('Owner').selectOption({ label: mia.name });
  await expect(page.getByText('This person is a reviewer')).toHaveCount(0);

  await page.getByLabel('Status').selectOption('partially_met');
  await page.getByRole('radio', { name: 'Plan to close it' }).check();
  // One date: no separate due date beside the day the gap closes.
  await expect(page.getByLabel('Due date', { exact: true })).toHaveCount(0);
  await page.getByLabel('What is missing and how it will be closed').fill('Two admin routes still lack the permission check.');
  await page.getByLabel('Gap closed by').fill('2027-04-30');
  await page.getByRole('button', { name: 'Save item' }).click();
  await expect(page.getByText(/^Saved:/)).toContainText('due date');
  await page.goto(checklist);
  await expect(page.getByRole('row', { name: new RegExp(titleOf(PLANNED)) })).toContainText('2027-04-30');
});
