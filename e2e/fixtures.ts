import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

/** An address on this machine (the app under test). */
export const LOCAL = /^(https?|wss?):\/\/(127\.0\.0\.1|localhost)(:\d+)?\//;

/**
 * Refuse every request that would leave this machine, and remember it so the test fails:
 * a test that needs the network would otherwise pass here only by accident.
 */
export async function offline(context: BrowserContext): Promise<string[]> {
  const outside: string[] = [];
  await context.route(
    (url) =>
      !LOCAL.test(url.href) && !url.href.startsWith('data:') && !url.href.startsWith('blob:'),
    (route) => {
      outside.push(route.request().url());
      return route.abort('blockedbyclient');
    }
  );
  return outside;
}

export const test = base.extend<{
  outside: string[];
  predictions: 'on' | 'off';
  predictionsSetting: void;
}>({
  /**
   * Lessons stop before their prediction points and wait for a choice. Specs that step through
   * lessons for other reasons turn that off, as a learner can (the lesson's checkbox); the
   * predictions' own spec uses `test.use({ predictions: 'on' })`.
   */
  predictions: ['off', { option: true }],
  predictionsSetting: [
    async ({ context, predictions }, use) => {
      if (predictions === 'off')
        await context.addInitScript(() => {
          try {
            localStorage.setItem('acl-predictions', 'off');
          } catch {
            // a page without storage: nothing to turn off
          }
        });
      await use();
    },
    { auto: true }
  ],
  outside: [
    async ({ context }, use) => {
      const outside = await offline(context);
      await use(outside);
      expect(outside, 'requests that tried to leave localhost').toEqual([]);
    },
    { auto: true }
  ]
});

/** Where a WebContainer boot goes; offline (blocked above) it never comes back. */
const WEBCONTAINER_HOSTS =
  /^https:\/\/([a-z0-9-]+\.)*(stackblitz\.com|webcontainer-api\.io|webcontainer\.io)\//;

/** The boot tried to reach StackBlitz (blocked): expected there; anything else still fails. */
export function allowWebContainerRequests(outside: string[]): void {
  const others = outside.filter((url) => !WEBCONTAINER_HOSTS.test(url));
  expect(others, 'requests other than the WebContainer boot').toEqual([]);
  outside.splice(0);
}

const SHOTS = 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });

/** Save a screenshot to look at (test-results/screenshots/NAME.png). */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/**
 * Waits until the tab's Python is loaded (the runtimes' test hook, `runtimes/tab.ts`). Python
 * loads in the background while the player already works; a test whose steps each have a short
 * budget waits for it first, as it used to wait for the page's Python before the first Step.
 */
export async function pythonReady(page: Page, timeout = 60_000): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-python-ready', 'true', { timeout });
}

export { expect };
