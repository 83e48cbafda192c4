import { test, expect, pythonReady } from './fixtures';
import type { Page } from '@playwright/test';
import { create } from 'qrcode';

const counter = (page: Page) => page.getByTestId('presenter-counter');
const presentButton = (page: Page) => page.getByRole('button', { name: 'Present' });
const QUIET_ZONE = 4;

async function openLesson(page: Page, path: string) {
  await page.goto(path);
  // Python's first load is slow on a busy machine
  await expect(page.getByText('Paused before the next call — press Step')).toBeVisible({
    timeout: 80_000
  });
  await pythonReady(page);
}

/**
 * Makes the server's run store look down for this page: these tests are about the links made
 * without short links (e2e/short-links.spec.ts covers the QR code of a short link).
 */
async function withoutShortLinks(page: Page) {
  await page.route('**/api/runs', (route) =>
    route.fulfill({ status: 503, contentType: 'application/json', body: '{"message":"No store."}' })
  );
}

/**
 * Checks the QR code on screen encodes `expected`: the payload given to the encoder, the
 * module count its QR version implies, and every module against the same text encoded here.
 */
async function expectQrOf(page: Page, expected: string) {
  const qr = page.getByRole('dialog', { name: 'Share with class' }).locator('svg[role="img"]');
  await expect(qr).toBeVisible();
  await expect(qr).toHaveAttribute('data-payload', expected);
  const reference = create(expected, { errorCorrectionLevel: 'L' });
  const size = 17 + 4 * reference.version;
  await expect(qr).toHaveAttribute('data-modules', String(size));
  await expect(qr).toHaveAttribute(
    'viewBox',
    `0 0 ${size + 2 * QUIET_ZONE} ${size + 2 * QUIET_ZONE}`
  );
  const d = (await qr.locator('path').getAttribute('d')) ?? '';
  const drawn = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const [, x, y, w] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    for (let i = 0; i < Number(w); i++)
      drawn[Number(y) - QUIET_ZONE][Number(x) - QUIET_ZONE + i] = true;
  }
  const wanted = Array.from({ length: size }, (_, r) =>
    Array.from({ length: size }, (_, c) => reference.modules.get(r, c) === 1)
  );
  expect(drawn).toEqual(wanted);
  // dark modules on white, whatever the theme
  await expect(qr.locator('rect')).toHaveAttribute('fill', '#ffffff');
  await expect(qr.locator('path')).toHaveAttribute('fill', '#000000');
  return reference.version;
}

