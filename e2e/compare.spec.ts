import { test, expect, shot, pythonReady } from './fixtures';
import type { Locator, Page } from '@playwright/test';

// Loading Python on this busy 2-core machine has taken over a minute: the runs of lesson 10
// are all real, so the first wait is long. Every wait ends as soon as its condition holds.
test.setTimeout(300_000);

/** A viewport-sized screenshot with `target` scrolled into view (long narrow pages). */
async function shotAt(page: Page, target: Locator, name: string) {
  await target.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `test-results/screenshots/${name}.png` });
}
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
const pane = (page: Page, side: 'left' | 'right') => page.locator(`section[data-side="${side}"]`);
const stepOf = async (page: Page, side: 'left' | 'right') =>
  Number(
    /Step (\d+)/.exec((await pane(page, side).getByTestId('pane-step').innerText()) ?? '')?.[1]
  );
const table = (page: Page) => page.getByRole('table', { name: /What each run spent/ });
const cell = (page: Page, run: string, key: string): Locator =>
  table(page).locator(`tr[data-run="${run}"] [data-cell="${key}"]`);
const RUNS = [
  'walkthrough',
  'agentcoder',
  'codet',
  'mapcoder',
  'resample-filter',
  'self-debug',
  'self-planning'
];

/** Lesson 10 with every run finished (each is run for real in the page's sandbox). */
async function openLesson10(page: Page) {
  await page.goto('/lessons/compare');
  for (const run of RUNS)
    await expect(cell(page, run, 'verdict')).not.toContainText(/waiting|running/, {
      timeout: 240_000
    });
  await expect(page.getByTestId('pair-counter')).toContainText('Step 0 of');
}

