/**
 * Presenter mode fits a projector: for every lesson with one player (read from `lessons/`, so
 * a new lesson is checked the day it is added), at 1280×720 and 1920×1080, its walkthrough
 * stepped to the end: the bar is one slim row, the step counter and the technique's main view
 * (its tree, matrix, samples, or program and tests) lie inside the window, and nothing runs
 * off the side. One page per size goes through the lessons with `]`, which keeps presenter
 * mode, so Python loads once; each check names its lesson. A viewport screenshot of each lesson
 * lands in test-results/screenshots/projector-<slug>-<width>x<height>.png.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { test, expect, pythonReady } from './fixtures';

const lessons = readdirSync('lessons')
  .filter((f) => /^\d{2}-[a-z0-9-]+$/.test(f))
  .sort()
  .map((folder, order) => ({ folder, order }))
  // a lesson of several runs (run-<name>.yaml) shows them side by side, without presenter mode
  .filter(({ folder }) => !readdirSync(`lessons/${folder}`).some((f) => /^run-.*\.yaml$/.test(f)))
  .map(({ folder, order }) => ({
    slug: folder.slice(3),
    /** the lesson's place in the course: `]` leads to the next place only */
    order,
    technique: /^technique:\s*(\S+)/m.exec(readFileSync(`lessons/${folder}/lesson.md`, 'utf8'))![1]
  }));

/**
 * A long test table scrolls in its column beside the program: its heading and first result
 * must be in sight.
 */
function testsInSight(page: Page): Record<string, Locator> {
  const tests = page.getByRole('region', { name: /^Tests/ });
  return {
    "the tests' heading": tests.getByRole('heading', { name: /^Tests/ }),
    'the first test': tests.getByRole('row').nth(1)
  };
}

/** What must be in sight: the technique's main view, by the names people and tests use. */
function mainView(page: Page, technique: string): Record<string, Locator> {
  switch (technique) {
    case 'sampling':
      return {
        samples: page.getByRole('list', { name: 'Samples' }),
        program: page.getByRole('region', { name: /^Program of sample/ }),
        'pass@k chart': page.getByRole('region', { name: /^pass@k/ })
      };
    case 'clarify':
      return { matrix: page.getByRole('region', { name: 'Outputs: programs × inputs' }) };
    case 'tree-bfs':
    case 'tree-mcts':
      return {
        tree: page.getByTestId('tree-svg'),
        caption: page.getByTestId('tree-caption'),
        'node detail': page.getByTestId('node-detail')
      };
    case 'reflexion':
      return { reflexion: page.getByRole('region', { name: 'Reflexion', exact: true }) };
    case 'codet':
      return { matrix: page.getByRole('region', { name: 'Programs × generated tests' }) };
    case 'agentcoder':
    case 'mapcoder':
      return { 'role lanes': page.getByRole('region', { name: /^Who does what/ }) };
    case 'self-planning': {
      // the plan beside the program; a long plan scrolls in its column, the tests under it
      const plan = page.getByRole('region', { name: 'The plan' });
      return {
        program: page.getByTestId('code-view').first(),
        "the plan's heading": plan.getByRole('heading', { name: 'The plan' }),
        "the plan's first step": plan.getByRole('listitem').first()
      };
    }
    default:
      return {
        program: page.getByTestId('code-view').first(),
        ...testsInSight(page)
      };
  }
}

const counter = (page: Page) => page.getByTestId('presenter-counter');

for (const [width, height] of [
  [1280, 720],
  [1920, 1080]
] as const) {
  test(`presenter mode fits ${width}×${height} in every lesson, stepped to the end`, async ({
    page
  }) => {
    test.setTimeout(120_000 + 45_000 * lessons.length);
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: width === 1280 ? 'light' : 'dark' });
    await page.goto(`/lessons/${lessons[0].slug}?present`);
    // End runs the walkthrough's programs: Python must be there (it loads once for the tab)
    await pythonReady(page, 80_000);

    for (const [i, lesson] of lessons.entries()) {
      await test.step(lesson.slug, async () => {
        if (i > 0 && lesson.order === lessons[i - 1].order + 1) {
          await page.keyboard.press(']');
          await expect(page).toHaveURL(new RegExp(`/lessons/${lesson.slug}\\?present`));
        } else if (i > 0) {
          // past a side-by-side lesson (no presenter mode there): opened by its address
          await page.goto(`/lessons/${lesson.slug}?present`);
          await pythonReady(page, 80_000);
        }
        // the walkthrough is ready: End can take it to its last step
        await expect(page.getByRole('button', { name: 'End' }), lesson.slug).toBeEnabled();
        await page.keyboard.press('End');
        if (lesson.technique === 'clarify') {
          // the run stops at the model's question: the simulated user answers, and on to the end
          await page
            .getByRole('button', { name: 'Let the simulated user (oracle) answer' })
            .click();
          await page.keyboard.press('End');
        }
        await expect(page.getByTestId('verdict'), lesson.slug).toBeVisible({ timeout: 60_000 });
        await expect(counter(page), lesson.slug).toHaveText(/^Step (\d+) \/ \1$/);
        await page.evaluate(() => window.scrollTo(0, 0));

        const bar = await page.getByRole('region', { name: 'Presenter' }).boundingBox();
        expect(bar?.height, `${lesson.slug}: the bar's height`).toBeLessThanOrEqual(56);
        const inSight = { counter: counter(page), ...mainView(page, lesson.technique) };
        // The main view sizes itself after a frame (screen-room.ts): wait for it to settle.
        for (const [name, part] of Object.entries(inSight)) {
          await expect(part, `${lesson.slug}: ${name}`).toBeVisible();
          await expect
            .poll(async () => (await part.boundingBox())?.y ?? Infinity, {
              message: `${lesson.slug}: the ${name}'s top is on screen`
            })
            .toBeGreaterThanOrEqual(0);
          await expect
            .poll(
              async () => {
                const box = await part.boundingBox();
                return box ? box.y + box.height : Infinity;
              },
              { message: `${lesson.slug}: the ${name}'s bottom is on screen (≤ ${height})` }
            )
            .toBeLessThanOrEqual(height + 1);
        }
        const sideways = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth
        );
        expect(sideways, `${lesson.slug}: nothing runs off the side`).toBe(0);
        await page.screenshot({
          path: `test-results/screenshots/projector-${lesson.slug}-${width}x${height}.png`
        });
      });
    }
  });
}
