/**
 * The CPU model path, end to end: real llama.cpp (wllama's WebAssembly build) runs a real GGUF
 * model in the page. No real weights can be downloaded here, so the test makes its own model
 * (src/cli/tiny-gguf.js: a 514 KB llama-architecture model with fixed weights) and serves it
 * from the test. Its replies are nonsense by design: the run ends as a run with an unusable
 * reply would. Broken copies of the file (cut short, an HTML page) show the error sentences.
 */
import type { Page, Route } from '@playwright/test';
import { test, expect, shot, pythonReady } from './fixtures';
import { expectNoSeriousViolations } from './axe';
import { tinyGguf } from '../src/cli/tiny-gguf.js';

const model = tinyGguf();
const FILES: Record<string, Uint8Array> = {
  'tiny.gguf': model,
  'cut.gguf': model.subarray(0, 200_000),
  'page.gguf': new TextEncoder().encode('<!doctype html><title>Not found</title>'.repeat(20))
};

/** Serves the test's GGUF files under /test-models/ on the app's own origin. */
async function serveModels(page: Page): Promise<string[]> {
  const asked: string[] = [];
  await page.route('**/test-models/*', (route: Route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop()!;
    const body = FILES[name];
    asked.push(`${route.request().method()} ${name}`);
    if (!body) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({
      status: 200,
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(body.length),
        'cross-origin-resource-policy': 'same-origin'
      },
      body: Buffer.from(body)
    });
  });
  return asked;
}

async function downloadTyped(page: Page, path: string) {
  const card = page.getByRole('region', { name: /On this device’s CPU/ });
  await card.getByLabel('Or the address of a GGUF file').fill(path);
  await card.getByRole('button', { name: 'Download and use this file' }).click();
  return card;
}

test('a lesson runs on the tiny GGUF model on the CPU: tokens stream, Stop, Resume', async ({
  page
}) => {
  test.setTimeout(240_000);
  const asked = await serveModels(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/models');
  const card = page.getByRole('region', { name: /On this device’s CPU/ });
  // No WebGPU in this browser: the CPU model is the one to try.
  await expect(card.getByTestId('path-advice')).toContainText('no WebGPU adapter');
  await expect(card.getByText('recommended here')).toBeVisible();
  await expect(card.getByRole('listitem', { name: /Qwen2.5-Coder 0.5B/ })).toContainText(
    '398 MB download'
  );

  // Broken files: each in one plain sentence.
  await downloadTyped(page, '/test-models/page.gguf');
  await expect(card.getByRole('alert')).toContainText('is not a GGUF model', { timeout: 60_000 });
  await downloadTyped(page, '/test-models/cut.gguf');
  await expect(card.getByRole('alert')).toContainText('the download was cut short', {
    timeout: 60_000
  });
  await expect(card.getByRole('button', { name: 'Download it again' })).toBeVisible();

  // The tiny model: downloaded, loaded by llama.cpp, chosen, kept in this browser.
  await downloadTyped(page, '/test-models/tiny.gguf');
  await expect(card.getByRole('status')).toContainText('runs on this device’s CPU', {
    timeout: 60_000
  });
  await expect(page.getByTestId('current-model')).toContainText(
    'tiny.gguf — in this browser on the CPU (llama.cpp)'
  );
  // The files this browser keeps (read when opened: the page itself never loads wllama); the
  // broken ones were not kept.
  await card.getByText('GGUF files in this browser').click();
  await expect(card.getByRole('listitem', { name: 'tiny.gguf' })).toContainText(/\d+ (kB|MB)/);
  await expect(card.getByRole('listitem', { name: 'cut.gguf' })).toHaveCount(0);
  for (const [width, scheme] of [
    [1280, 'light'],
    [1280, 'dark'],
    [390, 'light'],
    [390, 'dark']
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await shot(page, `wllama-panel-${width}-${scheme}`);
    if (width === 1280) await expectNoSeriousViolations(page, `the models panel (${scheme})`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
  // The lesson's own limit (1024 tokens) makes each of its calls a minute on a busy machine:
  // a shorter reply limit keeps the whole run within the test's time.
  const form = card.getByRole('form', { name: 'CPU model settings' });
  await form.getByLabel('Reply limit (tokens)').fill('256');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByRole('status')).toContainText('Saved');

  await page.getByRole('button', { name: 'Lessons' }).click();
  await page.getByRole('link', { name: /Self-debugging with unit-test feedback/ }).click();
  await page.getByRole('button', { name: 'Run with my model' }).click();
  await expect(page.getByTestId('model-label')).toContainText('on the CPU (llama.cpp)');
  await expect(page.getByText('Paused before the next call — press Step')).toBeVisible({
    timeout: 60_000
  });
  await pythonReady(page);

  // The first call: llama.cpp's tokens stream into the page with their rate; Stop at once.
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('streamed-reply')).toContainText(/\S{3}/, { timeout: 60_000 });
  await expect(page.getByTestId('token-rate')).toContainText(/tokens\/s/);
  await shot(page, 'wllama-streaming');
  const stoppedAt = Date.now();
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('player-status')).toContainText('Stopped — Resume');
  expect(Date.now() - stoppedAt).toBeLessThan(5_000);
  await expect(page.getByRole('region', { name: 'Live model' })).toContainText('Stopped.');

  // Resume goes on: the run finishes on the tiny model's replies, which hold no program.
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByText('Paused before the next call — press Step')).toBeVisible();
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).not.toBeEmpty({ timeout: 180_000 });
  await expect(page.getByTestId('verdict')).not.toContainText('Solved');
  const calls = Number(await page.getByRole('definition').first().innerText());
  expect(calls).toBeGreaterThanOrEqual(1);
  await shot(page, 'wllama-run-end');

  // The file came from the test's server once: the run loaded it from this browser's storage.
  expect(asked.filter((a) => a.endsWith('tiny.gguf')).length).toBeGreaterThanOrEqual(1);
});

