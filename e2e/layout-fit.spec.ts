import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { envForDataDir } from '@/lib/secrets';
import { e2eState } from './support/fixtures';
import { layoutProblems } from './support/overflow';

// Every page of the app, at a phone's width and a desktop's, must fit: no sideways scrolling of the page and
// nothing sticking out of its card. The list of pages comes from the build's own route table, so a new page
// that this walk does not visit fails here until it is added.
// LAYOUT_SCREENSHOTS=1 also saves full-page screenshots of the main pages at both widths under test-results/.

type World = {
  admin: { email: string; password: string };
  teams: { payments: string; search: string; mobile: string };
  assessments: { checkout: string; indexer: string; companion: string; probed: string };
  plans: { incidentResponse: string; disasterRecovery: string };
  evidenceItem: string;
  setPasswordPath: string;
};

type Visit = { route: string; path: string; status?: number; shot?: string };

/** Pages of the route table that no visit can show, and why. */
const UNREACHABLE: Record<string, string> = {
  '/_global-error': 'shown only when the root layout itself throws; no URL leads there',
};

function seedWorld(): World {
  const r = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'e2e/support/seed-layout-world.ts'], { encoding: 'utf8', env: envForDataDir(e2eState().dataDir) });
  if (r.status !== 0) throw new Error(`seed-layout-world failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as World;
}

/** Signed out: the sign-in page, a set-password link, and setup (already done). */
function signedOutVisits(w: World): Visit[] {
  return [
    { route: '/login', path: '/login' },
    { route: '/login/second-factor', path: '/login/second-factor' },
    { route: '/set-password', path: w.setPasswordPath },
    { route: '/setup', path: '/setup' },
    { route: '/reports/verify', path: '/reports/verify' },
  ];
}

function signedInVisits(w: World): Visit[] {
  const search = `/teams/${w.teams.search}`;
  const indexer = `${search}/assessments/${w.assessments.indexer}`;
  const payments = `/teams/${w.teams.payments}`;
  const ir = `${payments}/plans/${w.plans.incidentResponse}`;
  return [
    { route: '/', path: '/', shot: 'home' },
    { route: '/catalog', path: '/catalog' },
    { route: '/dashboard', path: '/dashboard' },
    { route: '/reviews', path: '/reviews' },
    { route: '/account', path: '/account' },
    { route: '/verify', path: '/verify' },
    { route: '/admin/users', path: '/admin/users' },
    { route: '/admin/teams', path: '/admin/teams' },
    { route: '/admin/audit', path: '/admin/audit' },
    { route: '/admin/alerts', path: '/admin/alerts' },
    { route: '/admin/tokens', path: '/admin/tokens' },
    { route: '/admin/webhooks', path: '/admin/webhooks' },
    { route: '/account/tokens', path: '/account/tokens' },
    { route: '/account/mfa', path: '/account/mfa' },
    { route: '/admin/settings', path: '/admin/settings' },
    { route: '/developers/api', path: '/developers/api' },
    { route: '/teams/[teamId]/tokens', path: `${search}/tokens` },
    { route: '/teams/[teamId]/webhooks', path: `${search}/webhooks` },
    { route: '/teams/[teamId]', path: search, shot: 'team' },
    { route: '/teams/[teamId]/dashboard', path: `${search}/dashboard` },
    { route: '/teams/[teamId]/plans', path: `${payments}/plans` },
    { route: '/teams/[teamId]/plans/[planId]', path: `${search}/plans/${w.plans.disasterRecovery}`, shot: 'plan-editor' },
    { route: '/teams/[teamId]/plans/[planId]/versions/[number]', path: `${ir}/versions/1` },
    { route: '/teams/[teamId]/plans/[planId]/compare', path: `${ir}/compare?a=1&b=2` },
    { route: '/teams/[teamId]/assessments/new', path: `${search}/assessments/new` },
    { route: '/teams/[teamId]/assessments/[assessmentId]', path: indexer, shot: 'checklist' },
    { route: '/teams/[teamId]/assessments/[assessmentId]', path: `${payments}/assessments/${w.assessments.checkout}` },
    { route: '/teams/[teamId]/assessments/[assessmentId]/settings', path: `${indexer}/settings` },
    { route: '/teams/[teamId]/assessments/[assessmentId]/upgrade', path: `${indexer}/upgrade` },
    { route: '/teams/[teamId]/assessments/[assessmentId]/items/[catalogItemId]', path: `${indexer}/items/${w.evidenceItem}`, shot: 'item' },
    { route: '/teams/[teamId]/assessments/[assessmentId]/probe', path: `${search}/assessments/${w.assessments.probed}/probe`, shot: 'probe' },
    { route: '/teams/[teamId]/assessments/[assessmentId]/items/[catalogItemId]', path: `${search}/assessments/${w.assessments.probed}/items/server-tls-minimum-version` },
    { route: '/_not-found', path: '/no-such-page', status: 404 },
  ];
}

const WIDTHS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
];

let world: World;
let signedIn: Awaited<ReturnType<BrowserContext['storageState']>>;

test.beforeAll(async ({ browser }) => {
  world = seedWorld();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(world.admin.email);
  await page.getByLabel('Password').fill(world.admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Ada Admin' })).toBeVisible();
  signedIn = await context.storageState();
  await context.close();
});

test('the walk covers every page in the build’s route table', () => {
  const manifest = JSON.parse(readFileSync('.next/app-path-routes-manifest.json', 'utf8')) as Record<string, string>;
  const pages = Object.entries(manifest)
    .filter(([file]) => file.endsWith('/page'))
    .map(([, route]) => route);
  const visited = new Set([...signedOutVisits(world), ...signedInVisits(world)].map((v) => v.route));
  const missed = pages.filter((route) => !visited.has(route) && !UNREACHABLE[route]);
  expect(missed, 'pages the layout walk does not visit: add them to e2e/layout-fit.spec.ts').toEqual([]);
  const stale = [...visited, ...Object.keys(UNREACHABLE)].filter((route) => !pages.includes(route));
  expect(stale, 'visits for routes the build no longer has').toEqual([]);
});

test('the fit check reports what sticks out, and leaves scroll boxes alone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 600 });
  const wide = 'wide '.repeat(30);
  // A doctype: in quirks mode the document's own scroll width does not count such overflow.
  await page.setContent(`<!DOCTYPE html><style>.card{padding:8px;border:1px solid}.table-scroll{overflow-x:auto}</style>
    <main><div class="card"><p style="white-space:nowrap">Too wide ${wide}</p>
    <div class="table-scroll"><table><tr><td style="white-space:nowrap">Scrolls ${wide}</td></tr></table></div></div></main>`);
  const { problems } = await layoutProblems(page);
  expect(problems[0]).toMatch(/^the page scrolls sideways: \d+px of content in a 390px window$/);
  expect(problems.slice(1)).toEqual([expect.stringMatching(/^<p> “Too wide wide wide.*” sticks out of <div\.card> “Too wide .*” by \d+px$/)]);

  // An absolutely placed element inside a scroll box that is not its containing block escapes the box.
  await page.setContent(`<!DOCTYPE html><main><div style="overflow-x:auto"><table><tr><td style="white-space:nowrap">${wide}<span class="sr-only" style="position:absolute">Escapee</span></td></tr></table></div></main>`);
  expect((await layoutProblems(page)).problems).toContainEqual(expect.stringMatching(/^<span\.sr-only> “Escapee” sticks out of the window \(escaping its containers\) by \d+px$/));
});

for (const size of WIDTHS) {
  test(`every page fits at ${size.width} px (${size.name})`, async ({ browser }, testInfo) => {
    const problems: string[] = [];
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height } });
    const walk = async (page: Page, visits: Visit[]) => {
      for (const visit of visits) {
        const response = await page.goto(visit.path);
        expect(response?.status(), `${visit.path} answered`).toBe(visit.status ?? 200);
        const fit = await layoutProblems(page);
        expect(fit.heading, `${visit.path} has a main heading`).toBeTruthy();
        problems.push(...fit.problems.map((p) => `${visit.path}: ${p}`));
        if (visit.shot && process.env.LAYOUT_SCREENSHOTS) await page.screenshot({ path: testInfo.outputPath(`${visit.shot}-${size.width}.png`), fullPage: true });
      }
    };

    const first = await context.newPage();
    await walk(first, signedOutVisits(world));
    await context.addCookies(signedIn.cookies);
    // Two tabs of the one context take turns with the pages: while the server renders one, the browser lays out
    // the other.
    const second = await context.newPage();
    const visits = signedInVisits(world);
    await Promise.all([walk(first, visits.filter((_, i) => i % 2 === 0)), walk(second, visits.filter((_, i) => i % 2 === 1))]);
    if (size.width < 700) await checkFoldedMenu(first, problems);
    await context.close();
    expect(problems, `layout problems at ${size.width} px`).toEqual([]);
  });
}

/** On a phone the header's links sit behind Menu: it opens from the keyboard, fits, and Escape closes it. */
async function checkFoldedMenu(page: Page, problems: string[]) {
  await page.goto('/');
  const menu = page.getByRole('button', { name: 'Menu' });
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(nav.getByRole('link', { name: 'Reviews' })).toBeHidden();
  await menu.focus();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(nav.getByRole('link', { name: 'Reviews' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  problems.push(...(await layoutProblems(page)).problems.map((p) => `/ with the menu open: ${p}`));
  await page.keyboard.press('Escape');
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(menu).toBeFocused();
  await menu.click();
  await nav.getByRole('link', { name: 'Catalog' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /catalog/i })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Reviews' }), 'following a link closes the menu').toBeHidden();
}
