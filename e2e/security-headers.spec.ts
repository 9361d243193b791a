import { expect, test, type APIResponse } from '@playwright/test';
import { createUserViaCli, signIn } from './support/fixtures';
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
  expect(h['cache-control']).toContain('no-store');
}

test('every method outside the allowed set gets 405, on pages and API routes', async ({ request }) => {
  for (const path of ['/', '/login', '/api/health', '/api/auth/session']) {
    const trace = await request.fetch(path, { method: 'TRACE' });
    expect(trace.status(), `TRACE ${path}`).toBe(405);
    expect(trace.headers()['allow']).toContain('GET');
    expect(await trace.text()).not.toMatch(/at .*\.js/);
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
