/**
 * Finding your way through the course and coming back to it: the contents menu by keyboard,
 * previous/next, deep links to a step, the run and step kept in IndexedDB across reloads
 * (walkthrough and fork), Start fresh, and progress on the home page.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { test, expect as baseExpect, shot } from './fixtures';
import type { Page } from '@playwright/test';
import { startFakeEndpoint } from '../src/lib/testing/fake-endpoint';

/** How many lessons the course has: one folder each in lessons/. */
const LESSONS = readdirSync('lessons').filter((f) => /^\d{2}-[a-z0-9-]+$/.test(f)).length;

// Most waits here include starting Python, which takes minutes on a machine shared by many
// builds. A wait ends as soon as its condition holds, so the long limits only matter on failure.
const expect = baseExpect.configure({ timeout: 90_000 });
test.describe.configure({ timeout: 300_000 });

const stepCounter = (page: Page) => page.getByTestId('step-counter');
const programHeading = (page: Page) => page.getByRole('heading', { name: /^Program v\d/ });
const menuButton = (page: Page) => page.getByRole('button', { name: 'Lessons' });
const menu = (page: Page) => page.getByRole('list', { name: 'Lessons' });
const paused = (page: Page) => page.getByText('Paused before the next call — press Step');

async function openLesson(page: Page, path = '/lessons/self-debugging') {
  await page.goto(path);
  await expect(page.getByText('Your steps are saved in this browser as you go.')).toBeVisible();
  await allSaved(page);
}

/**
 * Waits until what the lesson page shows is in the store. The note above appears as soon as
 * the store opens, before the visit is written: a test that leaves the page then (a full
 * navigation) can abort that write, which is how "1 started" went missing on a loaded machine.
 */
async function allSaved(page: Page) {
  await expect(page.getByRole('group', { name: 'Your progress in this lesson' })).toHaveAttribute(
    'data-saved',
    'yes'
  );
}

/** What this browser's IndexedDB holds for a lesson (the real store, read directly). */
function storedRecord(page: Page, slug: string) {
  return page.evaluate(
    (slug) =>
      new Promise<unknown>((resolve, reject) => {
        const open = indexedDB.open('agentic-code-lab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result
            .transaction('lesson-progress')
            .objectStore('lesson-progress')
            .get(slug);
          get.onsuccess = () => resolve(get.result ?? null);
          get.onerror = () => reject(get.error);
        };
      }),
    slug
  );
}

async function savedStep(page: Page, slug: string): Promise<number | null> {
  const record = (await storedRecord(page, slug)) as { lastRun?: { step: number } } | null;
  return record?.lastRun?.step ?? null;
}

const noOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test('the contents menu works by keyboard and marks the current lesson', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openLesson(page);
  await expect(paused(page)).toBeVisible();
  await menuButton(page).focus();
  // Space opens the menu (and is not taken as the player's Play).
  await page.keyboard.press('Space');
  await expect(menuButton(page)).toHaveAttribute('aria-expanded', 'true');
  const current = menu(page).getByRole('link', { name: /Self-debugging with unit-test feedback/ });
  await expect(current).toHaveAttribute('aria-current', 'page');
  await expect(current).toBeFocused();
  await expect(menu(page).getByRole('link')).toHaveCount(LESSONS);
  await expect(page.getByRole('button', { name: /Play/ })).toBeVisible();
  await shot(page, 'nav-menu-1280-dark');
  // Arrows move; they wrap at the ends; Home and End jump.
  await page.keyboard.press('ArrowDown');
  await expect(menu(page).getByRole('link').nth(2)).toBeFocused();
  await page.keyboard.press('Home');
  await expect(menu(page).getByRole('link').first()).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(menu(page).getByRole('link').last()).toBeFocused();
  await expect(stepCounter(page)).toContainText('Step 0'); // the player ignored Home/End here
  // Escape closes and gives focus back to the button.
  await page.keyboard.press('Escape');
  await expect(menu(page)).toBeHidden();
  await expect(menuButton(page)).toBeFocused();
  await expect(menuButton(page)).toHaveAttribute('aria-expanded', 'false');
  // Enter opens; ↓ then Enter follows the link.
  await page.keyboard.press('Enter');
  await expect(current).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/lessons\/rubber-duck-and-trace$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/trace/i);
  await menuButton(page).click();
  await expect(menu(page).getByRole('link', { name: /trace/i })).toHaveAttribute(
    'aria-current',
    'page'
  );
  // A click elsewhere closes it.
  await page.mouse.click(1200, 700);
  await expect(menu(page)).toBeHidden();
});

