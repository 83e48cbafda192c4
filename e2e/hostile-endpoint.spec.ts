/**
 * Issue 21 in the browser: the learner's endpoint turns hostile in the middle of a run. The
 * first reply is normal; the second is one endless server-sent-events line (1 GB). The page
 * must end the call with the sentence, keep the first program and the form, and let Stop
 * end a huge line that is still growing. (The time limits, at their defaults of minutes,
 * are covered in Node: src/lib/runtimes/model/hostile.test.ts.)
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import {
  startHostileEndpoint,
  type HostileBehaviour,
  type HostileEndpoint
} from '../src/lib/testing/hostile-endpoint';
import { fillProblem, useEndpoint } from './playground-form';

/**
 * How long the huge line is, and how much of it may leave the server although the client stops
 * reading at 1 MB. Bytes a server has written are not bytes the client read: on localhost the
 * receiving socket's buffer grows up to `net.ipv4.tcp_rmem`'s maximum (32 MB on the CI machine),
 * the sending one up to `tcp_wmem`'s (4 MB), and Chromium reads ahead into its own pipe. With the
 * issue's 50 MB line an idle machine had all of it out (52 MB) before the page's cancel closed
 * the socket, and 13 MB on a busy one: the check could not tell a client that stopped from one
 * that read everything. At 1 GB it can: a client that read the line would take all of it.
 */
const HUGE_LINE_BYTES = 1024 * 1024 * 1024;
const BUFFERED_AT_MOST = 256 * 1024 * 1024;

const WRONG = "def count_vowels(s):\n    return sum(c in 'aeiou' for c in s)";

/** Starts a self-debug run and lets it go on past the pause before the first call. */
async function run(page: Page) {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByText('Paused before the next call — press Step')).toBeVisible({
    timeout: 60_000
  });
  await page.keyboard.press('End');
}

test('a hostile endpoint: a 1 GB line ends with a sentence, Stop ends a growing one, nothing else is lost', async ({
  page
}) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  /** what the second call of a run gets */
  let second: HostileBehaviour = 'huge-line';
  let server: HostileEndpoint | null = null;
  server = await startHostileEndpoint({
    dripMs: 250,
    hugeLineBytes: HUGE_LINE_BYTES,
    route: (body) => {
      const turn = (body.messages as { role: string }[]).filter((m) => m.role === 'assistant');
      return turn.length === 0 ? { content: '```python\n' + WRONG + '\n```' } : second;
    }
  });
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await useEndpoint(page, server.origin, 'lab-coder');

    await page.getByRole('link', { name: 'Playground' }).click();
    await fillProblem(page);
    await page.getByLabel('Feedback', { exact: true }).selectOption('unit-test');

    // 1. The whole huge line, as fast as the socket goes: the call ends with the sentence.
    await run(page);
    const alert = page.getByRole('alert').filter({ hasText: 'The reply was too large' });
    await expect(alert).toContainText(
      'The reply was larger than 1 MB in a single line; no chat-completion chunk is that long'
    );
    await expect(alert.getByRole('link', { name: 'Open the model settings' })).toBeVisible();
    expect(server.requests.map((r) => r.model)).toEqual(['huge-line']);
    await server.closed('huge-line');
    // The client hung up long before the line's end: what the server got out is what the
    // client read (about 1 MB) plus what the kernel and Chromium buffered meanwhile.
    expect(server.sent.get('huge-line')).toBeLessThan(BUFFERED_AT_MOST);
    // Nothing else is lost: the first program and the form are all there.
    await expect(page.getByRole('heading', { name: 'Program v1' })).toBeVisible();
    await expect(page.getByLabel('Id', { exact: true })).toHaveValue('count-vowels');

    // 2. A huge line that is still growing (16 KB every 250 ms): Stop ends it at once.
    second = 'huge-line-slow';
    await run(page);
    await expect(page.getByRole('heading', { name: 'The model is writing…' })).toBeVisible();
    await expect.poll(() => server!.sent.get('huge-line-slow') ?? 0).toBeGreaterThan(64 * 1024);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Stopped.' })).toContainText(
      'The log keeps the'
    );
    await server.closed('huge-line-slow');
    const sentAtStop = server.sent.get('huge-line-slow') ?? 0;
    expect(sentAtStop).toBeLessThan(1024 * 1024);
    // A stop is not a failure: no alert about the reply.
    await expect(page.getByRole('alert').filter({ hasText: 'too large' })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Program v1' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
    expect(errors).toEqual([]);
  } finally {
    await server?.close();
  }
});
