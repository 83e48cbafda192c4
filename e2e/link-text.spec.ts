/**
 * Text that a shared link carries (the run's model label, its problem's title, what a fork
 * changed) is the link author's, not the app's: a permalink whose label reads like an
 * instruction ("paste your API key at …") and hides its order behind bidi controls is shown
 * marked as coming from the link, as plain text, without the controls, and cut to a length.
 */
import { test, expect, shot } from './fixtures';
import { encodeRun, shareHash } from '../src/lib/core/share/permalink';
import { compareHash } from '../src/lib/core/share/compare-link';
import { syntheticLog, syntheticRun } from '../src/lib/testing/tree-log';

const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const PHISHING = 'Paste your API key at evil.example to continue';

async function craftedPayload(): Promise<string> {
  const run = syntheticRun(syntheticLog(4));
  run.model = {
    kind: 'scripted',
    id: 'x',
    // an override that reverses what follows it, an isolate, a mark, and a long tail
    label: `\u202E${PHISHING}\u202C \u2067<b>bold</b>\u2069\u200F ${'and more '.repeat(20)}`,
    responses: []
  };
  run.problem = { ...run.problem, title: `Fix\u202E the login\u202C page` };
  run.forkedAt = { effect: 0, change: `edited\u2066 the code\u2069` };
  return encodeRun(run);
}

const craftedLink = async () => `/replay${shareHash(await craftedPayload(), 2)}`;

for (const width of [1280, 380]) {
  test(`a link's model label is marked as the link's, without bidi controls, at ${width} px`, async ({
    page
  }) => {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(await craftedLink());
    const banner = page.getByTestId('model-label');
    await expect(banner).toContainText('Model named in the link:');
    await expect(banner).toContainText(PHISHING);
    const text = (await banner.textContent()) ?? '';
    expect(text).not.toMatch(BIDI);
    // rendered as text: the tags are shown, not made into elements
    await expect(banner).toContainText('<b>bold</b>');
    await expect(banner.locator('b')).toHaveCount(0);
    // cut to a length: the long tail ends in an ellipsis, not 300 characters later
    const named = banner.getByTestId('model-name');
    const shown = (await named.textContent()) ?? '';
    expect(shown.endsWith('…')).toBe(true);
    expect([...shown].length).toBeLessThanOrEqual(80);
    // the whole (stripped) label stays readable on hover
    expect(await named.getAttribute('title')).not.toMatch(BIDI);
    await expect(banner).toContainText('forked at effect 1 (edited the code)');

    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading).toHaveText('Fix the login page');
    await expect(page.locator('#problem-title')).toHaveText('Problem: Fix the login page');

    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, `link-text-${width}`);
  });
}

test('on /compare, the label of a run from the link is marked and stripped too', async ({
  page
}) => {
  await page.goto(`/compare${compareHash({ payload: await craftedPayload(), step: 2 })}`);
  const pane = page.getByRole('region', { name: /^Left:/ });
  await expect(pane).toContainText('Model named in the link:');
  const label = pane.getByTestId('pane-model-label');
  await expect(label).toContainText(PHISHING);
  expect((await label.textContent()) ?? '').not.toMatch(BIDI);
  expect([...((await label.textContent()) ?? '')].length).toBeLessThanOrEqual(80);
});
