/**
 * Issue 21's browser escapes, end to end in Chromium through /sandbox: a Python program and a
 * JavaScript program try every way out of their worker (storage through the prototype
 * accessors, same-origin requests, a nested worker, a forged "done" message, a `then` getter
 * on Object.prototype). Each must get its honest verdict (it returns 2 where 3 is expected), a
 * lesson record written before must still be there, no request may name the escape path, and
 * the sandbox workers must have been served their locked-down policies.
 */
import type { Page, Request, Response } from '@playwright/test';
import { test, expect, allowWebContainerRequests } from './fixtures';
import {
  ESCAPE_ENTRY,
  ESCAPE_PATH,
  ESCAPE_TESTS,
  JS_ESCAPE,
  PYTHON_ESCAPE
} from '../src/lib/testing/browser-escapes';

const RECORD = { slug: 'self-debugging', visited: true, finished: true };

/** Writes a finished lesson into the app's progress database, as the lessons would. */
async function writeProgress(page: Page): Promise<void> {
  await page.evaluate(async (record) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('agentic-code-lab', 1);
      open.onupgradeneeded = () =>
        open.result.createObjectStore('lesson-progress', { keyPath: 'slug' });
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('lesson-progress', 'readwrite');
      tx.objectStore('lesson-progress').put(record);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, RECORD);
}

/** Every record in the progress database (none if it is gone). */
async function readProgress(page: Page): Promise<unknown[]> {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name);
    if (!names.includes('agentic-code-lab')) return [];
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('agentic-code-lab');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    if (!db.objectStoreNames.contains('lesson-progress')) return [];
    const all = await new Promise<unknown[]>((resolve, reject) => {
      const request = db.transaction('lesson-progress').objectStore('lesson-progress').getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return all;
  });
}

/** Puts a program, its entry point and its tests into /sandbox and runs it. */
async function runProgram(page: Page, code: string): Promise<void> {
  const editor = page.locator('.cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  // insertText types no keys, so the editor adds no indentation of its own.
  await page.keyboard.insertText(code.trimStart());
  await page.getByRole('textbox', { name: 'Function' }).fill(ESCAPE_ENTRY);
  await page.getByRole('textbox', { name: /Tests, one per line/ }).fill(ESCAPE_TESTS);
  const run = page.getByRole('button', { name: 'Run', exact: true });
  await run.click();
  await expect(run).toBeEnabled({ timeout: 60_000 });
}

/** The program's log: one `<what>: blocked (…)` or `<what>: REACHED` line per attempt. */
async function attempts(page: Page): Promise<Map<string, string>> {
  const text = (await page.locator('pre.stream').first().textContent()) ?? '';
  const lines = text.split('\n').filter((line) => /^[\w.]+: /.test(line));
  return new Map(lines.map((line) => [line.slice(0, line.indexOf(':')), line]));
}

const ATTEMPTS = [
  'indexedDB',
  'caches',
  'navigator.storage',
  'fetch',
  'XMLHttpRequest',
  'importScripts',
  'Worker',
  'BroadcastChannel',
  'postMessage'
];

function watch(page: Page) {
  const requests: string[] = [];
  const workers = new Map<string, string>();
  const onRequest = (request: Request) => requests.push(request.url());
  const onResponse = (response: Response) => {
    const match = /\/(sandbox-(?:python|quickjs|javascript))[^/]*\.js$/.exec(response.url());
    if (match) workers.set(match[1], response.headers()['content-security-policy'] ?? '');
  };
  page.context().on('request', onRequest);
  page.context().on('response', onResponse);
  return { requests, workers };
}

for (const { language, code } of [
  { language: 'Python', code: PYTHON_ESCAPE },
  { language: 'JavaScript', code: JS_ESCAPE }
]) {
  test(`a ${language} program that tries every escape gets its honest verdict and changes nothing`, async ({
    page,
    outside
  }) => {
    const seen = watch(page);
    await page.goto('/sandbox?wcTimeout=300');
    await writeProgress(page);
    if (language !== 'Python') {
      await page.getByRole('radio', { name: language }).check();
      // the built-in runner (QuickJS): the Node runtime is not booted unless the learner asks
      await expect(page.getByTestId('js-runtime')).toHaveAttribute('data-mode', 'worker');
    }
    await runProgram(page, code);

    await expect(page.getByTestId('sandbox-summary')).toHaveText(/0 of 2 tests pass/);
    const log = await attempts(page);
    test.info().annotations.push({ type: 'attempts', description: [...log.values()].join('\n') });
    for (const what of language === 'Python' ? [...ATTEMPTS, 'JSON.parse'] : ATTEMPTS) {
      expect(log.get(what), `${what} in:\n${[...log.values()].join('\n')}`).toMatch(/: blocked/);
    }
    expect(await readProgress(page)).toEqual([RECORD]);
    expect(seen.requests.filter((url) => url.includes(ESCAPE_PATH))).toEqual([]);

    const worker = language === 'Python' ? 'sandbox-python' : 'sandbox-quickjs';
    const csp = seen.workers.get(worker);
    expect(csp, `the ${worker} worker was loaded`).toBeDefined();
    expect(csp).toContain("worker-src 'none'");
    expect(csp).toContain("child-src 'none'");
    if (language !== 'Python') expect(csp).toContain("connect-src 'none'");
    allowWebContainerRequests(outside);
  });
}
