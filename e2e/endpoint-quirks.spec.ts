/**
 * Servers that differ from OpenAI's: one that refuses `stream_options`, rate-limits with a
 * wait, and wants `max_completion_tokens`. The lesson still runs through it: the page says
 * how long the server asked to wait, the call goes on by itself, and every request after the
 * refusal leaves the field out.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { test, expect, shot, pythonReady } from './fixtures';
import { startFakeEndpoint } from '../src/lib/testing/fake-endpoint';

function lessonReplies(): string[] {
  const folder = readdirSync('lessons').find((f) => /^\d+-self-debugging$/.test(f))!;
  const yaml = readFileSync(join('lessons', folder, 'walkthrough.yaml'), 'utf8');
  return (parse(yaml) as { responses: string[] }).responses;
}

test('a server that refuses stream_options and asks to wait still runs the lesson', async ({
  page
}) => {
  const replies = lessonReplies();
  const bodies: Record<string, unknown>[] = [];
  let limited = false;
  const server = await startFakeEndpoint({
    chat: (body) => {
      bodies.push(body);
      if (body.stream_options !== undefined) {
        return { status: 400, message: 'Unrecognized request argument supplied: stream_options' };
      }
      if (!limited) {
        limited = true;
        return {
          status: 429,
          message: 'Rate limit reached for requests',
          headers: { 'Retry-After-Ms': '3000' }
        };
      }
      const messages = (body.messages ?? []) as { role?: string }[];
      const turn = messages.filter((m) => m.role === 'assistant').length;
      return { content: replies[turn] ?? '' };
    }
  });
  try {
    await page.goto('/models');
    const form = page.getByRole('form', { name: /model server/ });
    await form.getByLabel('Address').fill(server.origin);
    await form.getByLabel('Model name').fill('quirky');
    await form.getByLabel('Send max_completion_tokens').check();
    await form.getByRole('button', { name: 'Save and use' }).click();
    await expect(form.getByRole('status')).toContainText('Saved');
    await shot(page, 'endpoint-quirks-form');
    await page.reload();
    await expect(
      page.getByRole('form', { name: /model server/ }).getByLabel('Send max_completion_tokens')
    ).toBeChecked();

    await page.goto('/lessons/self-debugging');
    await page.getByRole('button', { name: 'Run with my model' }).click();
    await expect(page.getByText('Paused before the next call — press Step')).toBeVisible({
      timeout: 60_000
    });
    await pythonReady(page);
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('model-waiting')).toContainText(
      'The server asked to wait 3 seconds'
    );
    await shot(page, 'endpoint-quirks-waiting');
    await expect(page.getByRole('heading', { name: 'Program v1' })).toBeVisible();
    await expect(page.getByTestId('model-waiting')).toHaveCount(0);
    await page.keyboard.press('End');
    await expect(page.getByTestId('verdict')).toContainText('Solved');

    // The refusal is remembered: only the very first request carried the field.
    expect(bodies[0].stream_options).toEqual({ include_usage: true });
    expect(bodies.slice(1).every((b) => b.stream_options === undefined)).toBe(true);
    expect(bodies.length).toBeGreaterThanOrEqual(4);
    for (const body of bodies) {
      expect(body.max_completion_tokens).toEqual(expect.any(Number));
      expect(body).not.toHaveProperty('max_tokens');
    }
  } finally {
    await server.close();
  }
});