test('the 32-bit build (for browsers without memory64) runs the tiny model with the CPU settings', async ({
  page
}) => {
  test.setTimeout(240_000);
  await serveModels(page);
  const wasm: string[] = [];
  page.on('request', (request) => {
    if (/wllama[^/]*\.wasm$/.test(new URL(request.url()).pathname)) wasm.push(request.url());
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/models');
  // Chromium has memory64: automatic picks the 64-bit build.
  const card = await downloadTyped(page, '/test-models/tiny.gguf');
  await expect(card.getByRole('status')).toContainText('64-bit WebAssembly build (wllama 3)', {
    timeout: 60_000
  });
  const wide = new Set(wasm);

  // The CPU model's own settings: force the 32-bit build, a short reply limit, a seed.
  const form = card.getByRole('form', { name: 'CPU model settings' });
  await expect(form.getByTestId('cpu-build-here')).toContainText('64-bit');
  await form.getByLabel('llama.cpp build').selectOption('wasm32');
  await expect(form.getByTestId('cpu-build-here')).toContainText('32-bit');
  await form.getByLabel('Reply limit (tokens)').fill('64');
  await form.getByLabel('Temperature').fill('0.8');
  await form.getByLabel(/Seed/).fill('7');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByRole('status')).toContainText('Saved');

  // Loaded again, now by wllama 2's 32-bit build; the panel says so.
  await card.getByRole('button', { name: 'Download and use this file' }).click();
  await expect(card.getByRole('status').first()).toContainText(
    '32-bit WebAssembly build for older browsers (wllama 2)',
    { timeout: 60_000 }
  );
  const narrow = wasm.filter((url) => !wide.has(url));
  expect(narrow.length).toBeGreaterThanOrEqual(1);
  for (const [width, scheme] of [
    [1280, 'light'],
    [1280, 'dark'],
    [390, 'light'],
    [390, 'dark']
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    // The card alone: the page around it is the first test's screenshots.
    await card.screenshot({
      path: `test-results/screenshots/wllama-settings-${width}-${scheme}.png`
    });
    if (width === 1280) await expectNoSeriousViolations(page, `the CPU settings (${scheme})`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });

  // A lesson on the 32-bit build: real tokens stream, and the reply stops at the limit set.
  await page.getByRole('button', { name: 'Lessons' }).click();
  await page.getByRole('link', { name: /Self-debugging with unit-test feedback/ }).click();
  await page.getByRole('button', { name: 'Run with my model' }).click();
  await expect(page.getByText('Paused before the next call — press Step')).toBeVisible({
    timeout: 60_000
  });
  await pythonReady(page);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('streamed-reply')).toContainText(/\S{3}/, { timeout: 60_000 });
  await expect(page.getByTestId('token-rate')).toContainText(/Last reply: \d+ tokens/, {
    timeout: 60_000
  });
  const [, tokens] = /Last reply: (\d+) tokens/.exec(
    await page.getByTestId('token-rate').innerText()
  )!;
  expect(Number(tokens)).toBeGreaterThan(0);
  expect(Number(tokens)).toBeLessThanOrEqual(64);
  // The lesson's page loaded the 32-bit wasm, not the 64-bit one.
  expect(wasm.filter((url) => !wide.has(url)).length).toBeGreaterThan(narrow.length);
  await shot(page, 'wllama-32-bit-streamed');
});
