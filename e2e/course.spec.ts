/**
 * A course, not ten pages: the course map on the home page, glossary terms that explain
 * themselves on hover and focus and lead to the glossary, and each lesson's reason for the next.
 */
import { test, expect, shot } from './fixtures';
import { expectNoSeriousViolations } from './axe';

test('the home page maps every technique by its signal and how it spends compute', async ({
  page
}) => {
  await page.goto('/');
  const map = page.getByRole('region', { name: 'The course map' });
  const row = (name: RegExp) => map.getByRole('row', { name });
  // MCTS and BFS search over programs judged by the examples; Reflexion writes its own tests
  await expect(
    row(/^The examples/)
      .getByRole('cell')
      .nth(2)
  ).toContainText('Tree search');
  await expect(
    row(/^The examples/)
      .getByRole('cell')
      .nth(2)
  ).toContainText('Monte Carlo');
  await expect(
    row(/^Its own tests/)
      .getByRole('cell')
      .nth(0)
  ).toContainText('Reflexion');
  await expect(
    row(/^The user/)
      .getByRole('cell')
      .nth(1)
  ).toContainText('clarifying questions');
  // every lesson has its place (a lesson that spends in two ways has two)
  const hrefs = await map
    .getByRole('link')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(new Set(hrefs).size).toBe(13);
  await map.screenshot({ path: 'test-results/screenshots/course-map.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await map.screenshot({ path: 'test-results/screenshots/course-map-dark.png' });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 390, height: 844 });
  await map.scrollIntoViewIfNeeded();
  await map.screenshot({ path: 'test-results/screenshots/course-map-narrow.png' });
});

test('a glossary term shows its definition on focus and leads to the glossary', async ({
  page
}) => {
  await page.goto('/lessons/mcts');
  const term = page.locator('.prose').getByRole('link', { name: 'UCT', exact: true });
  const tip = page.getByRole('tooltip').filter({ hasText: 'Upper Confidence bounds' });
  await expect(tip).toBeHidden();
  await term.focus();
  await expect(tip).toBeVisible();
  await expect(term).toHaveAccessibleDescription(/^UCT: Upper Confidence bounds applied to Trees/);
  const box = (await term.boundingBox())!;
  await page.screenshot({
    path: 'test-results/screenshots/glossary-tip.png',
    clip: { x: Math.max(0, box.x - 40), y: Math.max(0, box.y - 60), width: 480, height: 260 }
  });
  await page.keyboard.press('Escape');
  await term.click();
  await expect(page).toHaveURL(/\/glossary#uct$/);
  const entry = page.locator('#uct');
  await expect(entry).toContainText('exploration term');
  await expect(entry.getByRole('link', { name: /Monte Carlo/ })).toBeVisible();
  await shot(page, 'glossary');
  await expectNoSeriousViolations(page, 'the glossary');
});

test('a lesson ends with why the next one exists, and the last has none', async ({ page }) => {
  await page.goto('/lessons/self-debugging');
  const why = page.getByRole('region', { name: 'Why the next lesson' });
  await expect(why).toContainText('not where the program went wrong');
  await page.goto('/lessons/compare');
  await expect(page.getByRole('region', { name: 'Why the next lesson' })).toContainText(
    'lesson 1’s six samples'
  );
  await page.goto('/lessons/codet');
  await expect(page.getByRole('region', { name: 'Why the next lesson' })).toContainText(
    'a designer who never sees the code'
  );
  await page.goto('/lessons/agentcoder');
  await expect(page.getByRole('region', { name: 'Why the next lesson' })).toContainText(
    'moves on to the next plan'
  );
  await page.goto('/lessons/mapcoder');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Why the next lesson' })).toHaveCount(0);
});
