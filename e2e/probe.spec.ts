import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { createConnectApp } from '../lib/probe/testing/connect-app';
import { startTargetServer, type TargetServer } from '../lib/probe/testing/target-server';
import { expectNoAxeViolations } from './support/axe';
import { catalog, profileByQuestion } from './support/catalog';
import { createAssessment, createTeamWith, createUserViaCli, signIn } from './support/fixtures';
import { markItemMet } from './support/items';
import { probeCa } from './support/probe-ca';

const HSTS_ITEM = 'server-hsts-one-year';
const JWT_ITEM = 'authn-connect-jwt';
const ALL_YES = Object.fromEntries(catalog.profileQuestions.map((q) => [q.id, true]));
const titleOf = (id: string) => catalog.itemsById.get(id)!.title;

let target: TargetServer;
// Flipped mid-test: the app "gets worse" and stops sending HSTS.
let worse = false;

test.beforeAll(async () => {
  const app = createConnectApp({ profile: 'hardened', baseUrl: () => target.baseUrl });
  target = await startTargetServer({
    profile: 'hardened',
    ca: probeCa(),
    handler: (req, res) => {
      if (worse) res.removeHeader('Strict-Transport-Security');
      return app.handler(req, res);
    },
  });
});

test.afterAll(async () => {
  await target?.close();
});

async function runProbeAndWait(page: Page) {
  await page.getByRole('button', { name: 'Run probe' }).click();
  // The new run opens by its id; until then the page still shows the previous one.
  await page.waitForURL(/[?&]run=/);
  const progress = page.getByRole('progressbar', { name: 'Checks finished' });
  await expect(progress).toBeVisible();
  await expect(page.getByText('18 of 18')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('region', { name: /^Run of/ })).toContainText('Finished');
}

