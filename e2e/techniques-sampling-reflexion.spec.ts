import { test, expect, shot, offline, pythonReady } from './fixtures';
import type { Page } from '@playwright/test';

test.describe.configure({ timeout: 150_000 });

const stepCounter = (page: Page) => page.getByTestId('step-counter');
const samples = (page: Page) => page.getByRole('list', { name: 'Samples' });
const sample = (page: Page, n: number) =>
  samples(page).getByRole('button', { name: new RegExp(`^Sample ${n}\\b`) });

async function openLesson(page: Page, link: RegExp, scripted: string) {
  await page.goto('/');
  // the lesson list (the course map below links every lesson too)
  await page.getByRole('region', { name: 'Start here' }).getByRole('link', { name: link }).click();
  await expect(page.getByText(scripted)).toBeVisible();
  // Python loads first; on a busy machine that takes a while.
  await expect(page.getByText('Paused before the next call — press Step')).toBeVisible({
    timeout: 60_000
  });
  await pythonReady(page);
}
const openSampling = (page: Page) =>
  openLesson(
    page,
    /Sampling many programs and pass@k/,
    'Scripted walkthrough — six samples written by the lesson author'
  );
const openReflexion = (page: Page) =>
  openLesson(
    page,
    /Reflexion: self-written tests/,
    'Scripted walkthrough — tests, programs and reflections written by the lesson author'
  );

/** Press → until the step counter reads `last`, checking that each press moves one step. */
async function stepTo(page: Page, from: number, last: number) {
  for (let step = from + 1; step <= last; step++) {
    await page.keyboard.press('ArrowRight');
    await expect(stepCounter(page)).toContainText(`Step ${step} of`);
  }
}

