/**
 * Show the prompt: on a scripted lesson, the exact messages of a model call, each part marked
 * by where it came from, a call picker and how the prompt grows; on a run through an
 * OpenAI-compatible server (a real HTTP server on 127.0.0.1), the messages the dialog shows
 * are exactly the messages the server received.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect, offline, pythonReady } from './fixtures';
import { shareLink } from './share-link';
import { expectNoSeriousViolations } from './axe';
import { startFakeEndpoint } from '../src/lib/testing/fake-endpoint';
import { fillProblem, useEndpoint } from './playground-form';

const SHOTS = '/work/shots/h17-prompt';
const dialogOf = (page: Page) => page.getByRole('dialog', { name: 'The prompt' });
const promptButtons = (page: Page) =>
  page.getByRole('button', { name: /^Show the prompt of this call/ });

/** Each message shown: its heading and its text, the parts joined in order. */
async function shownMessages(dialog: Locator): Promise<{ heading: string; text: string }[]> {
  return dialog.locator('section.message').evaluateAll((sections) =>
    sections.map((s) => ({
      heading: s.querySelector('h3')?.firstChild?.textContent?.trim() ?? '',
      text: [...s.querySelectorAll('pre.text')].map((p) => p.textContent ?? '').join('')
    }))
  );
}

/** Nothing wider than the screen: the page, and the dialog's own box. */
async function expectNoSidewaysScroll(page: Page) {
  const widths = await page.evaluate(() => {
    const dialog = document.querySelector('dialog[open]') as HTMLElement;
    return {
      page: document.documentElement.scrollWidth - window.innerWidth,
      dialog: dialog.scrollWidth - dialog.clientWidth
    };
  });
  expect(widths).toEqual({ page: 0, dialog: 0 });
}

async function lessonAtEnd(page: Page) {
  await page.goto('/lessons/self-debugging');
  await expect(page.getByText('Paused before the next call — press Step')).toBeVisible();
  await pythonReady(page);
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved', { timeout: 60_000 });
}