test('lesson 10: two runs in lockstep, then apart, and the table of every run', async ({
  page
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLesson10(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Side by side/);
  const both = page.getByRole('toolbar', { name: 'Both runs' });

  // Lockstep: one press moves both panes to the same step.
  await both.getByRole('button', { name: 'Step both' }).click();
  await expect(page.getByTestId('pair-counter')).toContainText('Step 1 of');
  expect([await stepOf(page, 'left'), await stepOf(page, 'right')]).toEqual([1, 1]);
  // The first call is the same on both sides: same prompt, greedy, same program.
  await expect(pane(page, 'left')).toContainText('Model call');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  expect([await stepOf(page, 'left'), await stepOf(page, 'right')]).toEqual([3, 3]);
  // Direct generation has its verdict at step 3; self-debugging is only at its first feedback.
  await expect(pane(page, 'left').getByTestId('pane-verdict')).toContainText('Not solved');
  await expect(pane(page, 'right').getByTestId('pane-verdict')).toHaveCount(0);
  await page.keyboard.press('End');
  const [leftEnd, rightEnd] = [await stepOf(page, 'left'), await stepOf(page, 'right')];
  expect(leftEnd).toBeLessThan(rightEnd);
  await expect(page.getByTestId('pair-counter')).toContainText(`Step ${rightEnd} of ${rightEnd}`);
  await expect(pane(page, 'right').getByTestId('pane-verdict')).toContainText('Solved');
  await shot(page, 'compare-lesson-lockstep-1280');

  // Independent: each pane gets its own controls; the other pane stays where it is.
  await page.getByRole('radio', { name: 'Independent' }).check();
  await expect(both).toHaveCount(0);
  const leftBar = page.getByRole('toolbar', { name: 'Left run player' });
  await leftBar.getByRole('button', { name: 'Restart' }).click();
  await leftBar.getByRole('button', { name: 'Step' }).click();
  expect([await stepOf(page, 'left'), await stepOf(page, 'right')]).toEqual([1, rightEnd]);
  // The keys follow the pane used last.
  await page.keyboard.press('ArrowRight');
  expect([await stepOf(page, 'left'), await stepOf(page, 'right')]).toEqual([2, rightEnd]);
  const rightBar = page.getByRole('toolbar', { name: 'Right run player' });
  await rightBar.getByRole('button', { name: 'Back' }).click();
  expect([await stepOf(page, 'left'), await stepOf(page, 'right')]).toEqual([2, rightEnd - 1]);
  // Back to lockstep: both line up at the further step.
  await page.getByRole('radio', { name: 'Lockstep' }).check();
  expect(await stepOf(page, 'right')).toBe(rightEnd - 1);
  expect(await stepOf(page, 'left')).toBe(Math.min(rightEnd - 1, leftEnd));

  // Choose another pair: resample-and-filter against self-planning.
  await page
    .getByRole('combobox', { name: 'Left run' })
    .selectOption({ label: 'Resample and filter' });
  await page.getByRole('combobox', { name: 'Right run' }).selectOption({ label: 'Self-planning' });
  await expect(pane(page, 'left')).toContainText('Resample and filter');
  await expect(page.getByTestId('pair-counter')).toContainText('Step 0 of');
  // (The keys leave a focused picker alone: the buttons drive the pair here.)
  await both.getByRole('button', { name: 'End' }).click();
  await expect(pane(page, 'left').getByTestId('pane-verdict')).toContainText('Not solved');
  await expect(pane(page, 'right').getByTestId('pane-verdict')).toContainText('Solved');

  // The table: every run's numbers, checked against that run's own log. The log comes from
  // the pane's permalink (decoded here) and the numbers are worked out here from its events.
  const titles: Record<string, string> = {
    walkthrough: 'Direct generation',
    'resample-filter': 'Resample and filter',
    'self-debug': 'Self-debugging',
    'self-planning': 'Self-planning',
    codet: 'CodeT',
    agentcoder: 'AgentCoder',
    mapcoder: 'MapCoder'
  };
  for (const run of RUNS) {
    await page.getByRole('combobox', { name: 'Left run' }).selectOption({ label: titles[run] });
    await expect(pane(page, 'left').locator('header h3')).toContainText(titles[run]);
    const log = await logOf(page, pane(page, 'left'));
    const facts = factsOf(log.events);
    await expect(cell(page, run, 'calls')).toHaveText(String(facts.calls));
    await expect(cell(page, run, 'turns')).toHaveText(String(facts.turns));
    await expect(cell(page, run, 'tokens')).toHaveText(`≈${facts.tokensIn} / ≈${facts.tokensOut}`);
    await expect(cell(page, run, 'sandbox')).toHaveText(ms(facts.sandboxMs));
    await expect(cell(page, run, 'wall')).toHaveText(ms(facts.wallMs));
    await expect(cell(page, run, 'verdict')).toContainText(facts.hidden);
    expect(facts.calls).toBeGreaterThan(0);
  }
  expect(await overflow(page)).toBeLessThanOrEqual(0);
});

test('lesson 10 at 1280 and 380 px, light and dark', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLesson10(page);
  await page.getByRole('button', { name: 'Step both' }).click();
  await page.getByRole('button', { name: 'Step both' }).click();
  await shot(page, 'compare-lesson-1280-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'compare-lesson-1280-dark');
  await page.setViewportSize({ width: 380, height: 900 });
  // Stacked: the right pane is below the left one.
  const [left, right] = [
    await pane(page, 'left').boundingBox(),
    await pane(page, 'right').boundingBox()
  ];
  expect(right && left && right.y > left.y + left.height - 1).toBe(true);
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await shot(page, 'compare-lesson-380-dark');
  await shotAt(
    page,
    page.getByRole('toolbar', { name: 'Both runs' }),
    'compare-lesson-380-dark-bar'
  );
  await shotAt(page, pane(page, 'right'), 'compare-lesson-380-dark-right');
  await shotAt(page, table(page), 'compare-lesson-380-dark-table');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('radio', { name: 'Independent' }).check();
  await page
    .getByRole('toolbar', { name: 'Right run player' })
    .getByRole('button', { name: 'End' })
    .click();
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await shot(page, 'compare-lesson-380-light');
  await shotAt(
    page,
    page.getByRole('toolbar', { name: 'Right run player' }),
    'compare-lesson-380-light-right'
  );
});

test('Compare with… from lesson 2: the run on the left, a second run picked, another problem refused', async ({
  page
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/lessons/self-debugging');
  await expect(page.getByText('Paused before the next call — press Step')).toBeVisible({
    timeout: 240_000
  });
  await pythonReady(page);
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  const leftSteps = /Step (\d+) of (\d+)/.exec(await page.getByTestId('step-counter').innerText());
  await page.getByRole('button', { name: 'Compare with…' }).click();

  await expect(page).toHaveURL(/\/compare#a=/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Compare two runs');
  await expect(pane(page, 'left')).toContainText('Self-debugging');
  // The left run arrives at the step it was on.
  await expect(pane(page, 'left').getByTestId('pane-step')).toContainText(
    `Step ${leftSteps?.[1]} of ${leftSteps?.[2]}`
  );
  await expect(pane(page, 'right')).toContainText('Pick a second run above.');

  // A technique no lesson has scripted for this problem: said plainly, with the way out.
  const picker = page.getByRole('region', { name: 'Pick the second run' });
  await picker
    .getByRole('combobox', { name: 'Another technique on this problem' })
    .selectOption({ label: 'Direct generation' });
  await expect(picker).toContainText('No lesson has scripted replies for Direct generation');
  await expect(picker.getByRole('link', { name: 'Models' })).toBeVisible();

  // A run of another problem, pasted as a link, is refused in words.
  const otherLink = await page.evaluate(async () => {
    const run = {
      version: 1,
      technique: 'direct',
      params: {},
      problem: {
        id: 'another-problem',
        language: 'python',
        title: 'Another problem',
        prompt: 'def g(x): ...',
        entryPoint: 'g',
        visibleTests: [{ input: '1', expected: '1' }],
        hiddenTests: [{ input: '2', expected: '2' }]
      },
      model: { kind: 'scripted', id: 's', label: 'scripted', responses: ['x'] },
      seed: 1,
      events: []
    };
    const stream = new Blob([JSON.stringify(run)])
      .stream()
      .pipeThrough(new CompressionStream('deflate-raw'));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    const b64 = btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    return `${location.origin}/replay#step=0&run=${b64}`;
  });
  await picker.getByRole('textbox', { name: 'A run link (from Share)' }).fill(otherLink);
  await picker.getByRole('button', { name: 'Open the link' }).click();
  await expect(picker.getByRole('alert')).toContainText(
    'These runs are of different problems (“Count the quiet windows”'
  );
  await shot(page, 'compare-refused-1280');

  // The same problem under self-debugging's lesson replies: run for real here, then shown.
  await picker
    .getByRole('combobox', { name: 'Another technique on this problem' })
    .selectOption({ label: 'Self-debugging with unit-test feedback' });
  await picker.getByRole('button', { name: /^Run Self-debugging/ }).click();
  await expect(pane(page, 'right').getByTestId('pane-step')).toContainText('Step 0 of', {
    timeout: 240_000
  });
  await page.getByRole('button', { name: 'End' }).first().click();
  await expect(pane(page, 'right').getByTestId('pane-verdict')).toContainText('Solved');
  const rows = page.getByRole('table', { name: 'The two runs compared' }).locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1).locator('[data-cell="verdict"]')).toContainText('8/8');
  await shot(page, 'compare-with-1280');
  await page.setViewportSize({ width: 380, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await shot(page, 'compare-with-380-dark');
  await shotAt(page, picker, 'compare-with-380-dark-picker');
});

/** A run log as JSON, read from a pane's permalink (deflate-raw, base64url, in the hash). */
async function logOf(page: Page, paneLocator: Locator): Promise<{ events: LogEvent[] }> {
  const href = await paneLocator.getByTestId('pane-permalink').getAttribute('href');
  expect(href).toMatch(/^\/replay#/);
  return page.evaluate(async (link) => {
    const payload = new URLSearchParams(link.split('#')[1]).get('run') ?? '';
    const b64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    return JSON.parse(await new Response(stream).text());
  }, href ?? '');
}

interface LogEvent {
  kind: string;
  t: number;
  dur?: number;
  request?: { messages?: { role: string }[] };
  result?: { usage?: { promptTokens: number; completionTokens: number } };
  note?: { type: string; hiddenPassed?: number; hiddenTotal?: number };
}

/** The table's measures, worked out from the raw events (not with the app's reducer). */
function factsOf(events: LogEvent[]) {
  const models = events.filter((e) => e.kind === 'model');
  const effects = events.filter((e) => e.kind !== 'note');
  const outcome = events.findLast((e) => e.note?.type === 'outcome')?.note;
  return {
    calls: models.length,
    tokensIn: models.reduce((n, e) => n + (e.result?.usage?.promptTokens ?? 0), 0),
    tokensOut: models.reduce((n, e) => n + (e.result?.usage?.completionTokens ?? 0), 0),
    sandboxMs: events.filter((e) => e.kind === 'execute').reduce((n, e) => n + (e.dur ?? 0), 0),
    wallMs: Math.max(0, ...effects.map((e) => e.t + (e.dur ?? 0))),
    turns: Math.max(
      0,
      ...models.map(
        (e) => (e.request?.messages ?? []).filter((m) => m.role === 'assistant').length + 1
      )
    ),
    hidden: `${outcome?.hiddenPassed}/${outcome?.hiddenTotal} hidden tests`
  };
}

const ms = (n: number) => (n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(2)} s`);