async function noOverflow(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

test('sampling: the grid fills in step by step, then pass@k and the picked sample', async ({
  page
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openSampling(page);
  await expect(stepCounter(page)).toContainText('Step 0 of');
  await expect(samples(page).getByRole('button')).toHaveCount(6);
  await expect(sample(page, 1)).toHaveAccessibleName('Sample 1: not drawn yet');
  await expect(sample(page, 1)).toBeDisabled();

  // → the first model call: sample 1 is drawn (seed and program), nothing run yet
  await page.keyboard.press('ArrowRight');
  await expect(sample(page, 1)).toHaveAccessibleName(/^Sample 1, seed \d+: drawn, not run yet$/);
  await expect(page.getByRole('heading', { name: 'Program of sample 1' })).toBeVisible();
  await expect(page.getByTestId('code-view')).toHaveAttribute(
    'data-code',
    /sorted\(values\)\[-2\]/
  );
  // → its examples run (one fails); → its hidden tests grade it
  await page.keyboard.press('ArrowRight');
  await expect(sample(page, 1)).toHaveAccessibleName(/examples fail, hidden tests not run yet$/);
  await page.keyboard.press('ArrowRight');
  await expect(sample(page, 1)).toHaveAccessibleName(
    /: fails the hidden tests \(6\/9\); examples fail$/
  );
  await expect(sample(page, 1)).toContainText('✗ wrong');
  await expect(sample(page, 2)).toHaveAccessibleName('Sample 2: not drawn yet');
  await expect(
    page.getByText(/The curve is drawn once all 6 samples are graded \(1 so far\)/)
  ).toBeVisible();
  await shot(page, 'sampling-step-3');

  // → to the last step: every sample graded, pass@k drawn, and the pick by the examples is wrong
  await stepTo(page, 3, 16);
  await page.keyboard.press('End');
  await expect(stepCounter(page)).toContainText('Step 16 of 16');
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toContainText('Not solved');
  await expect(verdict).toContainText('pass@1 = 33%, pass@6 = 100%');
  await expect(verdict).toContainText('sample 2, the first to pass the examples');
  const verdicts = [
    'fails the hidden tests (6/9); examples fail',
    'fails the hidden tests (7/9); examples pass',
    'fails the hidden tests (7/9); examples fail',
    'passes the hidden tests (9/9); examples pass',
    'no program: counts as a failure',
    'passes the hidden tests (9/9); examples pass'
  ];
  for (const [i, v] of verdicts.entries()) {
    await expect(sample(page, i + 1)).toHaveAccessibleName(
      new RegExp(`: ${v.replace(/[()]/g, '\\$&')}$`)
    );
  }
  await expect(sample(page, 4)).toContainText('✓ correct');
  await expect(sample(page, 5)).toContainText('✗ no code');

  const chart = page.getByRole('img', { name: 'pass@k for k = 1 to 6', exact: true });
  await expect(chart).toBeVisible();
  const table = page.getByRole('table', { name: /pass@k values/ });
  const expected = ['33%', '60%', '80%', '93%', '100%', '100%'];
  for (const [i, v] of expected.entries()) {
    await expect(table.getByRole('row', { name: `${i + 1} ${v}`, exact: true })).toBeVisible();
  }
  await expect(chart).toHaveAccessibleDescription(
    '2 of 6 samples are correct. pass@1 is 33%; pass@6 is 100%.'
  );
  await expect(
    page.getByRole('complementary', { name: 'Why more samples raise pass@k but not pass@1' })
  ).toBeVisible();
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('pass@k');
  await shot(page, 'sampling-end');

  // Click a card to open its program; Enter on a focused card does the same
  await sample(page, 4).click();
  await expect(sample(page, 4)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('heading', { name: 'Program of sample 4' })).toBeVisible();
  await expect(page.getByTestId('code-view')).toHaveAttribute(
    'data-code',
    /distinct = sorted\(set\(values\)\)/
  );
  await sample(page, 2).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Program of sample 2' })).toBeVisible();
  await expect(page.getByTestId('code-view')).toHaveAttribute('data-code', /first, second = 0, 0/);
  await sample(page, 5).click();
  await expect(page.getByText('This reply had no')).toBeVisible();
  await shot(page, 'sampling-picked');

  // Back over the log: the grid empties again as the cursor moves back
  await page.keyboard.press('Home');
  await expect(sample(page, 6)).toHaveAccessibleName('Sample 6: not drawn yet');
});

test('reflexion: kept and dropped tests, attempts, memory, and the wrong test marked', async ({
  page,
  browser
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openReflexion(page);
  await expect(page.getByText('The model has not written its tests yet.')).toBeVisible();

  // → the tests reply; → the sandbox parses the lines: five kept, two dropped
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const tests = page.getByRole('table', { name: /Self-written tests/ });
  await expect(tests.getByRole('row')).toHaveCount(6);
  const dropped = page.getByRole('list', { name: 'Dropped' });
  await expect(dropped.getByRole('listitem')).toHaveCount(2);
  await expect(dropped).toContainText('does not call median');
  await expect(dropped).toContainText('not valid Python');
  const wrongRow = tests.getByRole('row', { name: /median\(\[1, 2, 3, 4\]\) == 2/ });
  await expect(wrongRow).toContainText('not checked yet');

  // → program 1; → its self-test run: 1 of 5 pass
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const attempts = page.getByRole('list', { name: 'Attempts' });
  await expect(attempts).toContainText('Iteration 1 — 1/5 self-tests pass');
  await expect(page.getByRole('region', { name: /Memory/ })).toContainText('Empty.');
  // → the reflection goes into memory
  await page.keyboard.press('ArrowRight');
  const memory = page.getByRole('list', { name: /Memory/ });
  await expect(memory.getByRole('listitem')).toHaveCount(1);
  await expect(memory.getByRole('listitem').first()).toContainText('After iteration 1newest');
  // → program 2 (correct); → its run fails only the wrong test
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(attempts).toContainText('Iteration 2 — 4/5 self-tests pass');
  await expect(wrongRow).toContainText('✗ fail');
  await expect(page.getByRole('heading', { name: 'Program v2' })).toBeVisible();
  await shot(page, 'reflexion-iteration-2');

  // → to the last step: the misled third program passes every self-test, fails the hidden tests, and the
  // check against the reference marks the test that misled it
  await stepTo(page, 7, 13);
  await page.keyboard.press('End');
  await expect(stepCounter(page)).toContainText('Step 13 of 13');
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toContainText('Not solved');
  await expect(verdict).toContainText('Hidden tests: 4/8 pass');
  await expect(verdict).toContainText('1 of 5 self-tests was wrong');
  await expect(attempts.getByRole('listitem')).toHaveCount(3);
  await expect(attempts).toContainText(
    'Iteration 3 — 5/5 self-tests pass → stop: all self-tests pass'
  );
  await expect(memory.getByRole('listitem')).toHaveCount(2);
  const newest = memory.locator('[aria-current="true"]');
  await expect(newest).toHaveCount(1);
  await expect(newest).toContainText('After iteration 2newest');
  await expect(newest).toContainText('lower middle value');
  await expect(wrongRow).toContainText('✗ wrong test');
  await expect(wrongRow).toContainText('the reference solution fails it');
  await expect(tests.getByRole('row', { name: /median\(\[5\]\) == 5/ })).toContainText('✓ holds');
  await expect(tests.getByText('✗ wrong test')).toHaveCount(1);
  await expect(
    page.getByText('Checked against the reference solution: 1 of 5 self-tests was wrong')
  ).toBeVisible();
  const timeline = page.getByRole('region', { name: 'Timeline' });
  const check = timeline.getByRole('listitem').filter({ hasText: 'Reference check' });
  await expect(check).toHaveCount(1);
  await expect(check).toContainText(
    "the model's tests on the reference solution — 4/5 hold, 1 wrong"
  );
  await expect(timeline.getByRole('listitem').filter({ hasText: 'Reflection 2' })).toHaveCount(1);
  await shot(page, 'reflexion-end');

  // A shared link replays the log in a fresh browser: the same views, nothing re-run.
  await page.getByRole('button', { name: 'Share' }).click();
  const field = page.getByRole('textbox', { name: 'Permalink' });
  await expect(field).toHaveValue(/\/replay#step=13&/);
  const link = await field.inputValue();
  await page.getByRole('button', { name: 'Close' }).click();
  const fresh = await browser.newContext();
  const outside = await offline(fresh);
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(stepCounter(other)).toContainText('Step 13 of 13');
  const replayed = other.getByRole('table', { name: /Self-written tests/ });
  await expect(replayed.getByRole('row', { name: /median\(\[1, 2, 3, 4\]\) == 2/ })).toContainText(
    '✗ wrong test'
  );
  await expect(other.getByRole('list', { name: /Memory/ }).getByRole('listitem')).toHaveCount(2);
  await fresh.close();
  expect(outside).toEqual([]);
});

for (const lesson of ['sampling', 'reflexion'] as const) {
  test(`${lesson}: narrow dark layout holds at the end`, async ({ page }) => {
    await page.setViewportSize({ width: 380, height: 900 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await (lesson === 'sampling' ? openSampling(page) : openReflexion(page));
    await page.keyboard.press('End');
    await expect(page.getByTestId('verdict')).toContainText('Not solved');
    await noOverflow(page);
    await shot(page, `${lesson}-narrow-dark`);
    // The technique's own views, close up (a full page at 380 px is too tall to read).
    const views = page.getByRole('region', {
      name: lesson === 'sampling' ? /^Samples/ : 'Reflexion'
    });
    await views.screenshot({ path: `test-results/screenshots/${lesson}-narrow-dark-views.png` });
  });
}
