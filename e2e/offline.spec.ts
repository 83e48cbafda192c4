/**
 * Offline after the first visit (issue 15), with the app's service worker on (every other spec
 * blocks it, playwright.config.ts): after one lesson has run online, another lesson opens and
 * runs to its verdict offline by its address and a third by a link; and a new deploy found
 * while a run is in progress leaves the run alone and offers "Reload to update", which then
 * switches the page to the new version. Headers (compression, immutable runtimes) are checked
 * in delivery.spec.ts.
 */
import { readFileSync } from 'node:fs';
import type { Page, Response } from '@playwright/test';
import { test as base, expect, LOCAL, pythonReady } from './fixtures';
import { deployProxy } from './deploy-proxy';

/**
 * Requests leaving this machine are watched here, not routed as in the other specs: while any
 * route is set, Playwright turns the browser's HTTP cache off, and on a first visit the worker
 * copies the runtimes the page loaded before it took over from that cache.
 */
const test = base.extend<{ outside: string[] }>({
  outside: [
    async ({ context }, use) => {
      const outside: string[] = [];
      context.on('request', (request) => {
        const url = request.url();
        if (!LOCAL.test(url) && !/^(data|blob):/.test(url)) outside.push(url);
      });
      await use(outside);
      expect(outside, 'requests that tried to leave localhost').toEqual([]);
    },
    { auto: true }
  ]
});

test.use({ serviceWorkers: 'allow' });

const PYODIDE = (
  JSON.parse(readFileSync('node_modules/pyodide/package.json', 'utf8')) as { version: string }
).version;
const VERSION = (
  JSON.parse(readFileSync('build/client/_app/version.json', 'utf8')) as { version: string }
).version;

/** This app's cache names in the page's Cache Storage. */
const cacheNames = (page: Page) =>
  page.evaluate(async () => (await caches.keys()).filter((name) => name.startsWith('acl-')));

/** Opens a lesson and waits until its run waits for the first Step (Python is up). */
async function openLesson(page: Page, slug: string, origin = ''): Promise<void> {
  await page.goto(`${origin}/lessons/${slug}`);
  await waitForFirstStep(page);
}

async function waitForFirstStep(page: Page): Promise<void> {
  await expect(page.getByTestId('player-status')).toHaveText(/press Step$/, { timeout: 90_000 });
}

/** Runs the lesson's walkthrough to its end (the End key) and checks the verdict. */
async function runToVerdict(page: Page): Promise<void> {
  await page.getByTestId('step-counter').click();
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText(/Solved|Not solved/, {
    timeout: 90_000
  });
  await expect(page.getByTestId('player-status')).toHaveText('Run complete');
}

/** Waits until the service worker controls the page. */
async function controlled(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), {
      message: 'the service worker controls the page'
    })
    .toBe(true);
}

test('after one lesson online, lessons open and run offline by address and by link', async ({
  page,
  context
}) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await openLesson(page, 'sampling');
  await runToVerdict(page);
  await controlled(page);
  // Python's files are in the worker's runtime cache: wait for it, do not guess a time.
  const runtime = `/pyodide/${PYODIDE}/pyodide.asm.wasm`;
  await expect
    .poll(
      () =>
        page.evaluate(
          async ([cache, path]) => (await (await caches.open(cache)).match(path)) !== undefined,
          [`acl-runtimes-${VERSION}`, runtime]
        ),
      { message: `${runtime} kept by the service worker`, timeout: 60_000 }
    )
    .toBe(true);
  expect(await cacheNames(page)).toEqual(
    expect.arrayContaining([`acl-app-${VERSION}`, `acl-runtimes-${VERSION}`])
  );

  // From here the server is out of reach: every answer must come from the service worker.
  const fromNetwork: string[] = [];
  const answered: string[] = [];
  const watch = (response: Response) => {
    if (response.request().serviceWorker()) return; // the worker's own (failing) fetches
    if (response.fromServiceWorker()) answered.push(new URL(response.url()).pathname);
    else fromNetwork.push(response.url());
  };
  await context.setOffline(true);
  context.on('response', watch);

  // By address: a new document, from the cache.
  await openLesson(page, 'self-debugging');
  await runToVerdict(page);

  // By link: a client-side navigation (the same document), its data from the cache.
  await page.evaluate(() => ((window as { sameDocument?: boolean }).sameDocument = true));
  const pager = page.getByRole('navigation', { name: 'Previous and next lesson' });
  await pager.getByRole('link', { name: /Next.*03 · / }).click();
  await expect(page).toHaveURL(/\/lessons\/rubber-duck-and-trace$/);
  await waitForFirstStep(page);
  expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
  await runToVerdict(page);

  context.off('response', watch);
  expect(fromNetwork, 'responses not from the service worker while offline').toEqual([]);
  expect(answered).toEqual(
    expect.arrayContaining([
      '/lessons/self-debugging',
      '/lessons/rubber-duck-and-trace/__data.json',
      runtime
    ])
  );
  expect(errors).toEqual([]);
});

test('a new version found during a run keeps the run, and "Reload to update" switches', async ({
  page,
  baseURL
}) => {
  test.setTimeout(180_000);
  const server = await deployProxy(baseURL ?? '');
  try {
    await newVersionDuringRun(page, server);
  } finally {
    await server.close();
  }
});

async function newVersionDuringRun(
  page: Page,
  server: Awaited<ReturnType<typeof deployProxy>>
): Promise<void> {
  await openLesson(page, 'sampling', server.origin);
  await controlled(page);
  // The second step runs a program: Python first, so the steps below wait for nothing else.
  await pythonReady(page, 90_000);

  // Halfway through the run.
  await page.getByTestId('step-counter').click();
  for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowRight');
  const counter = page.getByTestId('step-counter');
  await expect(counter).toContainText(/Step\s+2\b/);
  const midRun = await counter.innerText();

  // A deploy: the server now sends a worker of another version (the same files, a new name),
  // and the browser looks for an update (as it does on its own at each page load).
  const next = `${VERSION}-next`;
  server.deploy(VERSION, next);
  await page.evaluate(async () => {
    await (await navigator.serviceWorker.getRegistration())?.update();
  });

  const bar = page.getByRole('status').filter({ hasText: 'A new version is ready.' });
  await expect(bar).toBeVisible({ timeout: 60_000 });
  // The run is where it was, still under the old version, and goes on to its verdict.
  await expect(counter).toHaveText(midRun);
  expect(await cacheNames(page)).toEqual(
    expect.arrayContaining([`acl-app-${VERSION}`, `acl-app-${next}`])
  );
  await runToVerdict(page);
  await expect(bar).toBeVisible();

  for (const [width, height] of [
    [1280, 800],
    [390, 844]
  ])
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `test-results/screenshots/update-bar-${width}-${scheme}.png` });
    }
  await page.setViewportSize({ width: 1280, height: 800 });

  // The learner chooses: the page reloads onto the new version, and the old caches are gone.
  await page.evaluate(() => ((window as { sameDocument?: boolean }).sameDocument = true));
  await Promise.all([
    page.waitForEvent('load'),
    bar.getByRole('button', { name: 'Reload to update' }).click()
  ]);
  expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(
    undefined
  );
  await controlled(page);
  await expect.poll(() => cacheNames(page)).not.toContain(`acl-app-${VERSION}`);
  expect(await cacheNames(page)).toContain(`acl-app-${next}`);
  await expect(bar).toBeHidden();
}
