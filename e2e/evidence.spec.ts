import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { profileByQuestion } from './support/catalog';
import { E2E_PORT } from './support/env';
import { elfFile, pdfFile, pngFile, sha256 } from './support/files';
import { createAssessment, createTeamWith, createUserViaCli, e2eState, sessionCookie, signIn, signOut } from './support/fixtures';

const profile = profileByQuestion({ hasBrowserSessions: true, storesCustomerData: true });
const ITEM = 'secrets-not-in-source';

async function openItem(page: Page, checklist: string) {
  await page.goto(`${checklist}/items/${ITEM}`);
  await expect(page.getByRole('heading', { name: /Evidence \(/ })).toBeVisible();
}

function evidenceFiles(): string[] {
  const dir = path.join(e2eState().dataDir, 'evidence');
  return readdirSync(dir).filter((f) => /^[a-f0-9]{32}$/.test(f));
}
function tempFiles(): string[] {
  return readdirSync(path.join(e2eState().dataDir, 'evidence', 'tmp'));
}

test('files, links and notes as evidence: upload with progress, verified download, revisions, other teams locked out', async ({ page, browser }) => {
  const admin = createUserViaCli({ admin: true });
  const member = createUserViaCli({ name: `Eve Evidence ${Date.now()}` });
  const outsider = createUserViaCli();
  const teamId = createTeamWith(admin, [{ user: member, role: 'member' }]);
  createTeamWith(admin, [{ user: outsider, role: 'member' }]);
  await signIn(page, member);
  const checklist = await createAssessment(page, teamId, { appName: 'Vault App', kind: 'Forge app', baseUrl: 'https://vault.example.com', launch: '2027-06-01', profile });
  await openItem(page, checklist);

  const pdf = pdfFile('architecture review');
  const png = pngFile();
  await test.step('upload a PDF and a PNG at once, with progress', async () => {
    await page.getByLabel('Choose files or drop them here').setInputFiles([
      { name: 'review.pdf', mimeType: 'application/pdf', buffer: pdf },
      { name: 'screenshot.png', mimeType: 'image/png', buffer: png },
    ]);
    await expect(page.getByRole('progressbar', { name: 'Upload progress of review.pdf' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Uploads' }).getByText('Uploaded')).toHaveCount(2);
    await expect(page.getByRole('link', { name: 'review.pdf' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'screenshot.png' })).toBeVisible();
    await expect(page.getByRole('row', { name: /review\.pdf/ })).toContainText(sha256(pdf).slice(0, 12));
    await expect(page.getByRole('row', { name: /review\.pdf/ })).toContainText(member.name);
  });

  await test.step('add a link and a note', async () => {
    await page.getByLabel('Link title').fill('Vault policy');
    await page.getByLabel('Link address').fill('https://wiki.example.com/security/vault');
    await page.getByRole('button', { name: 'Add link' }).click();
    await expect(page.getByRole('link', { name: 'Vault policy' })).toHaveAttribute('rel', 'noopener noreferrer nofollow');
    await expect(page.getByText('(wiki.example.com)')).toBeVisible();
    await page.getByLabel('Note title').fill('Rotation check');
    await page.getByLabel('Note', { exact: true }).fill('Checked <b>all</b> secrets on 2026-11-20.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText('Rotation check', { exact: true }).click();
    await expect(page.getByText('Checked <b>all</b> secrets on 2026-11-20.')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Evidence (4)' })).toBeVisible();
  });

  await test.step('download the PDF: same SHA-256 as the original, safe headers', async () => {
    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('link', { name: 'review.pdf' }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toBe('review.pdf');
    const saved = await download.path();
    const { readFileSync } = await import('node:fs');
    expect(sha256(readFileSync(saved))).toBe(sha256(pdf));
    const href = await page.getByRole('link', { name: 'review.pdf' }).getAttribute('href');
    const response = await page.request.get(href!);
    const h = response.headers();
    expect(h['content-disposition']).toContain('attachment');
    expect(h['content-type']).toBe('application/pdf');
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['cache-control']).toBe('no-store');
    expect(h['content-security-policy']).toMatch(/^sandbox; default-src 'none'; frame-ancestors 'none'$/);
    expect(h['x-frame-options']).toBe('DENY');
  });

  await test.step('preview the PNG and the PDF inline: sandboxed, frameable only by our own pages', async () => {
    await page.getByRole('button', { name: 'Preview screenshot.png' }).click();
    const image = page.getByRole('img', { name: 'Preview of screenshot.png' });
    await expect(image).toBeVisible();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Preview review.pdf' }).click();
    await expect(page.getByTitle('Preview of review.pdf')).toBeVisible();
    // Chromium's PDF viewer draws the file inside the frame rather than downloading it.
    await expect.poll(() => page.frames().some((f) => f.url().startsWith('chrome-extension://'))).toBe(true);
    const src = (await page.getByTitle('Preview of review.pdf').getAttribute('src'))!;
    const inline = await page.request.get(src);
    expect(inline.status()).toBe(200);
    expect(inline.headers()['content-disposition']).toMatch(/^inline; /);
    expect(inline.headers()['content-security-policy']).toContain('sandbox');
    expect(inline.headers()['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(inline.headers()['x-frame-options']).toBe('SAMEORIGIN');
    expect(sha256(await inline.body())).toBe(sha256(pdf));
  });

  const pdfHref = (await page.getByRole('link', { name: 'review.pdf' }).getAttribute('href'))!;
  await test.step('replace the PDF: two revisions, the first kept', async () => {
    const v2 = pdfFile('second revision');
    await page.getByLabel('Replace review.pdf').setInputFiles({ name: 'review-v2.pdf', mimeType: 'application/pdf', buffer: v2 });
    await expect(page.getByRole('link', { name: 'review-v2.pdf' })).toBeVisible();
    const row = page.getByRole('row', { name: /review-v2\.pdf/ });
    await expect(row).toContainText('Revision 2');
    await row.getByText('Earlier revisions (1)').click();
    await expect(row.getByRole('link', { name: 'review.pdf' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Evidence (4)' })).toBeVisible();
    expect((await page.request.get(pdfHref)).status()).toBe(200);
  });

  await test.step('a member of another team gets not-found on the download URL', async () => {
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signIn(otherPage, outsider);
    const response = await otherPage.request.get(pdfHref);
    expect(response.status()).toBe(404);
    expect(await response.text()).not.toContain('%PDF');
    const upload = await otherPage.request.post(`/api/evidence/upload?assessmentId=${checklist.split('/').pop()}&catalogItemId=${ITEM}&name=x.pdf`, { data: pdf, headers: { 'content-type': 'application/octet-stream' } });
    expect(upload.status()).toBe(404);
    await other.close();
  });

  await test.step('expired evidence is flagged on the item and counts as missing on the checklist', async () => {
    await page.getByLabel('Link title').fill('Old pentest report');
    await page.getByLabel('Link address').fill('https://reports.example.com/pentest-2019');
    await page.getByLabel('Link valid until (optional)').fill('2020-01-31');
    await page.getByRole('button', { name: 'Add link' }).click();
    await expect(page.getByRole('row', { name: /Old pentest report/ })).toContainText('2020-01-31 (expired)');
    await page.goto(checklist);
    const row = page.getByRole('row', { name: /Secrets are kept out of source code/ });
    // Four valid pieces (PDF revision 2, PNG, link, note) and the expired link counted apart.
    await expect(row).toContainText('4 (1 expired)');
  });

  await test.step('signed out: 401, nothing served', async () => {
    const anonymous = await browser.newContext();
    const response = await anonymous.request.get(pdfHref);
    expect(response.status()).toBe(401);
    await anonymous.close();
  });
});

test('bad uploads: over the limit, wrong type, hostile names, aborted halfway — clear errors and nothing left behind', async ({ page, context }) => {
  const admin = createUserViaCli({ admin: true });
  const member = createUserViaCli();
  const teamId = createTeamWith(admin, [{ user: member, role: 'member' }]);
  await signIn(page, member);
  const checklist = await createAssessment(page, teamId, { appName: 'Bad Upload App', kind: 'Forge app', baseUrl: 'https://bad-upload.example.com', launch: '2027-06-01', profile });
  const assessmentId = checklist.split('/').pop()!;
  const url = (name: string) => `/api/evidence/upload?assessmentId=${assessmentId}&catalogItemId=${ITEM}&name=${encodeURIComponent(name)}`;
  const filesBefore = evidenceFiles().length;

  await test.step('one byte over the limit → 413 with a message, nothing on disk', async () => {
    const tooBig = Buffer.concat([pdfFile(), Buffer.alloc(5 * 1024 * 1024 + 1 - pdfFile().length)]);
    const r = await page.request.post(url('big.pdf'), { data: tooBig, headers: { 'content-type': 'application/octet-stream' } });
    expect(r.status()).toBe(413);
    expect((await r.json()).error).toBe('The file is larger than the limit of 5 MB.');
    expect(evidenceFiles().length).toBe(filesBefore);
    expect(tempFiles()).toEqual([]);
  });

  await test.step('an executable renamed .pdf → 415, shown in the page too', async () => {
    const r = await page.request.post(url('invoice.pdf'), { data: elfFile(), headers: { 'content-type': 'application/octet-stream' } });
    expect(r.status()).toBe(415);
    expect((await r.json()).error).toContain('does not match its .pdf extension');
    await openItem(page, checklist);
    await page.getByLabel('Choose files or drop them here').setInputFiles({ name: 'tool.pdf', mimeType: 'application/pdf', buffer: elfFile() });
    await expect(page.getByText(/does not match its \.pdf extension/)).toBeVisible();
    expect(evidenceFiles().length).toBe(filesBefore);
  });

  await test.step('hostile file names are stored safely and shown as text', async () => {
    const names = ['../../etc/passwd.pdf', 'nul\u0000byte.pdf', `${'long'.repeat(500)}.pdf`, 'invoice\u202Efdp.pdf', '<img src=x onerror=alert(1)>.pdf'];
    for (const name of names) {
      const r = await page.request.post(url(name), { data: pdfFile(), headers: { 'content-type': 'application/octet-stream' } });
      expect(r.status(), name.slice(0, 20)).toBe(201);
    }
    await openItem(page, checklist);
    await expect(page.getByRole('link', { name: 'passwd.pdf', exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: 'nulbyte.pdf', exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: 'invoicefdp.pdf', exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: '<img src=x onerror=alert(1)>.pdf' })).toBeVisible();
    const long = page.getByRole('link', { name: /^long[a-z]*\.pdf$/ });
    expect([...(await long.innerText())].length).toBe(255);
  });

  await test.step('an upload aborted halfway leaves nothing behind', async () => {
    const cookie = await sessionCookie(context);
    const before = evidenceFiles().length;
    await new Promise<void>((resolve) => {
      const req = http.request({ host: 'localhost', port: E2E_PORT, method: 'POST', path: url('aborted.pdf'), headers: { cookie: `${cookie.name}=${cookie.value}`, 'content-type': 'application/octet-stream', 'content-length': String(4 * 1024 * 1024) } });
      req.on('error', () => resolve());
      req.write(pdfFile());
      req.write(Buffer.alloc(1024 * 1024));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 500);
    });
    await expect.poll(() => tempFiles().length, { timeout: 10_000 }).toBe(0);
    expect(evidenceFiles().length).toBe(before);
    await openItem(page, checklist);
    await expect(page.getByRole('link', { name: 'aborted.pdf' })).toHaveCount(0);
  });
});

test('a file altered on disk is refused on download, logged and audited', async ({ page }) => {
  const admin = createUserViaCli({ admin: true });
  const member = createUserViaCli();
  const teamId = createTeamWith(admin, [{ user: member, role: 'member' }]);
  await signIn(page, member);
  const checklist = await createAssessment(page, teamId, { appName: 'Tamper App', kind: 'Forge app', baseUrl: 'https://tamper.example.com', launch: '2027-06-01', profile });
  const assessmentId = checklist.split('/').pop()!;
  const body = Buffer.concat([pdfFile('tamper'), Buffer.alloc(3 * 1024 * 1024, 0x41)]);
  const r = await page.request.post(`/api/evidence/upload?assessmentId=${assessmentId}&catalogItemId=${ITEM}&name=tamper.pdf`, { data: body, headers: { 'content-type': 'application/octet-stream' } });
  expect(r.status()).toBe(201);
  const { id } = await r.json();

  const db = new Database(path.join(e2eState().dataDir, 'preflight.db'), { readonly: true });
  const { stored_name } = db.prepare('select stored_name from evidence where id = ?').get(id) as { stored_name: string };
  const file = path.join(e2eState().dataDir, 'evidence', stored_name);
  const bytes = readFileSync(file);
  bytes[2 * 1024 * 1024] = bytes[2 * 1024 * 1024]! ^ 0x01;
  writeFileSync(file, bytes);

  let received: Buffer | null = null;
  try {
    received = await (await page.request.get(`/api/evidence/${id}`)).body();
  } catch {
    // The connection is cut off: that is the expected outcome.
  }
  // Whatever arrived is not the whole file.
  expect(received === null || received.length < body.length).toBe(true);
  await expect.poll(() => (db.prepare("select count(*) as n from audit_log where action = 'evidence.integrity-failed' and target_id = ?").get(id) as { n: number }).n).toBe(1);
  expect(readFileSync(e2eState().logFile, 'utf8')).toContain('"event":"evidence.integrity-failed"');
  db.close();

  // One integrity failure is enough for a security alert, linked to its audit entry.
  await signOut(page);
  await signIn(page, admin);
  await page.goto('/admin/alerts');
  const alertRow = page.getByRole('region', { name: /^Open/ }).getByRole('row', { name: new RegExp(`evidence ${id}`) });
  await expect(alertRow).toContainText('Evidence failed its integrity check');
  await alertRow.getByRole('link', { name: '1 audit entry' }).click();
  await expect(page.getByRole('row', { name: /evidence\.integrity-failed/ })).toHaveCount(1);
});

test('deleting hides evidence from the team; an admin can then purge the file for good', async ({ page, browser }) => {
  const admin = createUserViaCli({ admin: true });
  const member = createUserViaCli();
  const teamId = createTeamWith(admin, [{ user: member, role: 'member' }]);
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  await signIn(memberPage, member);
  const checklist = await createAssessment(memberPage, teamId, { appName: 'Purge App', kind: 'Forge app', baseUrl: 'https://purge.example.com', launch: '2027-06-01', profile });
  await openItem(memberPage, checklist);
  await memberPage.getByLabel('Choose files or drop them here').setInputFiles({ name: 'old-scan.pdf', mimeType: 'application/pdf', buffer: pdfFile('old scan') });
  await expect(memberPage.getByRole('link', { name: 'old-scan.pdf' })).toBeVisible();
  const href = (await memberPage.getByRole('link', { name: 'old-scan.pdf' }).getAttribute('href'))!;
  const filesBefore = evidenceFiles();
  await memberPage.getByRole('button', { name: 'Delete old-scan.pdf' }).click();
  await expect(memberPage.getByRole('link', { name: 'old-scan.pdf' })).toHaveCount(0);
  await expect(memberPage.getByText('Deleted evidence')).toHaveCount(0);
  expect((await memberPage.request.get(href)).status()).toBe(404);
  await memberContext.close();

  await signIn(page, admin);
  await openItem(page, checklist);
  await page.getByText('Deleted evidence (1)').click();
  // Still downloadable for the record until purged.
  expect((await page.request.get(href)).status()).toBe(200);
  await page.getByRole('button', { name: 'Purge old-scan.pdf' }).click();
  await expect(page.getByText(/old-scan\.pdf \(file, deleted .*\) — purged/)).toBeVisible();
  // Exactly one file that was there is gone: other specs may add files to the shared folder meanwhile.
  const filesAfter = evidenceFiles();
  expect(filesBefore.filter((f) => !filesAfter.includes(f))).toHaveLength(1);
  expect((await page.request.get(href)).status()).toBe(404);
});
