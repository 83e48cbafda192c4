/**
 * A 330-node search (the benchmark's log: real UCT bookkeeping, seeded rewards) opened as a
 * permalink at one of its last selections: the whole tree fits as dots with the path and the
 * candidates labelled; zoomed in, every node shows its id and N · V/N; a node still opens.
 * Screenshots in light and dark, zoomed out and in (performance is measured by
 * `npm run bench:tree -- --browser`, not here).
 */
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';
import { encodeRun, shareHash } from '../src/lib/core/share/permalink';
import { stopsOf } from '../src/lib/core/run/views';
import { treeAt } from '../src/lib/core/run/views-tree';
import { syntheticLog, syntheticRun } from '../src/lib/testing/tree-log';

const events = syntheticLog(330);
const stops = stopsOf(events);
/** the last step that shows a selection (UCT scores on the candidates, the path lit) */
const selectStep = stops.findLastIndex((p) => treeAt(events.slice(0, p))?.phase === 'select');
const tree = treeAt(events.slice(0, stops[selectStep]));
const selected = tree?.selection?.selected ?? 0;

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

for (const scheme of ['light', 'dark'] as const) {
  test(`330-node tree at 1280 px, ${scheme}: whole tree as dots, zoomed in with every label`, async ({
    page
  }) => {
    test.setTimeout(120_000);
    expect(tree?.nodes.length).toBeGreaterThan(320);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: scheme });
    await open(page);

    // Fitted: far too small for labels, except on the path and the candidates.
    await expect(treeSvg(page)).toHaveAttribute('data-detail', 'far');
    const candidates = tree?.selection?.candidates ?? [];
    expect(candidates.length).toBeGreaterThan(0);
    for (const c of candidates)
      await expect(node(page, c.id)).toContainText(
        `UCT ${c.uct === null ? '∞' : c.uct.toFixed(2)}`
      );
    await expect(node(page, selected)).toHaveClass(/chosen/);
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

    await zoomIn(page);
    await expect(page.getByRole('button', { name: 'Fit' })).toBeEnabled();
    // every node in view now carries N · V/N (or examples passed) under it
    const labelled = await treeSvg(page).locator('.node .stats').count();
    expect(labelled).toBeGreaterThan(300);
    await shotTree(page, `tree-330-${scheme}-in`);

    // a node still opens its detail
    await node(page, selected).click();
    await expect(page.getByTestId('node-detail')).toContainText(`Node ${selected}`);
    await expect(node(page, selected)).toHaveAttribute('aria-pressed', 'true');

    // Fit goes back to the whole tree
    await page.getByRole('button', { name: 'Fit' }).click();
    await expect(treeSvg(page)).toHaveAttribute('data-detail', 'far');
  });
}