test('the contents menu fits a 380 px screen', async ({ page }) => {
  await page.setViewportSize({ width: 380, height: 800 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await openLesson(page);
  await menuButton(page).click();
  await expect(menu(page)).toBeVisible();
  const box = await page.locator('#lessons-menu').boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 380).toBe(true);
  expect(await noOverflow(page)).toBeLessThanOrEqual(0);
  await shot(page, 'nav-menu-380-dark');
});

test('previous and next, by link and by [ and ]', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openLesson(page);
  const pager = page.getByRole('navigation', { name: 'Previous and next lesson' });
  await expect(pager.getByRole('link', { name: /Previous.*01 · / })).toBeVisible();
  await pager.scrollIntoViewIfNeeded();
  await shot(page, 'nav-lesson-end-1280-dark');
  await pager.getByRole('link', { name: /Next.*03 · / }).click();
  await expect(page).toHaveURL(/\/lessons\/rubber-duck-and-trace$/);
  // A new page with its own run: the walkthrough of lesson 3, at its first step.
  await expect(paused(page)).toBeVisible();
  await expect(stepCounter(page)).toContainText('Step 0');
  await page.keyboard.press('[');
  await expect(page).toHaveURL(/\/lessons\/self-debugging$/);
  await page.keyboard.press(']');
  await expect(page).toHaveURL(/\/lessons\/rubber-duck-and-trace$/);
  // The shortcuts are listed with the player's.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help.getByRole('row', { name: /\[ Previous lesson/ })).toBeVisible();
  await expect(help.getByRole('row', { name: /\] Next lesson/ })).toBeVisible();
  await page.keyboard.press('Escape');
  // The first lesson has no previous one.
  await page.goto('/lessons/sampling');
  await expect(pager.getByRole('link')).toHaveCount(1);
  await expect(pager.getByRole('link', { name: /Next.*02 · / })).toBeVisible();

  await page.setViewportSize({ width: 380, height: 800 });
  await openLesson(page);
  await pager.scrollIntoViewIfNeeded();
  expect(await noOverflow(page)).toBeLessThanOrEqual(0);
  await shot(page, 'nav-lesson-end-380-dark');
});

test('?step=N opens the walkthrough at step N; the address follows the steps', async ({ page }) => {
  await openLesson(page, '/lessons/self-debugging?step=3');
  await expect(stepCounter(page)).toContainText('Step 3');
  await expect(programHeading(page)).toHaveText('Program v2');
  const entries = await page.evaluate(() => history.length);
  await page.keyboard.press('ArrowLeft');
  await expect(page).toHaveURL(/\?step=2$/);
  await page.keyboard.press('Home');
  await expect(page).toHaveURL(/\/lessons\/self-debugging$/);
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  await expect(page).toHaveURL(/\?step=7$/);
  expect(await page.evaluate(() => history.length)).toBe(entries); // replaced, not pushed

  await page.getByRole('button', { name: 'Copy link to this step' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: /lessons\/self-debugging\?step=7/ })
  ).toBeVisible();
});

test('step, reload: the same run at the same step; then Start fresh', async ({ page }) => {
  await openLesson(page);
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await expect(stepCounter(page)).toContainText('Step 3');
  await expect(programHeading(page)).toHaveText('Program v2');
  await expect.poll(() => savedStep(page, 'self-debugging')).toBe(3);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => savedStep(page, 'self-debugging')).toBe(2);

  await page.reload();
  await expect(
    page.getByText(/^Your last run of this lesson, saved in this browser/)
  ).toBeVisible();
  await expect(stepCounter(page)).toContainText('Step 2');
  await expect(page).toHaveURL(/\?step=2$/);
  await expect(programHeading(page)).toHaveText('Program v1');
  // It goes on live from where it was: the rest of the walkthrough runs.
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Hidden tests: 8/8 pass');

  await page.getByRole('button', { name: 'Start fresh' }).click();
  await expect(stepCounter(page)).toContainText('Step 0');
  await expect(paused(page)).toBeVisible();
  await expect(page).toHaveURL(/\/lessons\/self-debugging$/);
  await expect.poll(() => savedStep(page, 'self-debugging')).toBeNull();
  await page.reload();
  await expect(page.getByText('Your steps are saved in this browser as you go.')).toBeVisible();
  await expect(stepCounter(page)).toContainText('Step 0');
});

test('a fork survives a reload too', async ({ page }) => {
  await openLesson(page);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(stepCounter(page)).toContainText('Step 2');
  await page.getByRole('button', { name: 'Fork here' }).click();
  const dialog = page.getByRole('dialog', { name: /Fork at step 2/ });
  await dialog.getByRole('spinbutton', { name: 'Turn cap' }).fill('2');
  await dialog.getByRole('button', { name: 'Fork and continue' }).click();
  await expect(page.getByTestId('model-label')).toContainText('maxTurns = 2');
  await page.keyboard.press('ArrowRight');
  await expect(stepCounter(page)).toContainText('Step 3');
  await expect.poll(() => savedStep(page, 'self-debugging')).toBe(3);

  await page.reload();
  await expect(page.getByTestId('model-label')).toContainText('maxTurns = 2');
  await expect(stepCounter(page)).toContainText('Step 3');
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('the turn cap (2) is reached');
});

