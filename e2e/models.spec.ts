/**
 * Live models in the page. The endpoint test starts a real HTTP server speaking OpenAI's
 * wire format (the lesson's authored replies are its input), runs the self-debugging lesson
 * through it with Stop and Resume, then replays the shared link with the server gone.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Page } from '@playwright/test';
import { test, expect, shot, offline, pythonReady } from './fixtures';
import { shareLink } from './share-link';
import { startFakeEndpoint } from '../src/lib/testing/fake-endpoint';

function lessonReplies(): string[] {
  const folder = readdirSync('lessons').find((f) => /^\d+-self-debugging$/.test(f))!;
  const yaml = readFileSync(join('lessons', folder, 'walkthrough.yaml'), 'utf8');
  return (parse(yaml) as { responses: string[] }).responses;
}

const stepCounter = (page: Page) => page.getByTestId('step-counter');

/** What a learner sees of a run at its current step. */
async function runSnapshot(page: Page) {
  return {
    step: await stepCounter(page).textContent(),
    verdict: await page.getByTestId('verdict').textContent(),
    model: await page.getByTestId('model-name').textContent(),
    program: await page.getByRole('heading', { name: /^Program v\d/ }).textContent(),
    timeline: await page
      .getByRole('region', { name: 'Timeline' })
      .getByRole('listitem')
      .allInnerTexts(),
    counters: await page.getByRole('definition').allInnerTexts(),
    tests: await page.getByRole('table').first().innerText()
  };
}

test('a lesson runs through my endpoint, stops and resumes, and its link replays without it', async ({
  page,
  browser
}) => {
  test.setTimeout(120_000);
  const server = await startFakeEndpoint({ replies: lessonReplies(), pieceDelayMs: 60 });
  let closed = false;
  try {
    await page.goto('/models');
    const form = page.getByRole('form', { name: /model server/ });
    await form.getByLabel('Address').fill(server.origin);
    await form.getByRole('button', { name: 'Check the server' }).click();
    await expect(form.getByRole('status')).toContainText('offers 2 models');
    await form.getByLabel('Model name').fill('replies');
    await form.getByLabel('Temperature').fill('0.2');
    await form.getByRole('button', { name: 'Save and use' }).click();
    await expect(form.getByRole('status')).toContainText('Saved');
    await expect(page.getByTestId('current-model')).toContainText('replies — your endpoint');

    await page.getByRole('button', { name: 'Lessons' }).click();
    await page.getByRole('link', { name: /Self-debugging with unit-test feedback/ }).click();
    await page.getByRole('button', { name: 'Run with my model' }).click();
    await expect(page.getByTestId('model-label')).toContainText(
      `replies — your endpoint at ${server.origin}/v1`
    );
    // Python starts once per page (slowly on a busy machine); then the run waits for Step.
    await expect(page.getByText('Paused before the next call — press Step')).toBeVisible({
      timeout: 60_000
    });
    await pythonReady(page);

    // First call: tokens stream into the page with their rate.
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('streamed-reply')).toContainText('def count_windows');
    await expect(page.getByTestId('token-rate')).toContainText(/≈ \d+ tokens · ≈ [\d.]+ tokens\/s/);
    await shot(page, 'models-streaming');
    await expect(page.getByRole('heading', { name: 'Program v1' })).toBeVisible();
    await expect(page.getByTestId('token-rate')).toContainText(/Last reply: \d+ tokens in/);

    // The examples run; the second call starts streaming and is stopped mid-way.
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('table').first()).toContainText('fail');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('streamed-reply')).toContainText(/\S/);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByRole('region', { name: 'Live model' })).toContainText(
      'Stopped. The log keeps the 2 steps that finished'
    );
    await expect(stepCounter(page)).toContainText('Step 2 of 2');
    await expect(page.getByTestId('player-status')).toContainText('Stopped — Resume');
    await expect(page.getByRole('button', { name: 'Fork here' })).toBeEnabled();
    await shot(page, 'models-stopped');

    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(page.getByText('Paused before the next call — press Step')).toBeVisible();
    await page.keyboard.press('End');
    await expect(page.getByTestId('verdict')).toContainText('Solved', { timeout: 60_000 });
    await expect(page.getByTestId('verdict')).toContainText('Hidden tests: 8/8 pass');
    const live = await runSnapshot(page);
    expect(live.counters[0]).toBe('3'); // model calls
    await shot(page, 'models-endpoint-end');

    const chats = server.received.filter((r) => r.url === '/v1/chat/completions');
    expect(chats.length).toBe(4); // three replies, one of them asked twice (stopped, resumed)
    expect(chats[0].body).toMatchObject({ model: 'replies', temperature: 0.2, stream: true });
    expect(chats.every((c) => c.headers.authorization === undefined)).toBe(true);

    const link = await shareLink(page);

    await server.close();
    closed = true;

    // With the server gone, a new live run says so in words and points to the settings.
    await page.getByRole('button', { name: 'Run with my model' }).click();
    await expect(page.getByText('Paused before the next call — press Step')).toBeVisible();
    await page.keyboard.press('ArrowRight');
    const problem = page.getByRole('region', { name: 'Live model' }).getByRole('alert');
    await expect(problem).toContainText('The endpoint could not be reached');
    await expect(problem.getByRole('link', { name: 'Open the model settings' })).toBeVisible();
    await expect(page.getByTestId('verdict')).toContainText('Error');
    await shot(page, 'models-endpoint-down');
    const fresh = await browser.newContext();
    const outside = await offline(fresh);
    const other = await fresh.newPage();
    await other.goto(link);
    await expect(other.getByTestId('verdict')).toContainText('Solved');
    expect(await runSnapshot(other)).toEqual(live);
    await shot(other, 'models-endpoint-replay');
    await fresh.close();
    expect(outside).toEqual([]);
  } finally {
    if (!closed) await server.close();
  }
});

