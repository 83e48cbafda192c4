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
