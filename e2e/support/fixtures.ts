import { envForDataDir } from '@/lib/secrets';
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { E2E_STATE_FILE, type E2EState } from './env';
import { openDbReader } from './db-fingerprint';
import type { World } from './seed-world';

export function e2eState(): E2EState {
  return JSON.parse(readFileSync(E2E_STATE_FILE, 'utf8')) as E2EState;
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}@example.com`;
}

export const GOOD_PASSWORD = 'Orbit-Lantern-42-Quietly';

export type TestUser = { email: string; name: string; password: string };

/** Creates an account through the real CLI against the server's data folder (the headless-install path). */
export function createUserViaCli(options: { name?: string; admin?: boolean; prefix?: string } = {}): TestUser {
  const email = uniqueEmail(options.prefix ?? (options.admin ? 'admin' : 'user'));
  const name = options.name ?? `Test ${email.split('@')[0]}`;
  const args = ['--conditions=react-server', '--import', 'tsx', 'scripts/user-create.ts', '--email', email, '--name', name];
  if (options.admin) args.push('--admin');
  const r = spawnSync(process.execPath, args, { input: GOOD_PASSWORD, encoding: 'utf8', env: envForDataDir(e2eState().dataDir) });
  if (r.status !== 0) throw new Error(`user:create failed: ${r.stderr}`);
  return { email, name, password: GOOD_PASSWORD };
}

export async function signIn(page: Page, user: Pick<TestUser, 'email' | 'password'>) {
  // A sign-out's own redirect may still be landing; a second attempt then goes through.
  await page.goto('/login').catch(() => page.goto('/login'));
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** Signs out through the UI and waits until the signed-out page has landed, so the next navigation cannot race it. */
export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/login\?notice=signed-out/);
  await expect(page.getByText('You are signed out.')).toBeVisible();
}

export async function sessionCookie(context: BrowserContext) {
  const cookie = (await context.cookies()).find((c) => c.name === '__Host-preflight.session');
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

export type CapturedAction = { url: string; headers: Record<string, string>; body: string };

/** Records the server-action request a UI interaction sends, so a test can replay it as someone else. */
export async function captureServerAction(page: Page, trigger: () => Promise<void>): Promise<CapturedAction> {
  const requestPromise = page.waitForRequest((r) => r.method() === 'POST' && Boolean(r.headers()['next-action']));
  await trigger();
  const request = await requestPromise;
  const headers = request.headers();
  return {
    url: request.url(),
    headers: { 'next-action': headers['next-action']!, 'content-type': headers['content-type'] ?? 'text/plain;charset=UTF-8', accept: 'text/x-component' },
    body: request.postData() ?? '',
  };
}

/** Calls a server action directly with chosen arguments from the given (signed-in) context. */
export async function callServerAction(context: BrowserContext, action: CapturedAction, args: unknown[]) {
  const response = await context.request.post(action.url, { headers: action.headers, data: JSON.stringify(args) });
  return { status: response.status(), text: await response.text() };
}

/** An admin creates a team with the given people in their roles (through the query layer); returns the team's id. */
export function createTeamWith(admin: TestUser, people: { user: TestUser; role: 'member' | 'reviewer' | 'auditor' }[]): string {
  const input = { adminEmail: admin.email, people: people.map(({ user, role }) => ({ email: user.email, role })) };
  const r = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'e2e/support/seed-team.ts', JSON.stringify(input)], { encoding: 'utf8', env: envForDataDir(e2eState().dataDir, process.env, { LOG_LEVEL: 'warn' }) });
  if (r.status !== 0) throw new Error(`seed-team failed: ${r.stderr}`);
  return (JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { teamId: string }).teamId;
}

export type ProfileChoice = Record<string, 'yes' | 'no'>;

/** Fills the new-assessment form as a team member would and returns the checklist's URL path. */
export async function createAssessment(page: Page, teamId: string, input: { appName: string; kind: 'Connect app' | 'Forge app' | 'Other'; baseUrl: string; launch: string; profile: Record<string, boolean> }) {
  await page.goto(`/teams/${teamId}/assessments/new`);
  await page.getByLabel('App name').fill(input.appName);
  await page.getByRole('radio', { name: input.kind }).check();
  await page.getByLabel('Base URL').fill(input.baseUrl);
  await page.getByLabel('Target launch date').fill(input.launch);
  for (const [question, yes] of Object.entries(input.profile)) {
    await page.getByRole('group', { name: question }).getByRole('radio', { name: yes ? 'Yes' : 'No' }).check();
  }
  await page.getByRole('button', { name: 'Create assessment' }).click();
  await expect(page.getByRole('heading', { level: 1, name: input.appName })).toBeVisible();
  return new URL(page.url()).pathname;
}

/** Answers and signs off every applicable item but `except`, through the query layer (see sign-off-all.ts). */
export function signOffAllExcept(input: { assessmentId: string; memberEmail: string; reviewerEmail: string; except: string[] }): number {
  const r = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'e2e/support/sign-off-all.ts', JSON.stringify(input)], { encoding: 'utf8', env: envForDataDir(e2eState().dataDir) });
  if (r.status !== 0) throw new Error(`sign-off-all failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { signed: number }).signed;
}

/** Seeds two teams with a person in every role and records of every kind (e2e/support/seed-world.ts). */
export function seedWorld(dataDir = e2eState().dataDir): World {
  const r = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'e2e/support/seed-world.ts'], { encoding: 'utf8', env: envForDataDir(dataDir, process.env, { LOG_LEVEL: 'warn' }) });
  if (r.status !== 0) throw new Error(`seed-world failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as World;
}

/** A hash per table of the e2e database's records (db/testing/fingerprint.ts): equal before and after means nothing was written. */
export function dbFingerprint(): Record<string, string> {
  const reader = openDbReader(e2eState().dataDir);
  try {
    return reader.fingerprint();
  } finally {
    reader.close();
  }
}
