import { expect, type Page } from '@playwright/test';

/** Marks an item met with an owner, as a person does; with no evidence attached it gives the reason that needs. */
export async function markItemMet(page: Page, checklist: string, catalogItemId: string, ownerLabel: string) {
  await page.goto(`${checklist}/items/${catalogItemId}`);
  await page.getByLabel('Status').selectOption('met');
  const reason = page.getByLabel('Why it is met without evidence');
  if (await reason.isVisible()) await reason.fill('Checked in the staging gateway configuration.');
  await page.getByLabel('Owner').selectOption({ label: ownerLabel });
  await page.getByRole('button', { name: 'Save item' }).click();
  await expect(page.getByText(/^Saved:/)).toBeVisible();
}
