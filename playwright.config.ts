import { defineConfig } from '@playwright/test';
import { E2E_BASE_URL } from './e2e/support/env';

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/support/global-setup.ts',
  globalTeardown: './e2e/support/global-teardown.ts',
  timeout: 120_000,
  expect: { timeout: 10_000 },
  workers: 2,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME || 'test-results/e2e.json' }]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
    },
  },
  projects: [
    // The first-admin journey consumes the one-time setup link, so it runs before anything else creates admins.
    { name: 'setup', testMatch: /first-admin\.spec\.ts/ },
    { name: 'app', testIgnore: /first-admin\.spec\.ts/, dependencies: ['setup'] },
  ],
});
