/**
 * The JavaScript sandbox in Chromium, through /sandbox: choosing JavaScript runs programs in the
 * built-in runner and reaches no StackBlitz origin until the learner asks for the Node runtime;
 * asked, the WebContainer boot (which can only time out here, offline) falls back to the built-in worker with a plain message, JavaScript and
 * TypeScript programs run there, and every hostile JavaScript program ends within its limit with
 * its verdict while the next normal program still passes.
 */
import type { Page } from '@playwright/test';
import { test, expect, shot, allowWebContainerRequests } from './fixtures';
import {
  JS_HOSTILE,
  JS_HOSTILE_TIMEOUT_MS,
  expectationsFor
} from '../src/lib/runtimes/javascript/hostile';

const summary = (page: Page) => page.getByTestId('sandbox-summary');
const run = (page: Page) => page.getByRole('button', { name: 'Run', exact: true });

/** At 380 px wide, the page scrolls only down, never sideways. */
async function expectNoOverflowAt380(page: Page) {
  await page.setViewportSize({ width: 380, height: 800 });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

async function runExample(page: Page, name: string, timeoutMs: number) {
  await page.getByLabel('Example').selectOption(name);
  await page.getByRole('spinbutton', { name: 'Time limit (ms)' }).fill(String(timeoutMs));
  await run(page).click();
  await expect(run(page)).toBeEnabled({ timeout: 30_000 });
}

/** Origins a WebContainer boot reaches: StackBlitz's, and the WebContainer API's. */
const STACKBLITZ =
  /^https:\/\/([a-z0-9-]+\.)*(stackblitz\.com|webcontainer-api\.io|webcontainer\.io|staticblitz\.com)\//;
const nodeButton = (page: Page) =>
  page.getByRole('button', { name: 'Use the Node runtime (contacts StackBlitz)' });

test('choosing JavaScript contacts no StackBlitz origin until the learner asks for Node', async ({
  page,
  outside
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto('/sandbox?wcTimeout=1500');
  await page.getByRole('radio', { name: 'JavaScript' }).check();
  const runtime = page.getByTestId('js-runtime');
  await expect(runtime).toHaveAttribute('data-mode', 'worker');
  await expect(runtime).toContainText('built-in runner');
  await run(page).click();
  await expect(summary(page)).toHaveText(/2 of 2 tests pass/, { timeout: 30_000 });
  await page.getByRole('radio', { name: 'TypeScript' }).check();
  await run(page).click();
  await expect(summary(page)).toHaveText(/2 of 3 tests pass/, { timeout: 30_000 });
  expect(requests.filter((url) => STACKBLITZ.test(url))).toEqual([]);
  expect(outside).toEqual([]);
  await expect(nodeButton(page)).toBeVisible();
  await shot(page, 'js-sandbox-ask-1280');
  await expectNoOverflowAt380(page);
  await shot(page, 'js-sandbox-ask-380');

  // Asked: the boot starts, and only now reaches StackBlitz (refused here, offline).
  await nodeButton(page).click();
  await expect(runtime).toHaveAttribute('data-mode', 'booting');
  await expect(runtime).toHaveAttribute('data-mode', 'fallback', { timeout: 10_000 });
  expect(requests.filter((url) => STACKBLITZ.test(url)).length).toBeGreaterThan(0);
  allowWebContainerRequests(outside);
});

test('offline, the Node runtime times out into the built-in runner, which runs JS and TS', async ({
  page,
  outside
}) => {
  await page.goto('/sandbox?wcTimeout=1500');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await page.getByRole('radio', { name: 'JavaScript' }).check();
  await nodeButton(page).click();
  const runtime = page.getByTestId('js-runtime');
  await expect(runtime).toHaveAttribute('data-mode', 'booting');
  await expect(runtime).toContainText('Starting the Node runtime');
  await expect(runtime).toHaveAttribute('data-mode', 'fallback', { timeout: 10_000 });
  await expect(runtime).toContainText(
    'The Node runtime needs an internet connection; using the built-in runner.'
  );

  await run(page).click();
  await expect(summary(page)).toHaveText(/2 of 2 tests pass/, { timeout: 30_000 });
  await shot(page, 'js-sandbox-1280-light');

  await page.getByRole('radio', { name: 'TypeScript' }).check();
  await run(page).click();
  await expect(summary(page)).toHaveText(/2 of 3 tests pass/, { timeout: 30_000 });
  const third = page.getByRole('table').getByRole('row').nth(3);
  await expect(third).toContainText("{ 2: ['xy'] }");
  allowWebContainerRequests(outside);
});

test('JS mode at 380 px and in the dark theme, without horizontal overflow', async ({
  page,
  outside
}) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/sandbox?wcTimeout=300');
  await page.getByRole('radio', { name: 'JavaScript' }).check();
  await nodeButton(page).click();
  await expect(page.getByTestId('js-runtime')).toHaveAttribute('data-mode', 'fallback', {
    timeout: 10_000
  });
  await run(page).click();
  await expect(summary(page)).toHaveText(/2 of 2 tests pass/, { timeout: 30_000 });
  await shot(page, 'js-sandbox-1280-dark');
  await expectNoOverflowAt380(page);
  await shot(page, 'js-sandbox-380-dark');
  allowWebContainerRequests(outside);
});

test('every hostile JavaScript program ends within its limit with its verdict, in Chromium', async ({
  page,
  outside
}) => {
  const repeat = Number(process.env.JS_HOSTILE_REPEAT ?? 1);
  test.setTimeout(240_000 * repeat);
  await page.goto('/sandbox?wcTimeout=200');
  await page.getByRole('radio', { name: 'JavaScript' }).check();
  await nodeButton(page).click();
  await expect(page.getByTestId('js-runtime')).toHaveAttribute('data-mode', 'fallback', {
    timeout: 10_000
  });
  const names = await page.getByLabel('Example').locator('option').allTextContents();
  expect(JS_HOSTILE.every((c) => names.includes(c.name))).toBe(true);
  // The browser runs programs in QuickJS, so these are QuickJS's verdicts; the memory bomb
  // included: its engine's memory stops at 128 MB, so it ends as OutOfMemory and the tab lives.
  const cases = JS_HOSTILE.map((c) => expectationsFor(c, 'quickjs'));

  for (let round = 1; round <= repeat; round++)
    for (const c of cases) {
      await test.step(`${c.name}${repeat > 1 ? ` (round ${round})` : ''}`, async () => {
        const limit = c.timeoutMs ?? JS_HOSTILE_TIMEOUT_MS;
        const started = Date.now();
        await runExample(page, c.name, limit);
        // The limit, plus starting a worker and drawing the table on a busy machine.
        expect(Date.now() - started).toBeLessThan(limit + 5_000);
        await expect(summary(page)).toHaveAttribute('data-status', c.expectStatus);
        test
          .info()
          .annotations.push({ type: 'verdict', description: `${c.name}: ${c.expectStatus}` });
        if (round === 1 && (c.name === 'forge-a-result' || c.name === 'memory-bomb')) {
          await shot(page, `js-sandbox-${c.name}`);
        }
        if (c.expectOutcome) {
          const first = page.getByRole('table').getByRole('row').nth(1);
          await expect(first).toContainText(
            c.expectOutcome === 'not-run' ? 'not run' : c.expectOutcome
          );
        }
        if (c.expectError) {
          await expect(page.getByText(c.expectError).first()).toBeVisible();
        }
        await runExample(page, 'Health check', 5_000);
        await expect(summary(page)).toHaveText(/1 of 1 tests pass/);
      });
    }
  allowWebContainerRequests(outside);
});

test('when the QuickJS wasm cannot be loaded, the page says so and runs nothing elsewhere', async ({
  page,
  outside
}) => {
  const wasm: string[] = [];
  await page.route(/\.wasm(\?|$)/, (route) => {
    wasm.push(route.request().url());
    return route.abort('connectionrefused');
  });
  await page.goto('/sandbox?wcTimeout=200');
  await page.getByRole('radio', { name: 'JavaScript' }).check();
  await run(page).click();
  await expect(
    page.getByText(/The JavaScript engine \(QuickJS, WebAssembly\) could not be loaded/)
  ).toBeVisible({
    timeout: 30_000
  });
  await expect(summary(page)).toHaveCount(0);
  expect(wasm.length).toBeGreaterThan(0);
  await shot(page, 'js-sandbox-wasm-blocked');
  allowWebContainerRequests(outside);
});
