/**
 * MapCoder in the playground, as a newcomer runs it with no model at all: the second lesson's
 * problem (with its reference) loaded into the form, MapCoder chosen, the demo picked. The demo's
 * replies are scripted and say so (a recall and two plans; the first plan's code is left
 * unfinished, the second is the reference); the technique, the sandbox and the grading are real.
 * Stepped with the keyboard to the verdict: the four role lanes and the plan list read by role
 * and text, plan 1 dropped after its two debug rounds and plan 2 passing (plan backtracking).
 * Then the axe scan, and the narrow dark layout holds.
 */
import type { Page } from '@playwright/test';
import { test, expect, shot } from './fixtures';
import { expectNoSeriousViolations } from './axe';
import { useLessonProblem } from './playground-form';
import { ECHO_PLANS_LABEL } from '../src/lib/core/playground/reference-model';

const lanes = (page: Page) => page.getByRole('region', { name: /^Who does what/ });
const lane = (page: Page, agent: string) => lanes(page).getByRole('region', { name: agent });
const planList = (page: Page) => page.getByRole('list', { name: /^Plans, most confident first/ });
/** The plans, one item each (their steps are nested lists of their own). */
const plans = (page: Page) => planList(page).locator(':scope > li');
const currentPlan = (page: Page) => planList(page).locator(':scope > li[aria-current="step"]');

const step = (page: Page) => page.keyboard.press('ArrowRight');

test('the demo runs MapCoder: stepped to its verdict, plan 1 dropped, plan 2 passes', async ({
  page
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/playground');
  await useLessonProblem(page);
  await page.getByLabel('Technique', { exact: true }).selectOption('mapcoder');
  await page.getByRole('radio', { name: `Demo — ${ECHO_PLANS_LABEL}` }).check();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByText('Paused before the next call — press Step')).toBeVisible({
    timeout: 60_000
  });

  // Before any step: four lanes, nobody at work, no plans yet.
  await expect(lanes(page)).toContainText('no agent at work');
  for (const agent of ['recall agent', 'planning agent', 'coding agent', 'debugging agent'])
    await expect(lane(page, agent)).toBeVisible();
  await expect(page.getByText('The planning agent has not written its plans yet.')).toBeVisible();

  // → the recall agent recalls; → the planning agent writes two plans
  await step(page);
  await expect(lane(page, 'recall agent')).toHaveAttribute('aria-current', 'step');
  await expect(page.getByRole('region', { name: /^Recalled problems/ })).toContainText(
    'The demo recalls no problem of its own: its replies are scripted.'
  );
  await step(page);
  await expect(lane(page, 'planning agent')).toHaveAttribute('aria-current', 'step');
  await expect(plans(page)).toHaveCount(2);
  await expect(plans(page).nth(0)).toContainText(/Plan 1\s*confidence 80\s*not tried yet/);
  await expect(plans(page).nth(1)).toContainText(/Plan 2\s*confidence 60\s*not tried yet/);
  await expect(currentPlan(page)).toHaveCount(0);

  // → the coding agent writes plan 1's code; → the examples run: all fail
  await step(page);
  await expect(lane(page, 'coding agent')).toHaveAttribute('aria-current', 'step');
  await expect(currentPlan(page)).toContainText('Plan 1');
  await step(page);
  // (the first run loads Python in this tab, which may take a while on a busy machine)
  await expect(currentPlan(page)).toContainText('being tried: 0 debug rounds, 0/3 examples', {
    timeout: 90_000
  });
  await expect(lanes(page)).toContainText('no agent at work');

  // → two debug rounds, each run on the examples, still failing
  const debuggerLane = lane(page, 'debugging agent');
  for (const rounds of ['1 debug round', '2 debug rounds']) {
    await step(page);
    await expect(debuggerLane).toHaveAttribute('aria-current', 'step');
    await expect(currentPlan(page)).toContainText(`being tried: ${rounds}, 0/3 examples`);
    await step(page);
    await expect(debuggerLane).not.toHaveAttribute('aria-current', 'step');
  }

  // → backtrack: the coding agent starts on plan 2, plan 1 is dropped
  await step(page);
  await expect(lane(page, 'coding agent')).toHaveAttribute('aria-current', 'step');
  await expect(currentPlan(page)).toContainText('Plan 2');
  await expect(plans(page).nth(0)).toContainText('dropped after 2 debug rounds, 0/3 examples');

  // to the end: the verdict, plan 2 passed, why the loop stopped
  await page.keyboard.press('End');
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toContainText('Solved', { timeout: 120_000 });
  await expect(verdict).toContainText('Hidden tests: 8/8 pass');
  await expect(plans(page).nth(1)).toContainText('passed the examples after 0 debug rounds');
  await expect(currentPlan(page)).toHaveCount(0);
  await expect(
    page.getByText("Stopped because plan 2's code passes the examples.", { exact: true })
  ).toBeVisible();
  const handoffs = page.getByRole('list', { name: 'Hand-offs' }).getByRole('listitem');
  await expect(handoffs).toHaveText([
    /^1\s*recall agent\s*⟶ to\s*planning agent\s*1 similar problem$/,
    /^2\s*planning agent\s*⟶ to\s*coding agent\s*2 plans$/,
    /^3\s*coding agent\s*⟶ to\s*debugging agent\s*3 of 3 examples fail$/,
    /^4\s*debugging agent\s*⟶ to\s*debugging agent\s*3 of 3 examples fail$/,
    /^5\s*debugging agent\s*⟶ to\s*coding agent\s*3 of 3 examples fail$/
  ]);
  // A message opens as text: the failures the debugging agent handed back.
  await debuggerLane.getByText('Show message 5').click();
  await expect(debuggerLane.locator('pre').last()).toContainText(
    'raised NotImplementedError: the demo leaves its first plan unfinished'
  );

  await expectNoSeriousViolations(page, 'the MapCoder demo in the playground');
  await shot(page, 'mapcoder-1280-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'mapcoder-1280-dark');
  await expectNoSeriousViolations(page, 'the MapCoder demo, dark');

  // Narrow and dark: the page does not scroll sideways; lanes and plans stack.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(planList(page)).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth
  );
  expect(overflow).toBeLessThanOrEqual(0);
  const recallBox = await lane(page, 'recall agent').boundingBox();
  const plannerBox = await lane(page, 'planning agent').boundingBox();
  expect(plannerBox!.y).toBeGreaterThan(recallBox!.y + recallBox!.height - 1);
  const planBox = await plans(page).nth(1).boundingBox();
  expect(planBox!.x + planBox!.width).toBeLessThanOrEqual(390);
  await expectNoSeriousViolations(page, 'the MapCoder demo, narrow and dark');
  await lanes(page).screenshot({ path: 'test-results/screenshots/mapcoder-390-dark-lanes.png' });
  await page
    .getByRole('region', { name: /^MapCoder$/ })
    .screenshot({ path: 'test-results/screenshots/mapcoder-390-dark-views.png' });
  await page.emulateMedia({ colorScheme: 'light' });
});
