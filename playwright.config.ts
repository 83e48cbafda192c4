import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * e2e against the production build (`node build`) in the system Chromium. Playwright's own
 * browser download is not used: set CHROMIUM_PATH to any Chromium or Chrome binary.
 */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  throw new Error(
    `No Chromium at ${executablePath}. Install it (Debian/Ubuntu: apt-get install chromium) ` +
      'or set CHROMIUM_PATH to a Chromium or Chrome binary.'
  );
}
const port = Number(process.env.E2E_PORT ?? 4173);
const args = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];
/** The model panel's WebGPU spec runs with a (SwiftShader, software) WebGPU adapter. */
const WEBGPU_SPEC = /models-webgpu\.spec\.ts$/;

export default defineConfig({
  testDir: 'e2e',
  // Generous waits: loading Python takes a few seconds on an idle machine and far more on a
  // busy one. A wait ends as soon as its condition holds, so this only matters when it fails.
  timeout: 90_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  // Two files at a time: a test spends most of its time waiting (for Python, for a step, for
  // the server), so two of them keep a 2-core machine busy; E2E_WORKERS=1 runs them one by one.
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: { executablePath, args },
    // A trace is read on this machine; CI prints the log only, and tracing costs ~15% per test.
    trace: process.env.CI ? 'off' : 'retain-on-failure',
    // The app's service worker answers from its caches, where page.route mocks cannot see,
    // and precaches on every first visit: only e2e/offline.spec.ts lets it run.
    serviceWorkers: 'block'
  },
  projects: [
    { name: 'chromium', testIgnore: WEBGPU_SPEC },
    {
      name: 'chromium-webgpu',
      testMatch: WEBGPU_SPEC,
      use: { launchOptions: { executablePath, args: [...args, '--enable-unsafe-webgpu'] } }
    }
  ],
  webServer: {
    command: 'node build',
    env: { PORT: String(port), HOST: '127.0.0.1', ORIGIN: `http://127.0.0.1:${port}` },
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000
  }
});