test('a scripted lesson: the parts of each call, the picker, the growth, Escape and M', async ({
  page
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await lessonAtEnd(page);
  const calls = await promptButtons(page).count();
  expect(calls).toBeGreaterThanOrEqual(2);

  // The second call: the first program came back wrong, so its feedback is in the prompt.
  await promptButtons(page).nth(1).click();
  const dialog = dialogOf(page);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('prompt-call')).toContainText(`Call 2 of ${calls}`);
  expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
  for (const role of ['System', 'User', "Assistant (the model's earlier reply)"])
    await expect(dialog.getByRole('heading', { name: role }).first()).toBeVisible();
  const part = (source: string) => dialog.locator(`[data-source="${source}"]`);
  await expect(part('task').first()).toContainText('def ');
  await expect(part('examples').first()).toContainText('Examples:');
  await expect(part('feedback')).toContainText('The code failed');
  await expect(part('feedback').getByText(/^feedback/)).toBeVisible();
  await expect(part('turn-budget')).toContainText('turns left');
  await expect(part('reply')).toContainText('```python');
  await expect(dialog.getByTestId('prompt-tokens')).toContainText('estimated');
  await expect(
    dialog.getByRole('list', { name: 'Where the parts came from' }).getByText('feedback')
  ).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/prompt-1280-light.png` });
  await expectNoSeriousViolations(page, 'the prompt dialog');

  // Step through the calls.
  await dialog.getByRole('button', { name: '← Previous call' }).click();
  await expect(dialog.getByTestId('prompt-call')).toContainText(`Call 1 of ${calls}`);
  await expect(dialog.getByRole('button', { name: '← Previous call' })).toBeDisabled();
  await expect(part('feedback')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Next call →' }).click();
  await dialog.getByRole('button', { name: 'Next call →' }).click();
  await expect(dialog.getByTestId('prompt-call')).toContainText(`Call 3 of ${calls}`);

  // The growth table lists every call, and the conversation only grows.
  const growth = dialog.getByRole('region', { name: 'How the prompt grows' });
  const rows = growth.getByRole('row');
  await expect(rows).toHaveCount(calls + 1);
  const totals = (await growth.locator('tbody td.num').allTextContents()).map((t) =>
    Number(t.replace(/\D/g, ''))
  );
  expect(totals).toHaveLength(calls);
  for (let i = 1; i < calls; i++) expect(totals[i]).toBeGreaterThan(totals[i - 1]);
  await growth.getByRole('button', { name: 'Call 1', exact: true }).click();
  await expect(dialog.getByTestId('prompt-call')).toContainText(`Call 1 of ${calls}`);

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // M opens the latest call's prompt.
  await page.keyboard.press('m');
  await expect(dialog.getByTestId('prompt-call')).toContainText(`Call ${calls} of ${calls}`);

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${SHOTS}/prompt-1280-dark.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${SHOTS}/prompt-390-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${SHOTS}/prompt-390-light.png` });
  await dialog.getByRole('region', { name: 'How the prompt grows' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/prompt-390-light-growth.png` });

  // The shortcut is listed.
  await page.keyboard.press('Escape');
  // the player's keys are off while any dialog is open
  await expect(dialog).toBeHidden();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText(
    'Show the prompt'
  );
});

const WRONG = "def count_vowels(s):\n    return sum(c in 'aeiou' for c in s)";
const RIGHT = "def count_vowels(s):\n    return sum(c in 'aeiouAEIOU' for c in s)";

test('a run through my server: the dialog shows exactly the messages the server received, and so does its link', async ({
  page,
  browser
}) => {
  test.setTimeout(150_000);
  const server = await startFakeEndpoint({
    chat: (body) => {
      const turn = (body.messages as { role: string }[]).filter((m) => m.role === 'assistant');
      return {
        content: '```python\n' + (turn.length === 0 ? WRONG : RIGHT) + '\n```',
        usage: { prompt_tokens: 90 + 60 * turn.length, completion_tokens: 20 }
      };
    }
  });
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await useEndpoint(page, server.origin, 'lab-coder');
    await page.goto('/playground');
    await fillProblem(page);
    await page.getByLabel('Max turns', { exact: true }).fill('3');
    await page.getByLabel('Feedback', { exact: true }).selectOption('unit-test');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByText('Paused before the next call — press Step')).toBeVisible({
      timeout: 60_000
    });
    await page.keyboard.press('End');
    await expect(page.getByTestId('verdict')).toContainText('Solved', { timeout: 60_000 });

    const chats = server.received.filter((r) => r.url === '/v1/chat/completions');
    expect(chats).toHaveLength(2);
    await expect(promptButtons(page)).toHaveCount(2);
    const roles: Record<string, string> = {
      system: 'System',
      user: 'User',
      assistant: "Assistant (the model's earlier reply)"
    };
    for (const [i, chat] of chats.entries()) {
      await promptButtons(page).nth(i).click();
      const dialog = dialogOf(page);
      await expect(dialog.getByTestId('prompt-call')).toContainText(`Call ${i + 1} of 2`);
      const sent = chat.body.messages as { role: string; content: string }[];
      expect(await shownMessages(dialog)).toEqual(
        sent.map((m) => ({ heading: roles[m.role], text: m.content }))
      );
      // the server counted the tokens: the parts share out its count
      await expect(dialog.getByTestId('prompt-tokens')).toContainText(
        `${90 + 60 * i} tokens in all, as the model counted them`
      );
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
    }
    await promptButtons(page).nth(1).click();
    await expect(dialogOf(page).locator('[data-source="feedback"]')).toContainText(
      "count_vowels('HELLO') returned 0, expected 2"
    );
    await page.screenshot({ path: `${SHOTS}/prompt-endpoint-1280-light.png` });
    await page.keyboard.press('Escape');

    // The shared link carries the log: with the server gone, its replay shows the same prompts.
    const link = await shareLink(page);
    await server.close();
    const fresh = await browser.newContext();
    const outside = await offline(fresh);
    const other = await fresh.newPage();
    await other.goto(link);
    await expect(other.getByTestId('verdict')).toContainText('Solved');
    await promptButtons(other).nth(1).click();
    await expect(dialogOf(other).getByTestId('prompt-call')).toContainText('Call 2 of 2');
    const sent = chats[1].body.messages as { role: string; content: string }[];
    expect(await shownMessages(dialogOf(other))).toEqual(
      sent.map((m) => ({ heading: roles[m.role], text: m.content }))
    );
    await fresh.close();
    expect(outside).toEqual([]);
  } finally {
    await server.close().catch(() => {});
  }
});
