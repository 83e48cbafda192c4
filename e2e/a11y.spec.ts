/**
 * Accessibility: axe-core scans (no serious or critical violation) of the home page and of two
 * lesson pages in the light theme, before and after their runs (lessons.spec.ts scans every
 * lesson in the dark one), and the keyboard: Tab alone reaches every control of a finished
 * lesson page, in reading order (player, views, share, fork), each with a visible focus ring.
 */
import type { Page } from '@playwright/test';
import { test, expect, shot, pythonReady } from './fixtures';
import { expectNoSeriousViolations } from './axe';

async function openLesson(page: Page, slug: string): Promise<void> {
  await page.goto(`/lessons/${slug}`);
  await expect(page.getByTestId('player-status')).toHaveText(/press Step$/, { timeout: 60_000 });
  await pythonReady(page);
}

async function runToEnd(page: Page): Promise<void> {
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toBeVisible();
  await expect(page.getByTestId('player-status')).toHaveText('Run complete');
}

test('axe: the home page, light and dark', async ({ page }) => {
  await page.goto('/');
  await expectNoSeriousViolations(page, 'the home page (light)');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectNoSeriousViolations(page, 'the home page (dark)');
});

for (const slug of ['self-planning', 'self-debugging']) {
  test(`axe: the ${slug} lesson in the light theme, before and after its run`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'light' });
    await openLesson(page, slug);
    await expectNoSeriousViolations(page, `the ${slug} lesson at its start`);
    await runToEnd(page);
    await expectNoSeriousViolations(page, `the ${slug} lesson at its end`);
    await shot(page, `a11y-${slug}-light-end`);
  });
}

/** Every element Tab should stop on, in document order, tagged with data-kb="i". */
async function tagFocusables(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector =
      'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';
    const candidates = [...document.querySelectorAll<HTMLElement>(selector)].filter((el) => {
      if ((el as HTMLButtonElement).disabled || el.tabIndex < 0) return false;
      if (el.closest('[inert], dialog:not([open]), details:not([open]) > :not(summary)'))
        return false;
      const style = getComputedStyle(el);
      return el.getClientRects().length > 0 && style.visibility !== 'hidden';
    });
    return candidates.map((el, i) => {
      el.dataset.kb = String(i);
      const name =
        el.getAttribute('aria-label') ?? el.textContent?.trim().replace(/\s+/g, ' ') ?? '';
      return `${el.tagName.toLowerCase()} "${name.slice(0, 50)}"`;
    });
  });
}

/** The focused element's data-kb tag, and whether a focus indicator is drawn around it. */
async function focused(page: Page): Promise<{ kb: string | null; visible: boolean; what: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { kb: null, visible: false, what: 'body' };
    // CodeMirror draws its focus ring on the editor around the focused content element.
    const style = getComputedStyle(el.closest('.cm-editor.cm-focused') ?? el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const ring = style.boxShadow !== 'none';
    return {
      kb: el.dataset.kb ?? null,
      visible: el.matches(':focus-visible') && (outline || ring),
      what: `${el.tagName.toLowerCase()} ${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40)}`
    };
  });
}

test('keyboard: Tab reaches every control of a finished lesson, in order, focus always visible', async ({
  page
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLesson(page, 'self-debugging');
  await runToEnd(page);
  const controls = await tagFocusables(page);
  expect(controls.length).toBeGreaterThan(15);

  // Tab until every control was reached (or for too long).
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const order: number[] = [];
  const invisible: string[] = [];
  for (let i = 0; i < controls.length + 40 && order.length < controls.length; i++) {
    await page.keyboard.press('Tab');
    let now = await focused(page);
    if (now.kb === null) continue;
    // CodeMirror marks its editor focused in its own focus handler, a moment after the focus
    // moves: give a ring up to a second to appear before calling it missing.
    for (let wait = 0; !now.visible && wait < 10; wait++) {
      await page.waitForTimeout(100);
      now = await focused(page);
    }
    if (!now.visible) invisible.push(now.what);
    const index = Number(now.kb);
    if (!order.includes(index)) order.push(index);
  }
  const missed = controls.filter((_, i) => !order.includes(i));
  expect(missed, 'controls Tab never reached').toEqual([]);
  expect(invisible, 'controls focused without a visible focus indicator').toEqual([]);
  // Tab follows the page's reading order (document order), with no jumps back; it started
  // somewhere on the page and wrapped around at the end, so compare from the first control.
  const first = order.indexOf(0);
  const cycle = [...order.slice(first), ...order.slice(0, first)];
  expect(cycle).toEqual([...order].sort((a, b) => a - b));

  const at = (name: RegExp) => controls.findIndex((c) => name.test(c));
  // (Step and End are disabled once the run is complete, so Tab rightly skips them.)
  const sequence = [
    /^button "⇤ Restart"/,
    /^button "◀ Back"/,
    /^button "▶ Play"/,
    /^button "Share"/,
    /^button "Fork here"/
  ];
  const positions = sequence.map(at);
  expect(
    positions.every((p) => p >= 0),
    `found: ${positions.join(', ')}`
  ).toBe(true);
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
  // The views' own controls come after the player's: the turn cards and the timeline rows.
  expect(at(/^button "Turn 1/)).toBeGreaterThan(at(/^button "Fork here"/));
  expect(at(/^button "M Model call/)).toBeGreaterThan(at(/^button "Turn 3/));
  // The code view is named after the program it shows now, not the first one it showed.
  expect(controls).toContain('div "Program version 3"');
});
