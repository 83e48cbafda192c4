/**
 * Live models in the page. The endpoint test starts a real HTTP server speaking OpenAI's
 * wire format (the lesson's authored replies are its input), runs the self-debugging lesson
 * through it with Stop and Resume, then replays the shared link with the server gone.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Page } from '@playwright/test';
import { test, expect, shot, offline } from './fixtures';
import { startFakeEndpoint } from '../src/lib/runtimes/model/fake-endpoint';

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
    model: await page.getByTestId('model-label').textContent(),
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
  const server = await startFakeEndpoint({ replies: lessonReplies(), pieceDelayMs: 25 });
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

    await page.getByRole('link', { name: 'Walkthrough' }).click();
    await page.getByRole('button', { name: 'Run with my model' }).click();
    await expect(page.getByTestId('model-label')).toContainText(
      `replies — your endpoint at ${server.origin}/v1`
    );
    // Python starts once per page (slowly on a busy machine); then the run waits for Step.
    await expect(page.getByText('Paused before the next call — press Step')).toBeVisible({
      timeout: 60_000
    });

    // First call: tokens stream into the page with their rate.
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('streamed-reply')).toContainText('def count_windows');
    await expect(page.getByTestId('token-rate')).toContainText(/\d+ tokens · [\d.]+ tokens\/s/);
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

    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: 'Share' }).click();
    const field = page.getByRole('textbox', { name: 'Permalink' });
    await expect(field).toHaveValue(/\/replay#step=\d+&sum=[0-9a-f]{8}&run=/);
    const link = await field.inputValue();
    await page.getByRole('button', { name: 'Close' }).click();

    await server.close();
    closed = true;
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