test('a team probes its app from the assessment, watches the checks arrive, finds the proof on the items, and a worse re-run makes a sign-off stale', async ({ page, browser }) => {
  test.setTimeout(240_000);
  const admin = createUserViaCli({ admin: true });
  const ann = createUserViaCli({ name: 'Ann Prober' });
  const rita = createUserViaCli({ name: 'Rita Probe Reviewer' });
  const teamId = createTeamWith(admin, [
    { user: ann, role: 'member' },
    { user: rita, role: 'reviewer' },
  ]);
  await signIn(page, ann);
  const checklist = await createAssessment(page, teamId, { appName: 'Probed Connect App', kind: 'Connect app', baseUrl: target.baseUrl, launch: '2027-06-01', profile: profileByQuestion(ALL_YES) });

  await test.step('the team sets the target, with a signed-in page whose header is never shown again', async () => {
    await page.getByRole('link', { name: 'Probe', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Probe' })).toBeVisible();
    await page.getByLabel('Plain-HTTP port (optional)').fill(String(target.httpPort));
    await page.getByLabel('Signed-in page address').fill(new URL('/account', target.baseUrl).href);
    await page.getByLabel('Header name').fill('Cookie');
    await page.getByLabel('Header value').fill('session=good');
    await page.getByLabel('Release gate: a passing probe run within (days, optional)').fill('7');
    await page.getByRole('button', { name: 'Save target' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Target saved.' })).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('Release gate: a passing probe run within (days, optional)')).toHaveValue('7');
    await expect(page.getByLabel('Header value')).toHaveValue('');
    await expect(page.getByText('A value is saved. Leave this empty to keep it')).toBeVisible();
    expect(await page.content()).not.toContain('session=good');
  });

  await test.step('bad input gets a message beside the field and saves nothing', async () => {
    await page.getByLabel('More hosts to check (optional)').fill('api.example.com/with/a/path');
    await page.getByLabel('Plain-HTTP port (optional)').fill('99999');
    await page.getByLabel('Release gate: a passing probe run within (days, optional)').fill('seven');
    await page.getByRole('button', { name: 'Save target' }).click();
    await expect(page.getByText('Enter a number of days from 1 to 365, or leave it empty.')).toBeVisible();
    await expect(page.getByText(/as a host name with an optional port/)).toBeVisible();
    await expect(page.getByText('Enter a port number from 1 to 65535, or leave it empty.')).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('More hosts to check (optional)')).toHaveValue('');
    await page.getByLabel('Forge manifest (optional)').setInputFiles({ name: 'manifest.yml', mimeType: 'text/yaml', buffer: Buffer.from('just some words, not a manifest') });
    await expect(page.getByText('This file is not a Forge manifest (it does not parse as YAML with keys).')).toBeVisible();
  });

  await test.step('a Forge manifest uploaded beside the descriptor is checked too', async () => {
    await page.reload();
    const manifest = 'app:\n  id: ari:cloud:ecosystem::app/probe-e2e\npermissions:\n  scopes:\n    - read:jira-work\n  external:\n    fetch:\n      backend:\n        - http://plain.example.com\n';
    await page.getByLabel('Forge manifest (optional)').setInputFiles({ name: 'manifest.yml', mimeType: 'text/yaml', buffer: Buffer.from(manifest) });
    await page.getByRole('button', { name: 'Save target' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Target saved.' })).toBeVisible();
    await page.reload();
    await expect(page.getByText('Stored: manifest.yml. Choose a file to replace it.')).toBeVisible();
  });

  await test.step('a run shows its progress and each check as it finishes, with the proof', async () => {
    await runProbeAndWait(page);
    const checks = page.getByRole('list', { name: 'Checks' });
    await expect(checks.getByRole('listitem')).toHaveCount(18);
    await expect(checks.getByRole('listitem').filter({ hasText: 'hsts.max-age' })).toContainText('pass');
    await expect(checks.getByRole('listitem').filter({ hasText: 'connect.modules-reject-unauthenticated' })).toContainText('pass');
    // The manifest lets the app fetch over plain http: the egress guideline fails.
    await expect(checks.getByRole('listitem').filter({ hasText: 'forge.egress' })).toContainText('fail');
    await checks.getByText('Proof of http.methods').click();
    await expect(checks.getByText(/TRACE/).first()).toBeVisible();
    await expectNoAxeViolations(page, 'probe page');
    // The result downloads as the exact bytes its SHA-256 was taken over.
    const shown = (await page.getByRole('region', { name: /^Run of/ }).getByText(/^[0-9a-f]{64}$/).textContent())!;
    const download = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the result (JSON)' }).click()]).then(([d]) => d);
    const bytes = readFileSync((await download.path())!);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(shown);
    expect((JSON.parse(bytes.toString('utf8')) as { checks: unknown[] }).checks).toHaveLength(18);
  });

  await test.step('the results are evidence on the mapped items and show on the checklist', async () => {
    await page.goto(checklist);
    const hstsRow = page.getByRole('row', { name: new RegExp(titleOf(HSTS_ITEM)) });
    await expect(hstsRow).toContainText('Verified by probe');
    await expect(page.getByRole('row', { name: new RegExp(titleOf(JWT_ITEM)) })).toContainText('Verified by probe');
    await page.goto(`${checklist}/items/${HSTS_ITEM}`);
    await expect(page.getByText(/^Verified by probe, \d{4}-\d{2}-\d{2}$/)).toBeVisible();
    const evidence = page.getByRole('region', { name: /^Evidence \(/ });
    await evidence.getByText(/^Probe of 127\.0\.0\.1:\d+: 1 passed$/).click();
    await expect(evidence.getByText('HSTS max-age of at least one year')).toBeVisible();
    await evidence.getByText('Proof (').first().click();
    await expect(evidence.getByText(/strict-transport-security: max-age=31536000/i)).toBeVisible();
  });

  await markItemMet(page, checklist, HSTS_ITEM, ann.name);
  const ritaContext = await browser.newContext();
  const ritaPage = await ritaContext.newPage();
  await signIn(ritaPage, rita);

  await test.step('a reviewer signs off, sees the runs, and cannot start one', async () => {
    await ritaPage.goto(`${checklist}/items/${HSTS_ITEM}`);
    await ritaPage.getByRole('region', { name: 'Review' }).getByRole('button', { name: 'Approve and sign off' }).click();
    await expect(ritaPage.getByRole('region', { name: 'Review' })).toContainText('✓ Signed off');
    await ritaPage.goto(`${checklist}/probe`);
    await expect(ritaPage.getByRole('region', { name: /^Run of/ })).toContainText('Finished');
    await expect(ritaPage.getByRole('button', { name: 'Run probe' })).toHaveCount(0);
    await expect(ritaPage.getByRole('button', { name: 'Save target' })).toHaveCount(0);
  });

  await test.step('a re-run after the app stopped sending HSTS fails the check and makes the sign-off stale', async () => {
    worse = true;
    await page.goto(`${checklist}/probe`);
    await runProbeAndWait(page);
    await expect(page.getByRole('list', { name: 'Checks' }).getByRole('listitem').filter({ hasText: 'hsts.max-age' })).toContainText('fail');
    await page.goto(checklist);
    const hstsRow = page.getByRole('row', { name: new RegExp(titleOf(HSTS_ITEM)) });
    await expect(hstsRow).toContainText('Probe found a problem');
    await expect(hstsRow).toContainText('Stale');
    // Items whose verdicts did not change keep what they had.
    await expect(page.getByRole('row', { name: new RegExp(titleOf(JWT_ITEM)) })).toContainText('Verified by probe');
  });
  await ritaContext.close();
});
