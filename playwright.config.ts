import { defineConfig } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN_PASSWORD, BASE_URL, PORT, YANDEX_STANDIN_PORT } from './e2e/helpers/env';

// One fresh data dir per run. Workers load this file again: they inherit the runner's env and reuse it.
if (!process.env.PGCASCADE_E2E_DATA_DIR) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgcascade-e2e-'));
  // mkdtemp makes it 0700; the clusters under it run as the postgres user and must be able to enter it.
  chmodSync(dir, 0o755);
  process.env.PGCASCADE_E2E_DATA_DIR = dir;
}
const dataDir = process.env.PGCASCADE_E2E_DATA_DIR;
// The panel's API token for this run (cleanup helpers send it); made once, then inherited like the data dir.
process.env.PGCASCADE_E2E_TOKEN ??= `e2e_${randomBytes(24).toString('base64url')}`;
const apiToken = process.env.PGCASCADE_E2E_TOKEN;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'e2e/artifacts/test-results',
  globalTeardown: './e2e/global-teardown.ts',
  // Real PostgreSQL clusters are created: one test at a time, each with its own node ports (56xxx).
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI
    ? [['list'], ['html', { outputFolder: 'e2e/artifacts/report', open: 'never' }]]
    : 'list',
  use: {
    baseURL: BASE_URL,
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    // Fail a step quickly; the waits that need long (apply, replication) say so themselves.
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: 'npm start',
    // Public: answers 200 as soon as the panel and its database are up.
    url: `${BASE_URL}/api/auth/status`,
    env: {
      PORT: String(PORT),
      PGCASCADE_DATA_DIR: dataDir,
      PGCASCADE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      PGCASCADE_API_TOKEN: apiToken,
      // No test reaches Yandex Cloud: its calls go to the stand-in a spec starts (wizard-machines.spec.ts).
      PGCASCADE_YANDEX_API_BASE: `http://127.0.0.1:${YANDEX_STANDIN_PORT}`,
    },
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