const HF = 'https://huggingface.co/mlc-ai';

test('without WebGPU the panel says so, offers the alternatives, and manages the cache', async ({
  page
}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/');
  await page.getByRole('link', { name: 'Models' }).click();
  const report = page.getByTestId('device-report');
  await expect(report).toContainText(/no graphics adapter|no WebGPU/);
  await expect(report).toContainText('A model server you connect to');
  const alternatives = page.getByTestId('no-webgpu');
  await expect(alternatives).toContainText('None of these can run here without WebGPU');
  await expect(alternatives.getByRole('link', { name: 'connect to a model server' })).toBeVisible();
  await expect(alternatives.getByRole('link', { name: 'scripted walkthrough' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Download', exact: true })).toHaveCount(0);
  for (const fit of await page.getByTestId('fit').allInnerTexts()) {
    expect(fit).toContain('no WebGPU adapter');
  }
  await expect(page.getByRole('form', { name: /model server/ })).toBeVisible();
  await expect(page.getByText('No model is stored in this browser.')).toBeVisible();

  await page.getByRole('button', { name: /persistent storage/ }).click();
  await expect(
    page.getByRole('status').filter({ hasText: /Granted|said no|cannot/ })
  ).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 800 });
  await shot(page, 'models-panel-no-webgpu');

  // Two stored models: a complete one (its weights index is stored) and an unfinished download.
  await page.evaluate(async (hf) => {
    const model = await caches.open('webllm/model');
    const done = `${hf}/Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC/resolve/main/`;
    await model.put(
      `${done}tensor-cache.json`,
      new Response(JSON.stringify({ records: [{ dataPath: 'params_shard_0.bin' }] }))
    );
    await model.put(`${done}params_shard_0.bin`, new Response(new Uint8Array(3_000_000)));
    const partial = `${hf}/Llama-3.2-1B-Instruct-q4f32_1-MLC/resolve/main/`;
    await model.put(`${partial}params_shard_0.bin`, new Response(new Uint8Array(5_000_000)));
    const config = await caches.open('webllm/config');
    await config.put(`${done}mlc-chat-config.json`, new Response('{}'));
  }, HF);
  await page.reload();
  const cache = page.getByRole('region', { name: 'Downloaded models' });
  const complete = cache.getByRole('listitem', { name: 'Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC' });
  const unfinished = cache.getByRole('listitem', { name: 'Llama-3.2-1B-Instruct-q4f32_1-MLC' });
  await expect(complete).toContainText('3 MB in 3 files');
  await expect(unfinished).toContainText('5 MB in 1 file · an unfinished download');
  await shot(page, 'models-cache');
  await unfinished.getByRole('button', { name: 'Delete' }).click();
  await expect(unfinished).toHaveCount(0);
  await complete.getByRole('button', { name: 'Delete' }).click();
  await expect(complete).toHaveCount(0);
  await expect(page.getByText('No model is stored in this browser.')).toBeVisible();
  expect(
    await page.evaluate(async () => (await (await caches.open('webllm/model')).keys()).length)
  ).toBe(0);
  expect(errors).toEqual([]);
});

test('a self-hosted model is checked; without WebGPU a run with it is explained, and the walkthrough still runs', async ({
  page
}) => {
  await page.goto('/models');
  const form = page.getByRole('form', { name: /self-hosted/ });
  await form.getByLabel('Model files folder').fill('https://models.school.example/qwen');
  await form.getByLabel('Model id').fill('Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC');
  await form.getByLabel('Model library (.wasm)').fill('https://models.school.example/lib.js');
  await form.getByRole('button', { name: 'Save and use' }).click();
  await expect(form.getByRole('alert')).toContainText('…/resolve/main/');
  await expect(form.getByRole('alert')).toContainText('.wasm file');
  await form
    .getByLabel('Model files folder')
    .fill('http://127.0.0.1:9/Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC/resolve/main/');
  await form.getByLabel('Model library (.wasm)').fill('http://127.0.0.1:9/qwen-webgpu.wasm');
  await form.getByRole('button', { name: 'Save and use' }).click();
  await expect(form.getByRole('status')).toContainText('Saved');
  await expect(page.getByTestId('current-model')).toContainText('in this browser (WebLLM)');

  await page.goto('/lessons/self-debugging');
  await page.getByRole('button', { name: 'Run with my model' }).click();
  const live = page.getByRole('region', { name: 'Live model' });
  await expect(live.getByRole('alert')).toContainText('This browser cannot run a model here', {
    timeout: 60_000
  });
  await expect(live.getByRole('link', { name: 'Open the model settings' })).toBeVisible();
  await shot(page, 'models-lesson-no-webgpu');

  await page.getByRole('button', { name: 'Scripted walkthrough' }).click();
  await expect(page.getByText('Paused before the next call — press Step')).toBeVisible({
    timeout: 60_000
  });
  // End runs every program of the walkthrough: its 30 s are for that, not for Python's start
  // (which on a busy machine took longer: the test failed at load average 13, never alone).
  await pythonReady(page);
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
});

test('the panel at 380 px in the dark theme has no horizontal overflow', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 380, height: 800 });
  await page.goto('/models');
  await expect(page.getByTestId('device-report')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Downloaded models' })).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth
  );
  expect(overflow).toBe(0);
  await shot(page, 'models-panel-380-dark');
  await page.screenshot({ path: 'test-results/screenshots/models-panel-380-dark-top.png' });
  await page
    .getByRole('heading', { name: 'Models that run in this browser' })
    .scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screenshots/models-panel-380-dark-catalog.png' });
});
