import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests against the app started the way users start it (e2e/global-setup.ts:
 * `scripts/start.ts` on a fresh database with demo data). Browsers: Debian's Chromium, because
 * Playwright's own browser download is unreachable here (docs/testing.md).
 */

// Chosen once in the runner process; workers load this file again and inherit the variable,
// so every process agrees on the port.
process.env.E2E_PORT ??= String(3200 + Math.floor(Math.random() * 100));
const baseURL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT}`;

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 2,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    locale: 'uk-UA',
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    {
      name: 'desktop',
      use: { ...devices['Desktop Chrome'] },
      grepInvert: /@phone-only/,
      testIgnore: ['payments/**', 'sms/**', 'proxy/**'],
    },
    {
      name: 'phone',
      use: { ...devices['Pixel 7'] },
      // The staff console is for laptops (its journeys open a phone context where a resident acts).
      testIgnore: ['payments/**', 'sms/**', 'proxy/**', 'staff/**'],
    },
    // Journeys that change fixture accounts run last, on a phone, after every read-only spec
    // has seen the fixtures as the README describes them: choosing SMS (and back to calls,
    // which restores the fixture), then paying the call-list debtor off.
    {
      name: 'sms',
      use: { ...devices['Pixel 7'] },
      testMatch: 'sms/**/*.spec.ts',
      dependencies: ['desktop', 'phone'],
    },
    {
      name: 'payments',
      use: { ...devices['Pixel 7'] },
      testMatch: 'payments/**/*.spec.ts',
      dependencies: ['sms'],
    },
    // nginx in front of two app instances (the e2e app and a second one), last: it kills its
    // own second instance on purpose.
    {
      name: 'proxy',
      testMatch: 'proxy/**/*.spec.ts',
      dependencies: ['payments'],
    },
  ],
});
