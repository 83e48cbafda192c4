/**
 * Damaged and failing browser storage (issue 21): a full storage makes the lesson say that
 * progress lasts only for this page (never "saved"), a damaged progress field costs only
 * itself, a damaged model setting is dropped with a note instead of stopping the page, and
 * the API key stays in the tab (sessionStorage) unless the learner asks to remember it.
 */
import { test, expect as baseExpect } from './fixtures';
import type { Page } from '@playwright/test';
import { startFakeEndpoint } from '../src/lib/testing/fake-endpoint';
import { expectNoSeriousViolations } from './axe';

// Waits include starting Python on a shared machine; they end as soon as the condition holds.
const expect = baseExpect.configure({ timeout: 90_000 });
test.describe.configure({ timeout: 300_000 });

const SAVED = 'Your steps are saved in this browser as you go.';
const FULL =
  'Your browser’s storage is full, so your progress is kept only while this page is open.';

/** Every IndexedDB and localStorage write fails as a full disk makes it fail. */
async function fillStorage(page: Page) {
  await page.addInitScript(() => {
    const full = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    IDBObjectStore.prototype.put = full;
    IDBObjectStore.prototype.add = full;
    Storage.prototype.setItem = full;
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
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
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
  // The theme is written on every page: a full storage must not break that either.
  await page.getByRole('button', { name: /^Theme:/ }).click();
  await expect(page.getByRole('button', { name: 'Theme: light' })).toBeVisible();
  expect(errors, 'errors thrown in the page').toEqual([]);
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
  // The note and the key's checkbox pass axe in both themes.
  await expectNoSeriousViolations(page, '/models with a settings note (light)');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectNoSeriousViolations(page, '/models with a settings note (dark)');

  await page.goto('/lessons/self-debugging');
  await expect(page.getByText(RESET)).toBeVisible();
  await expect(page.getByText(SAVED)).toBeVisible();

  await page.goto('/playground');
  await expect(page.getByText(RESET)).toBeVisible();
  await expect(page.getByRole('heading', { name: '3. Model and run' })).toBeVisible();
  await expect(page.getByText('Loading your last setup…')).toHaveCount(0);

  expect(errors, 'errors thrown in the page').toEqual([]);
});

/** What this origin keeps of the model settings: the settings text and the tab's key. */
const kept = (page: Page) =>
  page.evaluate(() => ({
    local: localStorage.getItem('acl:model-settings') ?? '',
    session: sessionStorage.getItem('acl:model-key')
  }));

test('the API key is kept for this tab unless the learner asks to remember it on the device', async ({
  page,
  context
}) => {
  const server = await startFakeEndpoint();
  try {
    await page.goto('/models');
    const form = page.getByRole('form', { name: /model server/ });
    const remember = form.getByRole('checkbox', { name: 'Remember the key on this device' });
    await form.getByLabel('Address').fill(server.origin);
    await form.getByLabel('Model name').fill('qwen');
    await form.getByLabel(/^API key/).fill('sk-tab-only');
    await expect(remember).not.toBeChecked();
    await expect(form.getByText(/The key is kept only until you close this tab/)).toBeVisible();
    await form.getByRole('button', { name: 'Save and use' }).click();
    await expect(form.getByRole('status')).toContainText('Saved');
    expect(await kept(page)).toMatchObject({ session: 'sk-tab-only' });
    expect((await kept(page)).local).not.toContain('sk-tab-only');

    // The tab keeps it across a reload, and it still reaches the server.
    await page.reload();
    await expect(form.getByLabel(/^API key/)).toHaveValue('sk-tab-only');
    await form.getByRole('button', { name: 'Check the server' }).click();
    await expect(form.getByRole('status')).toContainText('offers 2 models');
    expect(server.received.at(-1)?.headers.authorization).toBe('Bearer sk-tab-only');

    // Another tab has the settings but not the key.
    const other = await context.newPage();
    await other.goto('/models');
    await expect(other.getByLabel('Model name')).toHaveValue('qwen');
    await expect(other.getByLabel(/^API key/)).toHaveValue('');
    await other.close();

    // Remembered: the key moves to this device's storage.
    await remember.check();
    await expect(form.getByText(/kept in this browser’s storage on this device/)).toBeVisible();
    await form.getByRole('button', { name: 'Save and use' }).click();
    await expect(form.getByRole('status')).toContainText('Saved');
    expect(await kept(page)).toMatchObject({ session: null });
    expect((await kept(page)).local).toContain('sk-tab-only');
  } finally {
    await server.close();
  }
});

test('a key saved on the device by an earlier version keeps working, as remembered', async ({
  page
}) => {
  const server = await startFakeEndpoint();
  try {
    await page.goto('/models');
    await page.evaluate((origin) => {
      const endpoint = {
        baseUrl: origin,
        model: 'qwen',
        apiKey: 'sk-from-before',
        temperature: 0.2,
        maxTokens: 512
      };
      localStorage.setItem(
        'acl:model-settings',
        JSON.stringify({ version: 1, endpoint, webllm: null, active: 'endpoint' })
      );
    }, server.origin);
    await page.reload();
    const form = page.getByRole('form', { name: /model server/ });
    await expect(
      form.getByRole('checkbox', { name: 'Remember the key on this device' })
    ).toBeChecked();
    await expect(form.getByLabel(/^API key/)).toHaveValue('sk-from-before');
    await form.getByRole('button', { name: 'Check the server' }).click();
    await expect(form.getByRole('status')).toContainText('offers 2 models');
    expect(server.received.at(-1)?.headers.authorization).toBe('Bearer sk-from-before');
  } finally {
    await server.close();
  }
});
