// A member sets up a team webhook, sees its secret once, and the delivery log shows the signed delivery the
// server's worker posts to a receiver this spec runs on 127.0.0.1 (the e2e server's PROBE_ALLOW_HOSTS opens it).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { verifySignature } from '@/lib/webhooks/signature';
import { catalog, profileByQuestion } from './support/catalog';
import { expectNoAxeViolations } from './support/axe';
import { createAssessment, createTeamWith, createUserViaCli, signIn, signOut } from './support/fixtures';
import { markItemMet } from './support/items';

const NO_TO_ALL = Object.fromEntries(catalog.profileQuestions.map((q) => [q.id, false]));
const ITEM = 'authn-every-request';

let receiver: Server;
let port: number;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  port = (receiver.address() as AddressInfo).port;
});

test.afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

test('a member adds a webhook, sees the secret once, and a sign-off shows up as a signed delivery', async ({ page }) => {
  test.setTimeout(180_000);
  const admin = createUserViaCli({ admin: true });
  const ann = createUserViaCli({ name: 'Ann Hooks' });
  const rita = createUserViaCli({ name: 'Rita Hooks' });
  const teamId = createTeamWith(admin, [
    { user: ann, role: 'member' },
    { user: rita, role: 'reviewer' },
  ]);
  const hooksPage = `/teams/${teamId}/webhooks`;
  const url = `http://127.0.0.1:${port}/preflight-hook`;

  await signIn(page, ann);
  const checklist = await createAssessment(page, teamId, { appName: 'Hook App', kind: 'Forge app', baseUrl: 'https://hooks.example.com', launch: '2027-06-01', profile: profileByQuestion(NO_TO_ALL) });

  await test.step('the team page links to the webhooks page, which passes axe', async () => {
    await page.goto(`/teams/${teamId}`);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Webhooks of / })).toBeVisible();
    await expect(page.getByText('No webhooks yet.')).toBeVisible();
    await expectNoAxeViolations(page, 'webhooks (empty)');
  });

  const form = page.getByRole('form', { name: 'Add a webhook' });
  await test.step('bad input shows field errors and saves nothing', async () => {
    await form.getByRole('button', { name: 'Add webhook' }).click();
    await expect(form.getByText('Enter the address Preflight should post to.')).toBeVisible();
    await expect(form.getByText('Choose at least one event.')).toBeVisible();
    await form.getByLabel('Payload URL').fill('not a url');
    await form.getByRole('button', { name: 'Add webhook' }).click();
    await expect(form.getByText('Enter a full address like https://hooks.example.com/preflight.')).toBeVisible();
    await expect(form.getByLabel('Payload URL')).toHaveAttribute('aria-invalid', 'true');
    // Plain http to a host PROBE_ALLOW_HOSTS does not open: the server's answer lands on the field.
    await form.getByLabel('Payload URL').fill('http://hooks.example.com/in');
    await form.getByRole('checkbox', { name: /An item is signed off/ }).check();
    await form.getByRole('button', { name: 'Add webhook' }).click();
    await expect(form.locator('#webhook-url-error')).toHaveText(/^Use an https:\/\/ address\. Plain http is allowed only/);
    await expect(page.getByText('No webhooks yet.')).toBeVisible();
  });

  const secret = await test.step('a good webhook is added and its secret shown once', async () => {
    await form.getByLabel('Payload URL').fill(url);
    await form.getByRole('button', { name: 'Add webhook' }).click();
    const box = page.getByLabel('Signing secret');
    await expect(box).toHaveValue(/^whsec_[A-Za-z0-9_-]{43}$/);
    const value = await box.inputValue();
    await expect(page.getByRole('table').first()).toContainText(url);
    await expectNoAxeViolations(page, 'webhooks (secret shown)');
    await page.reload();
    await expect(page.getByLabel('Signing secret')).toHaveCount(0);
    expect(await page.content()).not.toContain(value);
    return value;
  });

  await test.step('a reviewer signs the item off; the worker delivers it, signed', async () => {
    await markItemMet(page, checklist, ITEM, ann.name);
    await signOut(page);
    await signIn(page, rita);
    await page.goto(`${checklist}/items/${ITEM}`);
    await page.getByRole('region', { name: 'Review' }).getByRole('button', { name: 'Approve and sign off' }).click();
    await expect(page.getByRole('region', { name: 'Review' }).getByText('✓ Signed off')).toBeVisible();
    // Reviewers are told webhooks are not theirs to manage.
    await page.goto(hooksPage);
    await expect(page.getByText('Only the team’s members and admins manage its webhooks.')).toBeVisible();
    await expect(page.getByRole('form', { name: 'Add a webhook' })).toHaveCount(0);
    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(1);
    const got = received[0]!;
    expect(got.headers['preflight-event']).toBe('item.signed-off');
    expect(verifySignature(secret, got.headers['preflight-signature'] as string, got.body)).toBe(true);
    expect(JSON.parse(got.body)).toMatchObject({ event: 'item.signed-off', data: { item: { id: ITEM }, signedOffBy: { name: rita.name } } });
  });

  await test.step('the delivery log shows it; disable and delete ask first and say what happens', async () => {
    await signOut(page);
    await signIn(page, ann);
    await page.goto(hooksPage);
    const log = page.getByRole('region', { name: 'Delivery log' });
    await expect(log.getByRole('row', { name: /item\.signed-off.*Delivered/ })).toBeVisible();
    await expect(log).toContainText('HTTP 204');
    await expectNoAxeViolations(page, 'webhooks (delivery log)');
    const host = `127.0.0.1:${port}`;
    await page.getByRole('button', { name: `Disable webhook to ${host}` }).click();
    const dialog = page.getByRole('dialog', { name: `Disable the webhook to ${host}?` });
    await expect(dialog).toContainText('deliveries still waiting to be sent are dropped');
    await dialog.getByRole('button', { name: 'Disable webhook' }).click();
    await expect(page.getByRole('region', { name: /^Webhooks/ }).getByRole('cell', { name: 'Disabled' })).toBeVisible();
    await page.getByRole('button', { name: `Delete webhook to ${host}` }).click();
    const del = page.getByRole('dialog', { name: `Delete the webhook to ${host}?` });
    await expect(del).toContainText('its delivery log are deleted');
    await del.getByRole('button', { name: 'Delete webhook' }).click();
    await expect(page.getByText('No webhooks yet.')).toBeVisible();
    await expect(page.getByText('Nothing delivered yet.')).toBeVisible();
  });
});
