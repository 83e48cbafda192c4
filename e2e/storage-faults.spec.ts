/**
 * Damaged and failing browser storage (issue 21): a full storage makes the lesson say that
 * progress lasts only for this page (never "saved"), a damaged progress field costs only
 * itself, and a damaged model setting is dropped with a note instead of stopping the page.
 */
import { test, expect as baseExpect } from './fixtures';
import type { Page } from '@playwright/test';

// Waits include starting Python on a shared machine; they end as soon as the condition holds.
const expect = baseExpect.configure({ timeout: 90_000 });
test.describe.configure({ timeout: 300_000 });

const SAVED = 'Your steps are saved in this browser as you go.';
const FULL =
  'Your browser’s storage is full, so your progress is kept only while this page is open.';

/** Every IndexedDB write fails as a full disk makes it fail. */
async function fillStorage(page: Page) {
  await page.addInitScript(() => {
    const full = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    IDBObjectStore.prototype.put = full;
    IDBObjectStore.prototype.add = full;
  });
}

/** Writes lesson records straight into this origin's IndexedDB, as a damaged store holds them. */
function seedProgress(page: Page, records: unknown[]) {
  return page.evaluate(
    (records) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('agentic-code-lab', 1);
        open.onupgradeneeded = () =>
          open.result.createObjectStore('lesson-progress', { keyPath: 'slug' });
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('lesson-progress', 'readwrite');
          for (const record of records) tx.objectStore('lesson-progress').put(record);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    records
  );
}

test('with the browser’s storage full, a lesson says progress lasts for this page and still works', async ({
  page
}) => {
  await fillStorage(page);
  await page.goto('/lessons/self-debugging');
  // Opening the lesson marks it visited: that first write fails, and the page says so.
  await expect(page.getByText(FULL)).toBeVisible();
  await expect(page.getByText(SAVED)).toHaveCount(0);
  // The lesson still steps, and the home page (same page, no reload) keeps what was done.
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('step-counter')).toContainText('Step 1');
  await page.getByRole('link', { name: 'Agentic Code Lab' }).first().click();
  await expect(page.getByTestId('course-progress')).toContainText('1 started');
  await expect(page.getByTestId('course-progress')).toContainText(
    'your browser’s storage is full, so it lasts until you leave'
  );
});

test('a damaged field of a progress record costs only itself: finished lessons stay finished', async ({
  page
}) => {
  await page.goto('/');
  await expect(page.getByTestId('course-progress')).toContainText('0 of');
  const done = (slug: string, more: Record<string, unknown> = {}) => ({
    slug,
    visited: true,
    finished: true,
    ...more
  });
  await seedProgress(page, [
    done('self-debugging'),
    done('sampling', { lastRun: { payload: '', step: 1, savedAt: 1 } }),
    done('reflexion', { addedByANewerVersion: 1 }),
    done('self-planning', { visited: 'yes' }),
    done('mcts', { pair: { live: 'no' } }),
    done('tree-search', { lastRun: { payload: 'x', step: -1, savedAt: 0 } })
  ]);
  await page.reload();
  await expect(page.getByTestId('course-progress')).toContainText('6 of');
  await expect(page.getByTestId('course-progress')).toContainText('saved in this browser');
});

const RESET = 'Your saved endpoint was not a valid address, so it was reset.';

/** Seeds, before every page load, saved settings whose endpoint is not a web address. */
async function seedBadEndpoint(page: Page) {
  await page.addInitScript(() => {
    const endpoint = {
      baseUrl: 'not a url',
      model: 'qwen',
      apiKey: '',
      temperature: 0.2,
      maxTokens: 512
    };
    localStorage.setItem(
      'acl:model-settings',
      JSON.stringify({ version: 1, endpoint, webllm: null, active: 'endpoint' })
    );
  });
}

test('a saved endpoint that is not a web address is reset with a note on /models, a lesson and /playground', async ({
  page
}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await seedBadEndpoint(page);

  await page.goto('/models');
  await expect(page.getByText(RESET)).toBeVisible();
  await expect(
    page.getByRole('heading', { name: 'A model server (OpenAI-compatible endpoint)' })
  ).toBeVisible();
  await expect(page.getByTestId('current-model')).toHaveCount(0);

  await page.goto('/lessons/self-debugging');
  await expect(page.getByText(RESET)).toBeVisible();
  await expect(page.getByText(SAVED)).toBeVisible();

  await page.goto('/playground');
  await expect(page.getByText(RESET)).toBeVisible();
  await expect(page.getByRole('heading', { name: '3. Model and run' })).toBeVisible();
  await expect(page.getByText('Loading your last setup…')).toHaveCount(0);

  expect(errors, 'errors thrown in the page').toEqual([]);
});
