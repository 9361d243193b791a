import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { spawnSync } from 'node:child_process';
import { pdfProxy } from '@/lib/testing/pdf-render';
import { pdfText } from '@/lib/testing/pdf-text';
import { E2E_BASE_URL } from './support/env';
import { expectNoAxeViolations } from './support/axe';
import { catalog, profileByQuestion, applicableItems } from './support/catalog';
import { pdfFile, sha256 } from './support/files';
import { createAssessment, createTeamWith, createUserViaCli, e2eState, signIn, signOut } from './support/fixtures';

const NO_TO_ALL = Object.fromEntries(catalog.profileQuestions.map((q) => [q.id, false]));
const APPLICABLE = applicableItems({ ...NO_TO_ALL, connectApp: false });
const [MET, NA, GAP, LATER] = ['authn-every-request', 'authz-least-privilege-scopes', 'authz-every-request', 'input-validate-server-side'];
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function save(page: Page, checklist: string, catalogItemId: string, fill: (page: Page) => Promise<void>) {
  await page.goto(`${checklist}/items/${catalogItemId}`);
  await fill(page);
  await page.getByRole('button', { name: 'Save item' }).click();
  await expect(page.getByText(/^Saved:/)).toBeVisible();
}


test('team dashboard numbers follow the checklist; the org dashboard lists every team; the PDF report is complete and verifiable; CSV has a row per item', async ({ page, browser }) => {
  test.setTimeout(240_000);
  const admin = createUserViaCli({ admin: true });
  const ann = createUserViaCli({ name: 'Ann Dash' });
  const rob = createUserViaCli({ name: 'Rob Dash' });
  const teamId = createTeamWith(admin, [
    { user: ann, role: 'member' },
    { user: rob, role: 'reviewer' },
  ]);
  createTeamWith(admin, [{ user: rob, role: 'reviewer' }]);
  await signIn(page, ann);
  const checklist = await createAssessment(page, teamId, { appName: 'Dashboard App', kind: 'Forge app', baseUrl: 'https://dash.example.com', launch: '2027-06-01', profile: profileByQuestion(NO_TO_ALL) });
  const assessmentId = checklist.split('/').at(-1)!;
  const evidence = pdfFile('threat model');

  await test.step('answer three items: met with evidence expiring soon, N/A, and an overdue gap', async () => {
    await save(page, checklist, MET, async (p) => {
      // Proof first, then the claim: with evidence attached, "met" needs no extra reason.
      await p.getByLabel('Valid until (optional, for the next uploads)').fill(inDays(10));
      await p.getByLabel('Choose files or drop them here').setInputFiles({ name: 'threat-model.pdf', mimeType: 'application/pdf', buffer: evidence });
      await expect(p.getByRole('link', { name: 'threat-model.pdf' })).toBeVisible();
      await p.getByLabel('Status').selectOption('met');
      await expect(p.getByLabel('Why it is met without evidence')).toHaveCount(0);
    });
    await save(page, checklist, NA, async (p) => {
      await p.getByLabel('Status').selectOption('not_applicable');
      await p.getByLabel('Why it does not apply').fill('The app requests no scopes at all.');
    });
    await save(page, checklist, GAP, async (p) => {
      await p.getByLabel('Status').selectOption('partially_met');
      await p.getByRole('radio', { name: 'Plan to close it' }).check();
      await p.getByLabel('What is missing and how it will be closed').fill('Add per-record checks to the export API.');
      // One date for a plan: the day it closes the gap is the item's due date, here already past.
      await p.getByLabel('Gap closed by').fill(inDays(-3));
    });
  });

  await signOut(page);
  await signIn(page, rob);
  await page.goto(`${checklist}/items/${MET}`);
  await page.getByRole('region', { name: 'Review' }).getByRole('button', { name: 'Approve and sign off' }).click();
  await expect(page.getByRole('region', { name: 'Review' })).toContainText('✓ Signed off');

  const applicable = APPLICABLE.length;
  await test.step('the team dashboard shows the checklist’s numbers', async () => {
    await page.goto(`/teams/${teamId}/dashboard`);
    const region = page.getByRole('region', { name: /Dashboard App/ });
    await expect(region.getByRole('definition').nth(0)).toHaveText(`${Math.floor((2 / applicable) * 100)} % (2 of ${applicable})`);
    await expect(region.getByRole('definition').nth(1)).toHaveText(`${Math.floor((1 / applicable) * 100)} % (1 of ${applicable})`);
    await expect(region.getByRole('definition').nth(2)).toHaveText(`${Math.floor((1 / applicable) * 100)} % (1 of ${applicable})`);
    await expect(region.getByRole('definition').nth(3)).toHaveText('1');
    await expect(region.getByRole('definition').nth(4)).toHaveText('2');
    await expect(region.getByRole('definition').nth(5)).toHaveText('1');
    await expect(page.getByRole('region', { name: /Overdue items \(1\)/ })).toContainText(catalog.itemsById.get(GAP)!.title);
    await expect(page.getByRole('region', { name: /Evidence expiring within 30 days \(1\)/ })).toContainText('threat-model.pdf');
    await page.getByText('Dashboard App: readiness by category: numbers as a table').click();
    await expect(page.getByRole('row', { name: /Authentication and authorization/ })).toContainText('2 of 3 done, 1 signed');
    await page.goto(checklist);
    await expect(page.getByText(`2 / ${applicable} applicable items met or not applicable`)).toBeVisible();
    await expectNoAxeViolations(page, 'checklist');
  });

  await test.step('after a change on the checklist the dashboard follows', async () => {
    await signOut(page);
    await signIn(page, ann);
    await save(page, checklist, LATER, async (p) => {
      await p.getByLabel('Status').selectOption('met');
      await p.getByLabel('Why it is met without evidence').fill('Verified in the staging tenant.');
    });
    await page.goto(`/teams/${teamId}/dashboard`);
    const region = page.getByRole('region', { name: /Dashboard App/ });
    await expect(region.getByRole('definition').nth(0)).toHaveText(`${Math.floor((3 / applicable) * 100)} % (3 of ${applicable})`);
    await expect(region.getByRole('definition').nth(4)).toHaveText('3');
    await expect(region.getByRole('figure', { name: 'Dashboard App: readiness over time' })).toBeVisible();
    await expectNoAxeViolations(page, 'team dashboard');
    await page.screenshot({ path: path.join(e2eState().dataDir, '..', 'team-dashboard.png'), fullPage: true });
  });

  const pdfPath = path.join(e2eState().dataDir, '..', 'report.pdf');
  await test.step('the PDF report holds every applicable item, the evidence hash and the sign-off', async () => {
    await page.goto(checklist);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download PDF report' }).click();
    const file = await (await download).path();
    writeFileSync(pdfPath, readFileSync(file));
    const text = (await pdfText(pdfPath)).text.replace(/\s+/g, ' ');
    for (const item of APPLICABLE) expect(text).toContain(item.title);
    expect(text).toContain(sha256(evidence));
    expect(text).toContain(`Signed off by ${rob.name}`);
    expect(text).toMatch(/Report [0-9a-f-]{36} · page 1 of \d+/);
    // The cover states the verdict in words, and the outline leads to each applicable item.
    expect(text).toMatch(/Not ready: \d+ items unsigned/);
    const outline = ((await (await pdfProxy(readFileSync(pdfPath))).getOutline()) as { title: string; items: { title: string }[] }[]).flatMap((o) => [o.title, ...o.items.map((i) => i.title)]);
    for (const item of APPLICABLE) expect(outline).toContain(item.title);
  });

  await test.step('the verify page says genuine for it and not genuine for a copy with one byte changed', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Verify report' }).click();
    await page.getByLabel('Report file (PDF, CSV or JSON)').setInputFiles(pdfPath);
    await page.getByRole('button', { name: 'Check report' }).click();
    await expect(page.getByRole('status').getByText(/^Genuine\./)).toBeVisible();
    await expect(page.getByRole('status')).toContainText('Dashboard App');
    const tampered = readFileSync(pdfPath);
    const middle = Math.floor(tampered.length / 2);
    tampered[middle] = tampered[middle]! ^ 0x01;
    await page.getByLabel('Report file (PDF, CSV or JSON)').setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: tampered });
    await page.getByRole('button', { name: 'Check report' }).click();
    await expect(page.getByRole('status').getByText(/^Not genuine\./)).toBeVisible();
    await expectNoAxeViolations(page, 'verify page');
    // Bad input straight to the endpoint: an empty body, and no session at all.
    const empty = await page.request.post('/api/reports/verify', { data: Buffer.alloc(0), headers: { 'content-type': 'application/octet-stream' } });
    expect(empty.status()).toBe(400);
    expect((await empty.json()).error).toBe('The file is empty.');
    const anonymous = await playwrightRequest.newContext({ baseURL: page.url() });
    const unauthenticated = await anonymous.post('/api/reports/verify', { data: readFileSync(pdfPath), headers: { 'content-type': 'application/octet-stream' } });
    expect(unauthenticated.status()).toBe(401);
    await anonymous.dispose();
  });

  await test.step('the CSV has one row per item', async () => {
    const response = await page.request.get(`/api/assessments/${assessmentId}/report?format=csv`);
    expect(response.status()).toBe(200);
    const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(catalog.items.length);
    expect(rows.find((r) => r.item_id === MET)).toMatchObject({ status: 'Met', sign_off: 'signed', evidence_sha256: sha256(evidence) });
    const json = await (await page.request.get(`/api/assessments/${assessmentId}/report?format=json`)).json();
    expect(json.items).toHaveLength(catalog.items.length);
    expect((await page.request.get(`/api/assessments/${assessmentId}/report?format=docx`)).status()).toBe(400);
  });

  await test.step('signed out, the public verify page and the offline CLI check the signed PDF, and a CSV with its .sig', async () => {
    await page.goto(checklist);
    const csvDownload = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download CSV' }).click();
    const csv = readFileSync(await (await csvDownload).path());
    const reportId = (parse(csv, { columns: true }) as Record<string, string>[])[0]!.report_id!;
    await page.reload();
    await page.getByText(/^Recent exports/).click();
    const sigDownload = page.waitForEvent('download');
    await page.getByRole('link', { name: `Signature (.sig) of CSV report ${reportId}` }).click();
    const sig = readFileSync(await (await sigDownload).path());
    expect((await sigDownload).suggestedFilename()).toMatch(/\.csv\.sig$/);

    const stranger = await browser.newContext({ baseURL: E2E_BASE_URL });
    const pub = await stranger.newPage();
    try {
      await pub.goto('/reports/verify');
      await expect(pub.getByRole('heading', { name: 'Verify a Preflight report' })).toBeVisible();
      const check = async (report: { name: string; mimeType: string; buffer: Buffer }, signature?: Buffer) => {
        await pub.getByLabel('Report file (PDF, CSV or JSON)').setInputFiles(report);
        await pub.getByLabel('Signature file (.sig, for CSV and JSON)').setInputFiles(signature ? { name: 'report.csv.sig', mimeType: 'application/json', buffer: signature } : []);
        await pub.getByRole('button', { name: 'Check report' }).click();
        return pub.getByRole('status');
      };
      const pdf = readFileSync(pdfPath);
      await expect((await check({ name: 'report.pdf', mimeType: 'application/pdf', buffer: pdf })).getByText(/^Genuine\./)).toBeVisible();
      await expect(pub.getByRole('status')).toContainText('Dashboard App');
      await expect((await check({ name: 'report.csv', mimeType: 'text/csv', buffer: csv }, sig)).getByText(/^Genuine\./)).toBeVisible();
      await expect(pub.getByRole('status')).toContainText(`CSV report ${reportId} of Dashboard App`);
      const flipped = Buffer.from(csv);
      flipped[flipped.length - 3] = flipped[flipped.length - 3]! ^ 0x01;
      await expect((await check({ name: 'report.csv', mimeType: 'text/csv', buffer: flipped }, sig)).getByText(/^Not genuine\./)).toBeVisible();
      await expect(pub.getByRole('status')).toContainText('changed after it was signed');
      // Without its .sig a CSV proves nothing; an unknown file learns nothing about this instance's records.
      await expect((await check({ name: 'report.csv', mimeType: 'text/csv', buffer: csv })).getByText(/^Not genuine\./)).toBeVisible();
      await expect((await check({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Dashboard App, report of someone else') })).getByText(/^Not genuine\./)).toBeVisible();
      await expect(pub.getByRole('status')).not.toContainText(reportId);
      await expectNoAxeViolations(pub, 'public verify page');
    } finally {
      await stranger.close();
    }

    const keysUrl = `${E2E_BASE_URL}/.well-known/preflight-report-keys`;
    const keys = (await (await fetch(keysUrl)).json()) as { keys: { keyId: string; algorithm: string; publicKeyPem: string; validUntil: string | null }[] };
    expect(keys.keys.some((k) => k.algorithm === 'Ed25519' && k.publicKeyPem.startsWith('-----BEGIN PUBLIC KEY-----') && k.validUntil === null)).toBe(true);
    const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/report-verify.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
    const genuine = cli(pdfPath, '--keys', keysUrl);
    expect(genuine.status, genuine.stderr).toBe(0);
    expect(genuine.stdout).toMatch(/^Genuine: signed by key ed25519-[0-9a-f]{16}/m);
    const tamperedPath = path.join(e2eState().dataDir, '..', 'report-tampered.pdf');
    const tampered = Buffer.from(readFileSync(pdfPath));
    const at = Math.floor(tampered.length / 3);
    tampered[at] = tampered[at]! ^ 0x01;
    writeFileSync(tamperedPath, tampered);
    const refused = cli(tamperedPath, '--keys', keysUrl);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/^NOT genuine/m);
  });

  await test.step('the org dashboard lists every team; reviewers see the teams they review; members get not-found', async () => {
    expect((await page.goto('/dashboard'))?.status()).toBe(404);
    await signOut(page);
    await signIn(page, admin);
    const teamsTable = page.getByRole('table', { name: 'Teams, sortable' });
    // Other tests create teams in parallel, so both lists are read again until they were read between two of those.
    await expect
      .poll(async () => {
        await page.goto('/admin/teams');
        const listed = await page.getByRole('main').getByRole('table').getByRole('row').count();
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
        await expect(teamsTable).toBeVisible();
        return (await teamsTable.getByRole('row').count()) - listed;
      }, { timeout: 60_000 })
      .toBe(0);
    await teamsTable.getByRole('link', { name: 'Readiness' }).click();
    await expect(page.getByRole('table', { name: 'Teams, sortable' }).getByRole('columnheader', { name: /Readiness/ })).toHaveAttribute('aria-sort', 'ascending');
    await expectNoAxeViolations(page, 'org dashboard');
    await page.screenshot({ path: path.join(e2eState().dataDir, '..', 'org-dashboard.png'), fullPage: true });
    await signOut(page);
    await signIn(page, rob);
    await page.goto('/dashboard');
    const robTeams = page.getByRole('table', { name: 'Teams, sortable' }).getByRole('row');
    await expect(robTeams).toHaveCount(3);
  });
});
