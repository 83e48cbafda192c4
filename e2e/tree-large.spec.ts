/**
 * A 330-node search (the benchmark's log: real UCT bookkeeping, seeded rewards) opened as a
 * permalink at one of its last selections: the camera follows the step (the selected node and
 * its rivals in view with their UCT scores, only the nodes near the view drawn); Fit all shows
 * the whole tree as dots with the path and the candidates labelled; zoomed in, every node drawn
 * shows its id and N · V/N and Follow is off; a node still opens; Follow on again brings the
 * next step's nodes into view. Screenshots in light and dark (performance is measured by
 * `npm run bench:tree -- --browser`, not here).
 */
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';
import { encodeRun, shareHash } from '../src/lib/core/share/permalink';
import { stopsOf } from '../src/lib/core/views/timeline';
import { treeAt } from '../src/lib/core/views/tree';
import { syntheticLog, syntheticRun } from '../src/lib/testing/tree-log';
import { focusOf } from '../src/lib/viz/tree/camera';

const events = syntheticLog(330);
const stops = stopsOf(events);
/** the last step that shows a selection (UCT scores on the candidates, the path lit) */
const selectStep = stops.findLastIndex((p) => treeAt(events.slice(0, p))?.phase === 'select');
const tree = treeAt(events.slice(0, stops[selectStep]));
const selected = tree?.selection?.selected ?? 0;
/** the nodes the step after it is about (the camera brings them into view) */
const nextTree = treeAt(events.slice(0, stops[selectStep + 1]));
const nextFocus = nextTree ? focusOf(nextTree) : [];

const treeSvg = (page: Page) => page.getByTestId('tree-svg');
const node = (page: Page, id: number) => treeSvg(page).locator(`[data-node="${id}"]`);
const shotTree = (page: Page, name: string) =>
  page
    .getByRole('region', { name: /^Search tree/ })
    .screenshot({ path: `test-results/screenshots/${name}.png` });

async function open(page: Page) {
  const hash = shareHash(await encodeRun(syntheticRun(events)), selectStep);
  await page.goto(`/replay${hash}`);
  // the last selection comes before the last expansion: a few nodes short of 331
  await expect(treeSvg(page)).toHaveAttribute('data-nodes', String(tree?.nodes.length));
  await expect(page.getByTestId('tree-caption')).toContainText(`select`);
}

/** Wheel over the selected node until the tree draws every label. */
async function zoomIn(page: Page) {
  for (let i = 0; i < 40; i++) {
    if ((await treeSvg(page).getAttribute('data-detail')) === 'near') break;
    const box = await node(page, selected).boundingBox();
    if (!box) throw new Error(`node ${selected} is not drawn`);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -120);
    await page.waitForTimeout(40);
  }
  await expect(treeSvg(page)).toHaveAttribute('data-detail', 'near');
  await page.waitForTimeout(400); // let the last transitions end before a screenshot
}

const followButton = (page: Page) => page.getByRole('button', { name: 'Follow', exact: true });

/** Whether the node's circle lies inside the tree's view. */
async function inView(page: Page, id: number): Promise<boolean> {
  const view = await treeSvg(page).boundingBox();
  const dot = await node(page, id).locator('.dot').boundingBox();
  if (!view || !dot) return false;
  return (
    dot.x >= view.x &&
    dot.y >= view.y &&
    dot.x + dot.width <= view.x + view.width &&
    dot.y + dot.height <= view.y + view.height
  );
}

for (const scheme of ['light', 'dark'] as const) {
  test(`330-node tree at 1280 px, ${scheme}: follow, fit all, zoom in, follow the next step`, async ({
    page
  }) => {
    test.setTimeout(120_000);
    const total = tree?.nodes.length ?? 0;
    expect(total).toBeGreaterThan(320);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: scheme });
    await open(page);

    // Following: the selected node and its rival siblings in view, UCT on each; ids legible;
    // only the nodes near the view are in the page.
    await expect(followButton(page)).toHaveAttribute('aria-pressed', 'true');
    await expect(treeSvg(page)).toHaveAttribute('data-detail', 'mid');
    const drawn = Number(await treeSvg(page).getAttribute('data-drawn'));
    expect(drawn).toBeGreaterThan(3);
    expect(drawn).toBeLessThan(total / 3);
    await expect(treeSvg(page).locator('.node')).toHaveCount(drawn);
    const candidates = tree?.selection?.candidates ?? [];
    const rivals = candidates.filter((c) => c.parent === tree?.nodes[selected]?.parent);
    expect(rivals.length).toBeGreaterThan(1);
    for (const c of rivals) {
      await expect(node(page, c.id)).toContainText(
        `UCT ${c.uct === null ? '∞' : c.uct.toFixed(2)}`
      );
      expect(await inView(page, c.id)).toBe(true);
    }
    await expect(node(page, selected)).toHaveClass(/chosen/);
    await page.waitForTimeout(400);
    await shotTree(page, `tree-330-${scheme}-follow`);

    // Fit all: far too small for labels, except on the path and the candidates; all drawn.
    await page.getByRole('button', { name: 'Fit all' }).click();
    await expect(treeSvg(page)).toHaveAttribute('data-detail', 'far');
    await expect(treeSvg(page)).toHaveAttribute('data-drawn', String(total));
    expect(candidates.length).toBeGreaterThan(0);
    for (const c of candidates)
      await expect(node(page, c.id)).toContainText(
        `UCT ${c.uct === null ? '∞' : c.uct.toFixed(2)}`
      );
    await expect(node(page, 0)).toHaveClass(/on-path/);
    const plain = (tree?.nodes ?? []).find(
      (n) =>
        n &&
        n.visits > 0 &&
        !tree?.selection?.path.includes(n.id) &&
        n.id !== selected &&
        !candidates.some((c) => c.id === n.id)
    );
    expect(plain).toBeDefined();
    await expect(node(page, plain?.id ?? 0).locator('text')).toHaveCount(0);
    await page.waitForTimeout(400);
    await shotTree(page, `tree-330-${scheme}-out`);

    // The learner's wheel: Follow goes off; near, every node drawn carries N · V/N.
    await zoomIn(page);
    await expect(followButton(page)).toHaveAttribute('aria-pressed', 'false');
    const nodesDrawn = await treeSvg(page).locator('.node').count();
    expect(nodesDrawn).toBeLessThan(total / 3);
    await expect(treeSvg(page).locator('.node .stats')).toHaveCount(nodesDrawn);
    await shotTree(page, `tree-330-${scheme}-in`);

    // a node still opens its detail
    await node(page, selected).click();
    await expect(page.getByTestId('node-detail')).toContainText(`Node ${selected}`);
    await expect(node(page, selected)).toHaveAttribute('aria-pressed', 'true');

    // A step with Follow off leaves the learner's view alone …
    const before = await treeSvg(page).locator('g').first().getAttribute('transform');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('tree-caption')).not.toContainText('select');
    await page.waitForTimeout(400);
    expect(await treeSvg(page).locator('g').first().getAttribute('transform')).toBe(before);

    // … and Follow on brings the step's nodes into view.
    await followButton(page).click();
    await expect(followButton(page)).toHaveAttribute('aria-pressed', 'true');
    expect(nextFocus.length).toBeGreaterThan(0);
    for (const id of nextFocus) await expect.poll(() => inView(page, id)).toBe(true);
    await page.waitForTimeout(400);
    await shotTree(page, `tree-330-${scheme}-step`);
  });
}
