import { expect, test, type APIResponse } from '@playwright/test';
import { createUserViaCli, signIn } from './support/fixtures';
import net from 'node:net';
import { E2E_PORT } from './support/env';
import { rawStatus } from './support/raw-http';

function expectBaseline(response: APIResponse) {
  const h = response.headers();
  const csp = h['content-security-policy'] ?? '';
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]) expect(csp).toContain(directive);
  const hsts = h['strict-transport-security'] ?? '';
  expect(Number(hsts.match(/max-age=(\d+)/)?.[1])).toBeGreaterThanOrEqual(31_536_000);
  expect(hsts).toContain('includeSubDomains');
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['x-frame-options']).toBe('DENY');
  expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(h['permissions-policy']).toContain('camera=()');
  expect(h['x-powered-by']).toBeUndefined();
  expect(h['x-xss-protection']).toBe('0');
  expect(h['cache-control']).toContain('no-store');
}

test('every method outside the allowed set gets 405, on pages and API routes', async ({ request }) => {
  for (const path of ['/', '/login', '/api/health', '/api/auth/session']) {
    const trace = await request.fetch(path, { method: 'TRACE' });
    expect(trace.status(), `TRACE ${path}`).toBe(405);
    expect(trace.headers()['allow']).toContain('GET');
    expect(await trace.text()).not.toMatch(/at .*\.js/);
    expect(trace.headers()['x-xss-protection']).toBe('0');
    expect(await rawStatus('TRACK', path), `TRACK ${path}`).toBe(405);
  }
  expect(await rawStatus('CONNECT', 'localhost:443')).toBe(405);
  expect((await request.get('/api/health')).status()).toBe(200);
});

test('security headers on the sign-in page, an authenticated page and the session API', async ({ page, request }) => {
  const loginPage = await request.get('/login');
  expect(loginPage.status()).toBe(200);
  expectBaseline(loginPage);

  const user = createUserViaCli();
  await signIn(page, user);
  const catalog = await page.request.get('/catalog');
  expect(catalog.status()).toBe(200);
  expect(await catalog.text()).toContain('Checklist catalog');
  expectBaseline(catalog);

  const session = await page.request.get('/api/auth/session');
  expect((await session.json()).user?.email).toBe(user.email);
  expectBaseline(session);
});

test('session cookie is HttpOnly, Secure, SameSite=Lax and __Host- prefixed; each sign-in issues a new token', async ({ page, context, browser }) => {
  const user = createUserViaCli();
  await signIn(page, user);
  const first = (await context.cookies()).find((c) => c.name.startsWith('__Host-preflight.session'));
  expect(first).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
  // 256-bit token: 43 base64url characters.
  expect(first!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, user);
  const second = (await other.cookies()).find((c) => c.name === first!.name);
  expect(second!.value).not.toBe(first!.value);
  await other.close();
});

test('pages run under the CSP without violations', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) violations.push(m.text());
  });
  const user = createUserViaCli({ admin: true });
  await signIn(page, user);
  for (const path of ['/', '/catalog', '/admin/users', '/admin/teams']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }
  // A client-side interaction proves hydrated scripts run.
  await page.getByLabel('Team name').fill('x'.repeat(81));
  await page.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByText('Use at most 80 characters.')).toBeVisible();
  expect(violations).toEqual([]);
});

test('error pages show no stack trace', async ({ request }) => {
  const missing = await request.get('/no/such/page');
  expect(missing.status()).toBe(404);
  const body = await missing.text();
  expect(body).toContain('Not found');
  expect(body).not.toMatch(/node_modules|at [A-Za-z]+ \(/);
  const badCallback = await request.post('/api/auth/callback/credentials', { form: { email: 'x'.repeat(5000), password: 'y' } });
  expect(badCallback.status()).toBeLessThan(500);
});

test('X-XSS-Protection: 0 also on static assets, the health check and routes the proxy skips', async ({ page, request }) => {
  expect((await request.get('/api/health')).headers()['x-xss-protection']).toBe('0');
  expect((await request.get('/api/evidence/00000000-0000-0000-0000-000000000000')).headers()['x-xss-protection']).toBe('0');
  await page.goto('/login');
  const script = await page.locator('script[src*="/_next/static/"]').first().getAttribute('src');
  expect((await request.get(script!)).headers()['x-xss-protection']).toBe('0');
});

/** Opens a POST with a declared body, writes `chunks` at the given times, and reports when the server answered or hung up. */
function slowBody(schedule: { atMs: number; bytes: number }[], declared: number): Promise<{ closedAfterMs: number; status: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(E2E_PORT, 'localhost', () => {
      socket.write(`POST /api/reports/verify HTTP/1.1\r\nHost: localhost:${E2E_PORT}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${declared}\r\n\r\n`);
      for (const step of schedule) setTimeout(() => socket.writable && socket.write(Buffer.alloc(step.bytes, 0x25)), step.atMs);
    });
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('close', () => resolve({ closedAfterMs: Date.now() - started, status: Number(data.match(/^HTTP\/1\.1 (\d{3})/)?.[1] ?? 0) }));
    socket.on('error', () => undefined);
    setTimeout(() => reject(new Error('the server never let go of the socket')), 90_000);
  });
}

test('a request body that stalls for 30 s is dropped; one that keeps trickling in is not', async () => {
  test.setTimeout(120_000);
  const [stalled, trickling] = await Promise.all([
    slowBody([{ atMs: 0, bytes: 10 }], 1000),
    // 40 bytes spread over 39 s: longer than the idle limit in total, but never silent for long.
    slowBody(Array.from({ length: 40 }, (_, i) => ({ atMs: i * 1000, bytes: 1 })), 40),
  ]);
  expect(stalled.status).toBe(0);
  expect(stalled.closedAfterMs).toBeGreaterThanOrEqual(29_000);
  expect(stalled.closedAfterMs).toBeLessThan(60_000);
  // Not signed in: the whole body arrived and the route answered.
  expect(trickling.status).toBe(401);
  expect(trickling.closedAfterMs).toBeGreaterThanOrEqual(39_000);
});

test('upload and verify refuse cross-site requests and bodies that are not raw files', async ({ page }) => {
  const user = createUserViaCli();
  await signIn(page, user);
  const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
  const hostile: Record<string, string>[] = [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'https://evil.example' }, { origin: 'null' }];
  for (const headers of hostile) {
    for (const url of ['/api/reports/verify', '/api/evidence/upload?assessmentId=00000000-0000-0000-0000-000000000000&catalogItemId=x&name=a.pdf']) {
      const r = await page.request.post(url, { data: pdf, headers: { 'content-type': 'application/octet-stream', ...headers } });
      expect(r.status(), `${url} ${JSON.stringify(headers)}`).toBe(403);
      expect((await r.json()).error).toBe('Requests from other sites are refused.');
    }
  }
  for (const type of ['text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded']) {
    const r = await page.request.post('/api/reports/verify', { data: pdf, headers: { 'content-type': type } });
    expect(r.status(), type).toBe(415);
    expect((await r.json()).error).toMatch(/Content-Type: application\/octet-stream/);
  }
  // The browser itself, on our own page, is same-origin and gets through.
  await page.goto('/verify');
  const status = await page.evaluate(async () => (await fetch('/api/reports/verify', { method: 'POST', body: new Blob(['not a report']), headers: { 'content-type': 'application/octet-stream' } })).status);
  expect(status).toBe(200);
});