test("a live model's run comes back after a reload, stopped, and goes on with Resume", async ({
  page
}) => {
  const folder = readdirSync('lessons').find((f) => /^\d+-self-debugging$/.test(f))!;
  const { responses } = parse(
    readFileSync(join('lessons', folder, 'walkthrough.yaml'), 'utf8')
  ) as { responses: string[] };
  const server = await startFakeEndpoint({ replies: responses, pieceDelayMs: 2 });
  const chats = () => server.received.filter((r) => r.url === '/v1/chat/completions').length;
  try {
    await page.goto('/models');
    const form = page.getByRole('form', { name: /model server/ });
    await form.getByLabel('Address').fill(server.origin);
    await form.getByLabel('Model name').fill('replies');
    await form.getByRole('button', { name: 'Save and use' }).click();
    await expect(form.getByRole('status')).toContainText('Saved');
    await openLesson(page);
    await page.getByRole('button', { name: 'Run with my model' }).click();
    await expect(paused(page)).toBeVisible({ timeout: 60_000 });
    await page.keyboard.press('ArrowRight');
    await expect(programHeading(page)).toHaveText('Program v1');
    await page.keyboard.press('ArrowRight');
    await expect(stepCounter(page)).toContainText('Step 2');
    await expect.poll(() => savedStep(page, 'self-debugging')).toBe(2);
    expect(chats()).toBe(1);

    await page.reload();
    await expect(page.getByText(/^Your last run with replies .*Resume to go on\.$/)).toBeVisible();
    await expect(page.getByTestId('model-label')).toContainText('replies — your endpoint');
    await expect(stepCounter(page)).toContainText('Step 2');
    await expect(programHeading(page)).toHaveText('Program v1');
    await expect(page.getByRole('button', { name: 'Run with my model' })).toHaveAttribute(
      'aria-pressed',
      'true'
    );
    expect(chats()).toBe(1); // the reload called no model
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(paused(page)).toBeVisible({ timeout: 60_000 });
    await page.keyboard.press('End');
    await expect(page.getByTestId('verdict')).toContainText('Hidden tests: 8/8 pass', {
      timeout: 60_000
    });
    expect(chats()).toBe(3);
  } finally {
    await server.close();
  }
});

test('progress: finished lessons on the home page and in the menu', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('course-progress')).toContainText(`0 of ${LESSONS} finished`);
  await openLesson(page);
  await expect(paused(page)).toBeVisible({ timeout: 60_000 }); // Python is loaded
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  await allSaved(page);
  await openLesson(page, '/lessons/sampling');
  await page.goto('/');
  const progress = page.getByTestId('course-progress');
  await expect(progress).toContainText(`1 of ${LESSONS} finished`);
  await expect(progress).toContainText('1 started');
  // the lesson list (the course map below links every lesson too)
  const list = page.getByRole('region', { name: 'Start here' });
  const lesson = list.getByRole('link', { name: /Self-debugging with unit-test feedback/ });
  await expect(lesson).toContainText('Finished');
  await expect(list.getByRole('link', { name: /^01/ })).toContainText('Started');
  await menuButton(page).click();
  await expect(page.getByTestId('menu-progress')).toHaveText(`1 of ${LESSONS} finished`);
  await shot(page, 'nav-home-menu-1280-light');
  await expect(
    menu(page).getByRole('link', { name: /Self-debugging with unit-test feedback finished/ })
  ).toBeVisible();
  await page.keyboard.press('Escape');

  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'nav-home-1280-dark');
  await page.setViewportSize({ width: 380, height: 800 });
  expect(await noOverflow(page)).toBeLessThanOrEqual(0);
  await shot(page, 'nav-home-380-dark');
});

test('damaged stored progress costs only the damaged field, quietly, never a crash', async ({
  page
}) => {
  const errors: string[] = [];
  const notes: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
    if (message.type() === 'info') notes.push(message.text());
  });
  await openLesson(page);
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('agentic-code-lab');
        open.onsuccess = () => {
          const tx = open.result.transaction('lesson-progress', 'readwrite');
          const store = tx.objectStore('lesson-progress');
          store.put({ slug: 'sampling', visited: 'very', finished: true });
          store.put({
            slug: 'self-debugging',
            visited: true,
            finished: false,
            lastRun: { payload: 'not-a-run', step: 4, savedAt: 0 }
          });
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      })
  );
  await page.goto('/');
  // The bad `visited` is dropped; `finished` is kept.
  await expect(page.getByTestId('course-progress')).toContainText(`1 of ${LESSONS} finished`);
  await openLesson(page);
  await expect(stepCounter(page)).toContainText('Step 0');
  await expect(paused(page)).toBeVisible();
  expect(notes.join('\n')).toContain(
    'kept the record of “sampling” without visited: not true or false'
  );
  expect(notes.join('\n')).toContain('dropped the saved run of “self-debugging”');
  expect(await storedRecord(page, 'sampling')).toMatchObject({ finished: true });
  expect(errors).toEqual([]);
});
