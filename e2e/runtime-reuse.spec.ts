/**
 * The tab's runtimes (issue 15): Python is loaded once per tab and kept when the learner moves
 * to the next lesson (a client-side navigation), and it loads in the background, so the player
 * is usable before it is up. Reuse is read from the tab's test hook (the document's
 * `data-python-cold-loads` and `data-python-workers`), never from timing.
 *
 * Screenshots of the progress bar land in /work/shots/h15-rt/ when that folder exists (the
 * helper's review), else in test-results/screenshots/.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Page, Route } from '@playwright/test';
import { test, expect } from './fixtures';

const SHOTS = existsSync('/work/shots/h15-rt') ? '/work/shots/h15-rt' : 'test-results/screenshots';

const PYODIDE = (
  JSON.parse(readFileSync('node_modules/pyodide/package.json', 'utf8')) as { version: string }
).version;

const player = (page: Page) => page.getByRole('toolbar', { name: 'Player' });
/** Presses End once the run waits for its first Step (the page is live), and waits for the verdict. */
async function runToVerdict(page: Page): Promise<void> {
  await expect(page.getByTestId('player-status')).toHaveText(/press Step$/);
  await player(page).getByRole('button', { name: /^End/ }).click();
  // A cold Python load on a busy two-core machine has taken minutes.
  await expect(page.getByTestId('verdict')).toContainText(/Solved|Not solved/, {
    timeout: 180_000
  });
}
const html = (page: Page) => page.locator('html');

test('client-side Next runs the next lesson on the Python worker the first one loaded', async ({
  page
}) => {
  test.setTimeout(420_000);
  await page.goto('/lessons/self-debugging');
  await runToVerdict(page);
  await expect(html(page)).toHaveAttribute('data-python-cold-loads', '1');
  const workers = await html(page).getAttribute('data-python-workers');
  expect(Number(workers)).toBeGreaterThanOrEqual(1);

  // A mark on this document: it is still there after Next only if no new document loaded.
  await page.evaluate(() => Reflect.set(window, '__sameDocument', true));
  await page
    .getByRole('navigation', { name: 'Previous and next lesson' })
    .getByRole('link', { name: /Next/ })
    .click();
  await page.waitForURL(/\/lessons\/rubber-duck-and-trace$/);
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(/self-debugging/i);
  expect(await page.evaluate(() => Reflect.get(window, '__sameDocument'))).toBe(true);

  // The next lesson's executions run at once on the same worker: no load, no new worker.
  await runToVerdict(page);
  await expect(html(page)).toHaveAttribute('data-python-cold-loads', '1');
  await expect(html(page)).toHaveAttribute('data-python-workers', workers ?? '');
});

test('a step that runs code before Python is up waits with a progress bar in bytes', async ({
  page
}) => {
  test.setTimeout(240_000);
  // Python's wasm is held back until the test lets it through: the learner gets to an
  // execution before Python is up, however fast this machine is.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/pyodide/**/pyodide.asm.wasm', async (route: Route) => {
    await held;
    await route.continue();
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/lessons/self-debugging');

  // The player works before Python: the model's first step runs, the execution waits.
  await expect(page.getByTestId('player-status')).toHaveText(/press Step$/);
  await player(page).getByRole('button', { name: /^End/ }).click();
  const status = page.getByRole('status').filter({ hasText: 'waits for Python' });
  await expect(status).toContainText(/Downloading Python: \d+\.\d of \d+\.\d MB/);
  const bar = status.getByRole('progressbar', { name: 'Loading Python' });
  const max = Number(await bar.getAttribute('max'));
  const value = Number(await bar.getAttribute('value'));
  // Bytes over the wire: the files come compressed, and the total is what sizes.json lists for
  // brotli (what Chromium accepts) summed over the files a start loads, the wasm included,
  // before it has arrived. (An estimate from the ratio of the files seen was 1.1 MB short.)
  const listed = (await (
    await page.request.get(`/pyodide/${PYODIDE}/sizes.json`)
  ).json()) as Record<string, { identity: number; br: number }>;
  const sum = (key: 'identity' | 'br') =>
    Object.values(listed).reduce((total, sizes) => total + sizes[key], 0);
  expect(max).toBe(sum('br'));
  expect(max).toBeLessThan(sum('identity') / 2);
  expect(value).toBeGreaterThan(0); // the files not held back have arrived
  expect(value).toBeLessThan(max); // the wasm has not
  await expect(page.getByTestId('step-counter')).toContainText(/Step\s+1\s+of/);

  await page.screenshot({ path: `${SHOTS}/progress-1280-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${SHOTS}/progress-1280-dark.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await status.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/progress-390-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: `${SHOTS}/progress-390-light.png` });

  release();
  await expect(page.getByTestId('verdict')).toContainText(/Solved|Not solved/, {
    timeout: 180_000
  });
  await expect(status).toHaveCount(0);
});
