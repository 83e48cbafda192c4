import { test, expect, shot, pythonReady } from './fixtures';
import type { Page } from '@playwright/test';

const caption = (page: Page) => page.getByTestId('tree-caption');
const treeSvg = (page: Page) => page.getByTestId('tree-svg');
const counter = (page: Page) => page.getByTestId('step-counter');
/** A screenshot of the tree view alone (the full page is too tall to read at 380 px). */
const shotTree = (page: Page, name: string) =>
  page
    .getByRole('region', { name: /^Search tree|^Samples/ })
    .screenshot({ path: `test-results/screenshots/${name}.png` });
const node = (page: Page, id: number) => treeSvg(page).locator(`[data-node="${id}"]`);

// Every step of these runs executes Python for real; a busy two-core machine needs time.
test.describe.configure({ timeout: 240_000 });

async function openLesson(page: Page, slug: string) {
  await page.goto(`/lessons/${slug}`);
  await expect(
    page.getByText('Scripted walkthrough — responses written by the lesson author')
  ).toBeVisible();
  // The search's first note (the root) is shown; its first selection waits for a Step.
  // Python loads first (slow on a busy machine).
  await expect(caption(page)).toHaveText(/The search starts from the root/, { timeout: 90_000 });
  await expect(page.getByRole('button', { name: 'Step', exact: true })).toBeEnabled();
  // The player works before Python is up; the steps below each have a short budget.
  await pythonReady(page);
}

/** Press → until the caption matches, one step at a time (each press waits for its step). */
async function stepUntil(page: Page, pattern: RegExp, max = 60) {
  for (let i = 0; i < max; i++) {
    if (
      pattern.test(
        (await caption(page)
          .textContent()
          .catch(() => '')) ?? ''
      )
    )
      return;
    const before = await counter(page).textContent();
    await page.keyboard.press('ArrowRight');
    await expect(counter(page)).not.toHaveText(before ?? '');
  }
  throw new Error(`no step matched ${pattern}`);
}