test('P turns presenter mode on, the counter follows the keyboard, Escape leaves', async ({
  page
}) => {
  await openLesson(page, '/lessons/self-debugging');
  await expect(presentButton(page)).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('banner')).toBeVisible();

  await page.keyboard.press('p');
  await expect(presentButton(page)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveAttribute('data-present', '');
  await expect(page).toHaveURL(/\/lessons\/self-debugging\?present$/);
  // the site header and the lesson text step aside; the title stays, in the bar
  await expect(page.getByRole('banner')).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toBeHidden();
  const bar = page.getByRole('region', { name: 'Presenter' });
  await expect(bar).toContainText('Lesson 2 · Self-debugging with unit-test feedback');
  await expect(counter(page)).toHaveText('Step 0 / 0+');
  await expect(page.getByTestId('presenter-phase')).toContainText('Start');

  await page.keyboard.press('ArrowRight');
  await expect(counter(page)).toHaveText('Step 1 / 1+');
  await expect(page.getByTestId('presenter-phase')).toContainText('Model call');
  await page.keyboard.press('ArrowRight');
  await expect(counter(page)).toHaveText('Step 2 / 2+');
  await expect(page.getByTestId('presenter-phase')).toContainText('Execution');
  await expect(page.getByTestId('presenter-phase')).toContainText('tests pass');

  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  await expect(counter(page)).toHaveText('Step 7 / 7');
  await expect(page.getByTestId('presenter-phase')).toContainText('Verdict');
  await page.keyboard.press('ArrowLeft');
  await expect(counter(page)).toHaveText('Step 6 / 7');
  await page.keyboard.press('Home');
  await expect(counter(page)).toHaveText('Step 0 / 7');

  await page.keyboard.press('Escape');
  await expect(presentButton(page)).toHaveAttribute('aria-pressed', 'false');
  await expect(page.locator('html')).not.toHaveAttribute('data-present');
  await expect(page.getByRole('banner')).toBeVisible();
  await expect(counter(page)).toBeHidden();
  await expect(page).toHaveURL(/\/lessons\/self-debugging$/);

  // the same button turns it on and off, and the shortcut is listed
  await presentButton(page).click();
  await expect(counter(page)).toBeVisible();
  // the button is drawn anew in the bar; the keyboard's focus follows it
  await expect(presentButton(page)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(counter(page)).toBeHidden();
  await expect(presentButton(page)).toBeFocused();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText(
    'Presenter mode'
  );
});

test('?present opens in presenter mode; the QR code is the permalink at this step', async ({
  page,
  context
}) => {
  await withoutShortLinks(page);
  await openLesson(page, '/lessons/self-debugging?present');
  await expect(counter(page)).toHaveText('Step 0 / 0+');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(counter(page)).toHaveText('Step 2 / 2+');

  // The permalink the ordinary Share dialog makes at this step…
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const share = page.getByRole('dialog', { name: 'Share this run' });
  const permalink = share.getByRole('textbox', { name: 'Permalink' });
  await expect(permalink).toHaveValue(/\/replay#step=2&/);
  const expected = await permalink.inputValue();
  await page.keyboard.press('Escape');
  await expect(share).toBeHidden();
  await expect(counter(page)).toBeVisible();

  // …is what the class's QR code holds, with the link in large type under it.
  await page.getByRole('button', { name: 'Share with class' }).click();
  const panel = page.getByRole('dialog', { name: 'Share with class' });
  await expectQrOf(page, expected);
  await expect(panel.getByTestId('share-class-url')).toHaveText(expected);
  await expect(panel).toContainText('Scan to open this run at step 2');
  const permalinkVersion = await page
    .getByRole('img', { name: 'QR code of the link to this run at step 2' })
    .getAttribute('data-version');

  // A walkthrough can hand out the lesson's step link instead: a much smaller code.
  await panel.getByRole('button', { name: "Smaller code: the lesson's link" }).click();
  const stepLink = `http://127.0.0.1:${new URL(page.url()).port}/lessons/self-debugging?step=2`;
  expect(await expectQrOf(page, stepLink)).toBeLessThan(Number(permalinkVersion));
  await expect(panel.getByTestId('share-class-url')).toHaveText(stepLink);
  await panel.getByRole('button', { name: "The whole run's link" }).click();
  await expectQrOf(page, expected);

  // Escape closes the panel first, then leaves presenter mode.
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(counter(page)).toBeVisible();

  // The encoded link opens the same run at the same step.
  const phone = await context.newPage();
  await phone.goto(expected);
  await expect(phone.getByTestId('step-counter')).toContainText('Step 2 of');
  await phone.close();

  await page.keyboard.press('Escape');
  await expect(counter(page)).toBeHidden();
});

test("a long walkthrough gets the lesson's step link; a long forked run is offered for copying", async ({
  page,
  context
}) => {
  await withoutShortLinks(page);
  await openLesson(page, '/lessons/sampling?present');
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toBeVisible();
  await expect(counter(page)).toHaveText(/^Step (\d+) \/ \1$/);
  const step = Number((await counter(page).textContent())?.match(/Step (\d+)/)?.[1]);

  await page.getByRole('button', { name: 'Share with class' }).click();
  const panel = page.getByRole('dialog', { name: 'Share with class' });
  const stepLink = `http://127.0.0.1:${new URL(page.url()).port}/lessons/sampling?step=${step}`;
  const version = await expectQrOf(page, stepLink);
  expect(version).toBeLessThan(10);
  await expect(panel.getByTestId('share-class-url')).toHaveText(stepLink);
  await expect(panel).toContainText('The whole run is too long for a QR code');
  await panel.getByRole('button', { name: 'Close' }).click();

  // A forked run has no shorter link: the panel says so and offers the permalink to copy.
  await page.getByRole('button', { name: 'Fork here' }).click();
  await page
    .getByRole('dialog', { name: /Fork at step/ })
    .getByRole('button', { name: 'Fork and continue' })
    .click();
  await expect(page.getByTestId('model-label')).toContainText('forked');
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toBeVisible();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Share with class' }).click();
  await expect(panel).toContainText('This run is too long for a QR code');
  await expect(panel.locator('svg[role="img"]')).toHaveCount(0);
  const url = (await panel.getByTestId('share-class-url').textContent())?.trim() ?? '';
  expect(url).toMatch(/\/replay#step=\d+&sum=[0-9a-f]+&run=/);
  expect(url.length).toBeGreaterThan(2953);
  await panel.getByRole('button', { name: 'Copy link' }).click();
  await expect(panel).toContainText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
});

test('screenshots at projector sizes in both themes, and no overflow at 380 px', async ({
  page
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openLesson(page, '/lessons/self-debugging?present');
  // step 4: the second program, its diff from the first, and the test table of the first run
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect(counter(page)).toHaveText('Step 4 / 4+');
  await expect(page.getByRole('heading', { name: 'Program v2' })).toBeVisible();
  const panel = page.getByRole('dialog', { name: 'Share with class' });
  for (const [width, height] of [
    [1920, 1080],
    [1280, 720]
  ]) {
    await page.setViewportSize({ width, height });
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      const name = `presenter-${width}x${height}-${theme}`;
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `test-results/screenshots/${name}.png` });
      // Viewport shots, not full-page ones: a full-page shot makes the viewport as tall as the
      // page, and presenter type is sized by the viewport's height.
      await page.getByRole('heading', { name: /^Tests/ }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: `test-results/screenshots/${name}-tests.png` });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.getByRole('button', { name: 'Share with class' }).click();
      await expect(panel.locator('svg[role="img"]')).toBeVisible();
      await page.screenshot({ path: `test-results/screenshots/${name}-share.png` });
      await page.keyboard.press('Escape');
      await expect(panel).toBeHidden();
    }
  }
  // The bar is one slim row (the run below is the picture), and its counter is large type.
  const bar = await page.getByRole('region', { name: 'Presenter' }).boundingBox();
  expect(bar?.height ?? Infinity).toBeLessThanOrEqual(56);
  const counterSize = await counter(page).evaluate((el) =>
    parseFloat(getComputedStyle(el).fontSize)
  );
  expect(counterSize).toBeGreaterThanOrEqual(24);

  await page.setViewportSize({ width: 380, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(counter(page)).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth
  );
  expect(overflow).toBe(0);
  await page.screenshot({ path: 'test-results/screenshots/presenter-380-light.png' });
  await page.getByRole('button', { name: 'Share with class' }).click();
  await expect(panel.locator('svg[role="img"]')).toBeVisible();
  expect(
    await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth
    )
  ).toBe(0);
  await page.screenshot({ path: 'test-results/screenshots/presenter-380-share.png' });
});
