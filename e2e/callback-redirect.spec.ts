import { expect, test, type BrowserContext } from '@playwright/test';
import { callbackBypasses } from '../lib/testing/callback-bypasses';
import { E2E_BASE_URL } from './support/env';
import { createUserViaCli, signIn } from './support/fixtures';

// The corpus shared with the unit test, as query strings. A lone surrogate cannot be percent-encoded as UTF-8,
// so it goes in as the bytes a hand-written URL would carry.
const encode = (v: string) => {
  try {
    return encodeURIComponent(v);
  } catch {
    return v.replace(/[\ud800-\udfff]/g, '%ED%A0%80').replace(/\//g, '%2F');
  }
};
const QUERIES = [
  ...callbackBypasses(E2E_BASE_URL).map(encode),
  // As a person pastes them: the reported one decodes to "/\t/evil.example".
  '/%09/evil.example',
  '/%0A/evil.example',
  '/%0D/evil.example',
  '%2F%09%2Fevil.example',
  '//evil.example',
  '/\\evil.example',
  '/%5Cevil.example',
  '%5C%5Cevil.example',
  'https:evil.example',
  'javascript:alert(1)',
];

const sameOrigin = (location: string) => new URL(location, `${E2E_BASE_URL}/login`).origin === E2E_BASE_URL;

/** Refuses (and remembers) every request the browser tries to send anywhere but our server. */
async function keepOnLoopback(context: BrowserContext): Promise<string[]> {
  const elsewhere: string[] = [];
  await context.route(
    (url) => url.origin !== E2E_BASE_URL,
    (route) => {
      elsewhere.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  return elsewhere;
}

test('a signed-in user opening /login with a hostile callbackUrl is redirected within our origin', async ({ page, context }) => {
  const elsewhere = await keepOnLoopback(context);
  await signIn(page, createUserViaCli());

  for (const query of QUERIES) {
    const response = await page.request.get(`/login?callbackUrl=${query}`, { maxRedirects: 0 });
    expect(response.status(), query).toBe(307);
    const location = response.headers()['location'] ?? '';
    expect(location, query).toMatch(/^\/(?!\/)/);
    expect(location, query).not.toMatch(/[\u0000-\u0020\u007f\\]/);
    expect(sameOrigin(location), `${query} → ${location}`).toBe(true);
  }

  // A real browser, which strips tabs and turns backslashes into slashes before it follows a Location.
  for (const query of QUERIES.slice(-10)) {
    await page.goto(`/login?callbackUrl=${query}`);
    expect(new URL(page.url()).origin, query).toBe(E2E_BASE_URL);
  }
  expect(elsewhere).toEqual([]);
});

test('next-auth’s own endpoint answers a hostile callbackUrl with a URL on our origin', async ({ page }) => {
  // One real sign-in (a password hash) per value: ~80 of them on two cores.
  test.setTimeout(300_000);
  const user = createUserViaCli();
  const csrf = await page.request.get('/api/auth/csrf').then((r) => r.json());
  const raw = new Set(QUERIES.slice(-10));
  for (const query of QUERIES) {
    const callbackUrl = decodeURIComponent(query.replace(/%ED%A0%80/g, '%EF%BF%BD'));
    // JSON (what next-auth's client reads) for every value; the plain redirect for the hand-written ones.
    for (const json of raw.has(query) ? ['true', 'false'] : ['true']) {
      const response = await page.request.post('/api/auth/callback/credentials', {
        form: { csrfToken: csrf.csrfToken, email: user.email, password: user.password, callbackUrl, json },
        maxRedirects: 0,
      });
      expect(response.status(), query).toBeLessThan(500);
      const target = json === 'true' ? ((await response.json()) as { url: string }).url : (response.headers()['location'] ?? '');
      expect(new URL(target).origin, `${query} → ${target}`).toBe(E2E_BASE_URL);
      // next-auth's default answers "/\t/evil.example" with our origin plus that raw path (still our host, but
      // one relative hop from "//evil.example"); ours answers only canonical, re-serialized paths.
      expect(target, query).not.toMatch(/[\u0000-\u0020\u007f\\]/);
      expect(new URL(target).pathname, query).not.toMatch(/^\/\//);
    }
  }
});

test('signing in through the form with a hostile callbackUrl lands on our origin', async ({ browser }) => {
  const user = createUserViaCli();
  for (const query of ['/%09/evil.example', encode('//evil.example'), encode('https://evil.example/'), encode('/\\evil.example'), encode('javascript:alert(1)'), encode('/.//evil.example')]) {
    const context = await browser.newContext();
    const elsewhere = await keepOnLoopback(context);
    const page = await context.newPage();
    await page.goto(`/login?callbackUrl=${query}`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    expect(new URL(page.url()).origin, query).toBe(E2E_BASE_URL);
    expect(new URL(page.url()).pathname, query).toBe('/');
    expect(elsewhere, query).toEqual([]);
    await context.close();
  }
});