test('MCTS lesson: step to the third selection, see UCT and the path, open a node', async ({
  page
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLesson(page, 'mcts');

  await stepUntil(page, /Iteration 1 · select/);
  await expect(treeSvg(page)).toHaveAttribute('data-nodes', '1');
  await stepUntil(page, /Evaluate on the examples: node 1 1\/3, node 2 2\/3/);
  await expect(treeSvg(page)).toHaveAttribute('data-nodes', '3');

  // Round 3: node 1 (visited once) beats node 2 (visited three times) on UCT.
  await stepUntil(page, /Iteration 3 · select/);
  await expect(treeSvg(page)).toHaveAttribute('data-nodes', '5');
  await expect(caption(page)).toContainText('down to node 1 (UCT 1.51)');
  await expect(node(page, 1)).toContainText('UCT 1.51');
  await expect(node(page, 2)).toContainText('UCT 1.12');
  await expect(node(page, 1)).toHaveClass(/on-path/);
  await expect(node(page, 0)).toHaveClass(/on-path/);
  await expect(node(page, 2)).not.toHaveClass(/on-path/);
  await expect(node(page, 2)).toContainText('N 3 · 0.44');
  await expect(page.getByRole('meter', { name: 'Budget' })).toHaveAttribute(
    'aria-valuetext',
    '8 of 12 model calls'
  );
  await shot(page, 'tree-mcts-select');

  // The backup of round 3 is a step of its own.
  await stepUntil(page, /Backup/);
  await expect(node(page, 0)).toContainText('N 6');
  await shotTree(page, 'tree-mcts-backup');

  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  await expect(treeSvg(page)).toHaveAttribute('data-nodes', '7');
  await expect(node(page, 5)).toHaveClass(/answer/);

  // Click a node: its program, its results on the examples, its diff to the parent.
  await node(page, 5).click();
  const detail = page.getByTestId('node-detail');
  await expect(detail.getByRole('heading', { name: /Node 5/ })).toBeVisible();
  await expect(detail).toContainText('3 of 3 pass');
  await expect(detail.getByTestId('code-view')).toHaveAttribute('data-code', /n \+= 1/);
  await expect(detail.getByRole('heading', { name: 'Changes from node 1' })).toBeVisible();
  await expect(detail.getByRole('row', { name: /^9\b/ })).toContainText('pass');
  await shot(page, 'tree-mcts-end');

  // By keyboard: focus node 4 and press Enter.
  await node(page, 4).focus();
  await page.keyboard.press('Enter');
  await expect(detail.getByRole('heading', { name: /Node 4/ })).toBeVisible();
  await expect(detail).toContainText('0 of 3 pass');
  await expect(detail).toContainText('is_palindrome, which is never defined');
});

test('MCTS: fork from the root with w = 0 — UCT digs under node 2 instead', async ({ page }) => {
  await openLesson(page, 'mcts');
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  await node(page, 0).click();
  await page.getByRole('button', { name: 'Fork from this node…' }).click();
  await page.getByRole('spinbutton', { name: 'Exploration weight w' }).fill('0');
  await page.getByRole('button', { name: 'Run from here' }).click();
  await expect(page.getByTestId('model-label')).toContainText('forked at effect 1');
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toBeVisible();
  // Round 3 now follows the best mean: root → 2 → 3, so nodes 5 and 6 are children of 3.
  await node(page, 5).click();
  await expect(page.getByTestId('node-detail')).toContainText('Changes from node 3');
});

test('MCTS: fork from node 1 with its program edited — the search ends at once', async ({
  page
}) => {
  await openLesson(page, 'mcts');
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  await node(page, 1).click();
  await page.getByRole('button', { name: 'Fork from this node…' }).click();
  const editor = page.getByRole('textbox', { name: 'Program to continue with, from node 1' });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(
    'def next_palindrome(n):\n    n += 1\n    while str(n) != str(n)[::-1]:\n        n += 1\n    return n\n'
  );
  await page.getByRole('button', { name: 'Run from here' }).click();
  await expect(page.getByTestId('model-label')).toContainText('forked at effect 1 (edited program');
  await page.keyboard.press('End');
  // The edited node 1 passes every example when the first two children are evaluated.
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  await expect(page.getByTestId('verdict')).toContainText('node 1 passes every example');
  await expect(treeSvg(page)).toHaveAttribute('data-nodes', '3');
  await expect(node(page, 1)).toHaveClass(/answer/);
});

test('BFS lesson: two strategies, four refinements, the answer', async ({ page }) => {
  await openLesson(page, 'tree-search');
  await stepUntil(page, /Level 2: expand node 1, node 2/);
  await expect(treeSvg(page)).toHaveAttribute('data-nodes', '3');
  await expect(node(page, 1)).toHaveClass(/frontier/);
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  await expect(treeSvg(page)).toHaveAttribute('data-nodes', '7');
  await expect(node(page, 4)).toHaveClass(/answer/);
  await node(page, 2).click();
  await expect(page.getByTestId('node-detail')).toContainText('Strategy: Use itertools.groupby');
  await shot(page, 'tree-bfs-end');
  await shotTree(page, 'tree-bfs-end-tree');
});

test('tree view at 380 px in the dark theme: no horizontal overflow', async ({ page }) => {
  await page.setViewportSize({ width: 380, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await openLesson(page, 'mcts');
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  await node(page, 3).click();
  await shot(page, 'tree-mcts-narrow-dark');
  await shotTree(page, 'tree-mcts-narrow-dark-tree');
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth
  );
  expect(overflow).toBeLessThanOrEqual(0);
});

test('the camera: a drag turns Follow off and keeps the view; Fit all puts the tree back', async ({
  page
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLesson(page, 'mcts');
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  const follow = page.getByRole('button', { name: 'Follow', exact: true });
  const world = treeSvg(page).locator('g').first();
  await expect(follow).toHaveAttribute('aria-pressed', 'true');
  // a small tree is shown whole and drawn whole
  await expect(treeSvg(page)).toHaveAttribute('data-drawn', '7');
  await page.waitForTimeout(400);
  const fitted = await world.getAttribute('transform');

  const box = await treeSvg(page).boundingBox();
  if (!box) throw new Error('no tree on the page');
  await page.mouse.move(box.x + 100, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 300, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(follow).toHaveAttribute('aria-pressed', 'false');
  const dragged = await world.getAttribute('transform');
  expect(dragged).not.toBe(fitted);
  // stepping back does not take the learner's view away
  await page.keyboard.press('ArrowLeft');
  await page.waitForTimeout(400);
  expect(await world.getAttribute('transform')).toBe(dragged);

  await page.getByRole('button', { name: 'Fit all' }).click();
  await expect.poll(() => world.getAttribute('transform')).toBe(fitted);
  await follow.click();
  await expect(follow).toHaveAttribute('aria-pressed', 'true');
});
