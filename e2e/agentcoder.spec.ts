/**
 * AgentCoder in the playground, as a newcomer runs it: the second lesson's problem (with its
 * reference) loaded into the form, AgentCoder chosen, a model server on 127.0.0.1 (the fake endpoint) whose replies are
 * this test's input — the test designer's nine lines (seven kept, one of them wrong) and the
 * programmer's three programs (src/lib/testing/agentcoder-run.ts). The technique, the sandbox
 * and the grading are real. Stepped with the keyboard to the verdict; the role lanes and the
 * designer's tests read by role and text; the narrow dark layout holds. Then the demo, with no
 * model at all, runs it to its verdict.
 */
import type { Page } from '@playwright/test';
import { test, expect, shot } from './fixtures';
import { expectNoSeriousViolations } from './axe';
import { useEndpoint, useLessonProblem } from './playground-form';
import { startFakeEndpoint } from '../src/lib/testing/fake-endpoint';
import { AGENTCODER_REPLIES } from '../src/lib/testing/agentcoder-run';
import { TEST_DESIGNER_SYSTEM } from '../src/lib/core/prompts/agentcoder';

const lanes = (page: Page) => page.getByRole('region', { name: /^Who does what/ });
const lane = (page: Page, agent: string) => lanes(page).getByRole('region', { name: agent });
const testsTable = (page: Page) => page.getByRole('table', { name: /^The test designer's tests/ });
/** The cells of designer test `n`'s row, after its source. */
const testRow = (page: Page, n: number) => testsTable(page).getByRole('row').nth(n);

test('AgentCoder in the playground: stepped to its verdict, lanes and tests read by role', async ({
  page
}) => {
  test.setTimeout(240_000);
  let rounds = 0;
  const server = await startFakeEndpoint({
    chat: (body) => {
      const messages = body.messages as { role: string; content: string }[];
      const designer = messages[0]?.content === TEST_DESIGNER_SYSTEM;
      return {
        content: designer ? AGENTCODER_REPLIES[0] : AGENTCODER_REPLIES[1 + (rounds++ % 3)],
        usage: { prompt_tokens: 120, completion_tokens: 40 }
      };
    }
  });
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await useEndpoint(page, server.origin, 'lab-coder');
    await page.goto('/playground');
    await useLessonProblem(page);
    await page.getByLabel('Technique', { exact: true }).selectOption('agentcoder');
    await expect(page.getByRole('radio', { name: /My model: lab-coder/ })).toBeChecked();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByText('Paused before the next call — press Step')).toBeVisible({
      timeout: 60_000
    });

    // Before any step: three lanes, nobody at work yet.
    await expect(lanes(page)).toContainText('no agent at work');
    for (const agent of ['test designer', 'programmer', 'test executor'])
      await expect(lane(page, agent)).toBeVisible();

    // → the designer writes; → the executor parses: the designer's tests go to the executor
    await page.keyboard.press('ArrowRight');
    await expect(lane(page, 'test designer')).toHaveAttribute('aria-current', 'step');
    await page.keyboard.press('ArrowRight');
    // (the first run loads Python in this tab, which may take a while on a busy machine)
    await expect(testsTable(page)).toBeVisible({ timeout: 60_000 });
    await expect(lane(page, 'test executor')).toHaveAttribute('aria-current', 'step');
    await expect(lane(page, 'test designer')).not.toHaveAttribute('aria-current', 'step');
    await expect(lane(page, 'test designer').getByRole('listitem')).toHaveText([
      /^1\s*7 tests\s*→ test executor/
    ]);
    await expect(page.getByRole('list', { name: 'Dropped' }).getByRole('listitem')).toHaveText([
      /count_windows\(\[1, 2\] 2, 3\) == 1 — not valid Python/,
      /count_windows\(\[0, 0\], 1, 0\) == 2 — more than 3 basic tests/
    ]);

    // → the programmer writes round 1; → the executor runs it and hands back the failures
    await page.keyboard.press('ArrowRight');
    await expect(lane(page, 'programmer')).toHaveAttribute('aria-current', 'step');
    await page.keyboard.press('ArrowRight');
    await expect(lane(page, 'test executor')).toHaveAttribute('aria-current', 'step');
    const handoffs = page.getByRole('list', { name: 'Hand-offs' }).getByRole('listitem');
    await expect(handoffs).toHaveText([
      /^1\s*test designer\s*⟶ to\s*test executor\s*7 tests$/,
      /^2\s*programmer\s*⟶ to\s*test executor\s*program, round 1$/,
      /^3\s*test executor\s*⟶ to\s*programmer\s*2 of 7 tests fail$/
    ]);
    await expect(testRow(page, 3)).toContainText('✗ fail');
    await expect(testRow(page, 3)).toContainText('not checked yet');

    // to the end: the verdict, three rounds, the wrong test marked
    await page.keyboard.press('End');
    const verdict = page.getByTestId('verdict');
    await expect(verdict).toContainText('Solved', { timeout: 120_000 });
    await expect(verdict).toContainText('Hidden tests: 8/8 pass');
    await expect(testsTable(page).getByRole('columnheader')).toHaveText([
      'Test',
      'Round 1',
      'Round 2',
      'Round 3',
      'Against the reference'
    ]);
    await expect(testRow(page, 5)).toContainText('✗ wrong test');
    await expect(testRow(page, 5)).toContainText('count_windows([4, 4], 1, 3) == 1');
    await expect(testRow(page, 1)).toContainText('✓ holds');
    await expect(
      page.getByText('Stopped because the round cap is reached (3 rounds).', { exact: true })
    ).toBeVisible();
    await expect(lanes(page)).toContainText('no agent at work');
    // A message opens as text: the program round 3 handed on.
    const programmer = lane(page, 'programmer');
    await programmer.getByText('Show message 6').click();
    await expect(programmer.locator('pre').last()).toContainText(
      'if sum(values[start:start + k]) <= limit:'
    );

    // The designer saw the requirement and examples only; the hidden tests reached no one.
    const designerAsked = JSON.stringify(
      server.received
        .map((r) => r.body.messages as { content: string }[])
        .filter((m) => m[0]?.content === TEST_DESIGNER_SYSTEM)
    );
    expect(designerAsked).toContain('count_windows([5, 1, 1], 3, 7)');
    expect(designerAsked).not.toContain('count += 1');
    expect(JSON.stringify(server.received.map((r) => r.body))).not.toContain('[9, 1, 9, 1, 9]');

    await expectNoSeriousViolations(page, 'the AgentCoder run in the playground');
    await shot(page, 'agentcoder-1280-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'agentcoder-1280-dark');
    await lanes(page).screenshot({
      path: 'test-results/screenshots/agentcoder-1280-dark-lanes.png'
    });

    // Narrow and dark: the page does not scroll sideways; the lanes stack.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(lanes(page)).toBeVisible();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const designerBox = await lane(page, 'test designer').boundingBox();
    const programmerBox = await lane(page, 'programmer').boundingBox();
    expect(programmerBox!.y).toBeGreaterThan(designerBox!.y + designerBox!.height - 1);
    expect(programmerBox!.width).toBeLessThanOrEqual(390);
    await expectNoSeriousViolations(page, 'the AgentCoder run, narrow and dark');
    await lanes(page).screenshot({
      path: 'test-results/screenshots/agentcoder-390-dark-lanes.png'
    });
    await page
      .getByRole('region', { name: /^The test designer's tests/ })
      .screenshot({ path: 'test-results/screenshots/agentcoder-390-dark-tests.png' });
    await page.emulateMedia({ colorScheme: 'light' });
  } finally {
    await server.close();
  }
});

test('the demo runs AgentCoder with no model: the examples are the tests, round 1 passes', async ({
  page
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/playground');
  await useLessonProblem(page);
  await page.getByLabel('Technique', { exact: true }).selectOption('agentcoder');
  const label =
    'scripted: replies with your reference solution, and with your examples as its tests';
  await page.getByRole('radio', { name: `Demo — ${label}` }).check();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByText('Paused before the next call — press Step')).toBeVisible({
    timeout: 60_000
  });
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved', { timeout: 90_000 });
  await expect(testsTable(page).getByRole('columnheader')).toHaveText([
    'Test',
    'Round 1',
    'Against the reference'
  ]);
  await expect(testsTable(page).getByRole('row')).toHaveCount(4);
  await expect(
    page.getByText("Stopped because all the test designer's tests pass.", { exact: true })
  ).toBeVisible();
  await expect(page.getByRole('list', { name: 'Hand-offs' }).getByRole('listitem')).toHaveCount(2);
});
