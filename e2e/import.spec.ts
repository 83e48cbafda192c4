/**
 * Import on /replay: a run log written by `npm run solve` (run here for real, through the fake
 * endpoint on 127.0.0.1 and the Node Pyodide sandbox) opens in the player and steps to its end;
 * a file that is not a run log says why and leaves the screen as it was.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { startFakeEndpoint, type FakeEndpoint } from '../src/lib/testing/fake-endpoint';
import { test, expect, shot, offline } from './fixtures';

const run = promisify(execFile);
const stepCounter = (page: Page) => page.getByTestId('step-counter');

let endpoint: FakeEndpoint;
let dir: string;
let logPath: string;
let directPath: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // clamp: a first program that forgets the lower bound, then the fix after the feedback.
  endpoint = await startFakeEndpoint({
    chat: (body) => {
      const messages = body.messages as { role: string }[];
      const turn = messages.filter((m) => m.role === 'assistant').length;
      const code =
        turn === 0
          ? 'def clamp(x, lo, hi):\n    return min(hi, x)'
          : 'def clamp(x, lo, hi):\n    return max(lo, min(hi, x))';
      return {
        content: `\`\`\`python\n${code}\n\`\`\``,
        usage: { prompt_tokens: 120, completion_tokens: 18 }
      };
    }
  });
  dir = await mkdtemp(join(tmpdir(), 'acl-import-'));
  logPath = await solve('self-debug', dir);
  // The same task with `direct`: one reply, graded as it is (the technique with no lesson of
  // its own; here it is stepped from a real headless run).
  directPath = await solve('direct', join(dir, 'direct'));
});

test.afterAll(async () => {
  await endpoint?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs `npm run solve` on task Solve/0 through the fake endpoint; returns the log's path. */
async function solve(technique: string, out: string): Promise<string> {
  const args = ['--technique', technique, '--problems', 'src/cli/fixtures/solve-problems.jsonl'];
  args.push('--task', 'Solve/0', '--endpoint', endpoint.origin, '--model', 'lab-coder');
  await run(process.execPath, ['src/cli/solve.js', ...args, '--out', out], { timeout: 100_000 });
  return join(out, 'solve-0.json');
}

async function importFile(page: Page, path: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import a run log…' }).click();
  await (await chooser).setFiles(path);
}

test('import a run log written by npm run solve and step it to the end', async ({ page }) => {
  await page.goto('/replay');
  await expect(page.getByRole('heading', { name: 'Replay a run' })).toBeVisible();

  // A file that is not a run log: a sentence naming what is wrong.
  const broken = JSON.parse(await readFile(logPath, 'utf8')) as { model: object };
  broken.model = { ...broken.model, apiKey: 'sk-should-not-be-here' };
  const brokenPath = join(dir, 'broken.json');
  await writeFile(brokenPath, JSON.stringify(broken));
  await importFile(page, brokenPath);
  await expect(page.getByRole('alert')).toHaveText(
    '“broken.json” is not a valid run log: model.apiKey is an unknown field.'
  );
  await shot(page, 'import-refused');

  await importFile(page, logPath);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: 'Solve/0' })).toBeVisible();
  await expect(page.getByText('Imported run log · solve-0.json')).toBeVisible();
  await expect(page.getByTestId('model-label')).toHaveText(
    `Model named in the file: lab-coder via ${endpoint.origin}/v1`
  );
  await expect(page.getByText("A hidden check (the problem's test) grades")).toBeVisible();
  await expect(stepCounter(page)).toContainText('Step 0 of');
  const total = Number(/of (\d+)/.exec((await stepCounter(page).textContent()) ?? '')?.[1]);
  expect(total).toBeGreaterThan(3);

  // Step by step with the keyboard: the first program fails the example clamp(-3, 0, 10).
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('heading', { name: /^Program v1/ })).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('table').getByRole('row', { name: /-3, 0, 10/ })).toContainText(
    'fail'
  );
  for (let step = 3; step <= total; step++) {
    await page.keyboard.press('ArrowRight');
    await expect(stepCounter(page)).toContainText(`Step ${step} of ${total}`);
  }
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toContainText('Solved');
  await expect(verdict).toContainText('Hidden tests: 1/1 pass');
  await expect(page.getByRole('heading', { name: /^Program v2/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Step' })).toBeDisabled();
  await shot(page, 'import-end');

  // A second bad file leaves the run on screen as it was.
  await writeFile(brokenPath, '{"version": 1');
  await importFile(page, brokenPath);
  await expect(page.getByRole('alert')).toContainText('“broken.json” is not JSON');
  await expect(verdict).toContainText('Solved');
  await expect(stepCounter(page)).toContainText(`Step ${total} of ${total}`);
});

test('a direct-generation run steps to its verdict: one program, graded as it is', async ({
  page
}) => {
  await page.goto('/replay');
  await importFile(page, directPath);
  await expect(page.getByRole('heading', { level: 1, name: 'Solve/0' })).toBeVisible();
  await expect(stepCounter(page)).toContainText('Step 0 of');
  const total = Number(/of (\d+)/.exec((await stepCounter(page).textContent()) ?? '')?.[1]);
  for (let step = 1; step <= total; step++) {
    await page.keyboard.press('ArrowRight');
    await expect(stepCounter(page)).toContainText(`Step ${step} of ${total}`);
  }
  await expect(page.getByRole('heading', { name: /^Program v1/ })).toBeVisible();
  // The first reply forgets the lower bound; direct generation has no second turn to fix it.
  await expect(page.getByRole('heading', { name: /^Program v2/ })).toHaveCount(0);
  await expect(page.getByTestId('verdict')).toContainText('Not solved');
  await expect(page.getByRole('button', { name: 'Step' })).toBeDisabled();
  await shot(page, 'import-direct-end');
});

test('the imported run fits 380 px in the dark theme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 380, height: 800 });
  await page.goto('/replay');
  await importFile(page, logPath);
  // The file is read and checked before the run is on screen: End before that has no run.
  await expect(stepCounter(page)).toContainText('Step 0 of');
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth
  );
  expect(overflow).toBe(0);
  await shot(page, 'import-narrow-dark');
});

test('an imported run shares as a permalink that shows the same step', async ({
  page,
  browser
}) => {
  await page.goto('/replay');
  await importFile(page, logPath);
  // The file is read and checked before the run is on screen: End before that has no run.
  await expect(stepCounter(page)).toContainText('Step 0 of');
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  const here = (await stepCounter(page).textContent())?.trim() ?? '';
  expect(here).toMatch(/^Step \d+ of \d+$/);

  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Share' }).click();
  const field = page.getByRole('textbox', { name: 'Permalink' });
  await expect(field).toHaveValue(/\/replay#step=\d+&sum=[0-9a-f]{8}&run=[A-Za-z0-9_-]+$/);
  const link = await field.inputValue();

  const fresh = await browser.newContext();
  const outside = await offline(fresh);
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(other.getByText('Shared run · replayed from the link')).toBeVisible();
  await expect(stepCounter(other)).toHaveText(here);
  await expect(other.getByRole('heading', { level: 1, name: 'Solve/0' })).toBeVisible();
  await other.keyboard.press('End');
  await expect(other.getByTestId('verdict')).toContainText('Hidden tests: 1/1 pass');
  await fresh.close();
  expect(outside).toEqual([]);
});
