/**
 * The playground as a newcomer uses it: a problem typed into the form runs with
 * self-debugging through an OpenAI-compatible server (a real HTTP server on 127.0.0.1 whose
 * replies are this test's input) to a verdict, survives a reload and replays from its link;
 * an MBPP line is imported and run by the reference-solution demo; wrong fields say why.
 */
import type { Page } from '@playwright/test';
import { test, expect, shot, offline } from './fixtures';
import { shareLink } from './share-link';
import { startFakeEndpoint } from '../src/lib/testing/fake-endpoint';
import { fillProblem, useEndpoint } from './playground-form';

const WRONG = "def count_vowels(s):\n    return sum(c in 'aeiou' for c in s)";
const RIGHT = "def count_vowels(s):\n    return sum(c in 'aeiouAEIOU' for c in s)";

const MBPP_LINE = JSON.stringify({
  task_id: 905,
  text: 'Write a function to return the last digit of a non-negative number.',
  code: 'def last_digit(n):\r\n  return n % 10',
  test_list: [
    'assert last_digit(123) == 3',
    'assert last_digit(50) == 0',
    'assert last_digit(7) in (7,)'
  ],
  test_setup_code: '',
  challenge_test_list: []
});

const HUMANEVAL_LINE = JSON.stringify({
  task_id: 'Ours/7',
  prompt:
    'def halve(x: int) -> int:\n    """Half of x, rounded down.\n    >>> halve(7)\n    3\n    """\n',
  entry_point: 'halve',
  canonical_solution: '    return x // 2\n',
  test: 'def check(candidate):\n    assert candidate(8) == 4\n    assert candidate(-3) == -2\n'
});

const paused = (page: Page) => page.getByText('Paused before the next call — press Step');

test('a typed problem runs with self-debugging through my server, survives a reload and replays from its link', async ({
  page,
  browser
}) => {
  test.setTimeout(150_000);
  const server = await startFakeEndpoint({
    chat: (body) => {
      const turn = (body.messages as { role: string }[]).filter((m) => m.role === 'assistant');
      const code = turn.length === 0 ? WRONG : RIGHT;
      return {
        content: '```python\n' + code + '\n```',
        usage: { prompt_tokens: 90, completion_tokens: 20 }
      };
    }
  });
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await useEndpoint(page, server.origin, 'lab-coder');

    await page.getByRole('link', { name: 'Playground' }).click();
    await expect(
      page.getByRole('heading', { name: 'Run a technique on your own problem' })
    ).toBeVisible();
    await fillProblem(page);
    await expect(page.getByLabel('Technique', { exact: true })).toHaveValue('self-debug');
    await page.getByLabel('Max turns', { exact: true }).fill('3');
    await page.getByLabel('Feedback', { exact: true }).selectOption('unit-test');
    await expect(page.getByRole('radio', { name: /My model: lab-coder/ })).toBeChecked();
    await page.getByRole('button', { name: 'Run', exact: true }).click();

    await expect(page.getByTestId('model-label')).toContainText(
      `lab-coder — your endpoint at ${server.origin}/v1`
    );
    await expect(paused(page)).toBeVisible({ timeout: 60_000 });
    await page.keyboard.press('End');
    await expect(page.getByTestId('verdict')).toContainText('Solved', { timeout: 60_000 });
    await expect(page.getByTestId('verdict')).toContainText('Hidden tests: 3/3 pass');
    await expect(page.getByRole('heading', { name: 'Program v2' })).toBeVisible();

    const chats = server.received.filter((r) => r.url === '/v1/chat/completions');
    expect(chats.length).toBe(2);
    const sent = JSON.stringify(chats.map((c) => c.body));
    expect(sent).toContain("count_vowels('HELLO')"); // the examples are shown…
    expect(sent).not.toContain('AEIOUaeiou'); // …the hidden tests never are
    expect(chats[0].body).toMatchObject({ model: 'lab-coder', temperature: 0 });
    await shot(page, 'playground-run-1280-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'playground-run-1280-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Reload: the form, the knobs and the run are all still there.
    await page.reload();
    await expect(page.getByLabel('Id', { exact: true })).toHaveValue('count-vowels');
    await expect(page.getByLabel('Max turns', { exact: true })).toHaveValue('3');
    await expect(page.getByText('Your last run, kept in this browser')).toBeVisible();
    await expect(page.getByTestId('verdict')).toContainText('Hidden tests: 3/3 pass');

    const link = await shareLink(page);
    await server.close();

    // The link carries the problem: a fresh browser replays it with no server and no setup.
    const fresh = await browser.newContext();
    const outside = await offline(fresh);
    const other = await fresh.newPage();
    await other.goto(link);
    await expect(other.getByRole('heading', { name: 'Count the vowels', level: 1 })).toBeVisible();
    await expect(other.getByTestId('verdict')).toContainText('Hidden tests: 3/3 pass');
    await fresh.close();
    expect(outside).toEqual([]);
  } finally {
    await server.close().catch(() => {});
  }
});

test('an MBPP line fills the form, and the demo runs it with its reference solution', async ({
  page
}) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.setViewportSize({ width: 380, height: 800 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/playground');
  // No model is set up: the page says a run needs one, and where to set it up.
  await expect(page.locator('#no-model')).toContainText('A playground run needs a model');
  await expect(page.locator('#no-model').getByRole('link', { name: 'set one up' })).toHaveAttribute(
    'href',
    '/models'
  );
  await shot(page, 'playground-empty-380-dark');

  await page.getByLabel('Or paste one HumanEval or MBPP line').fill(MBPP_LINE);
  await page.getByRole('button', { name: 'Import the line' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toContainText(
    'Imported mbpp-905. Read as MBPP: the first plain assert is the example the model sees'
  );
  await expect(page.getByLabel('Id', { exact: true })).toHaveValue('mbpp-905');
  await expect(page.getByLabel('Entry point')).toHaveValue('last_digit');
  await expect(page.getByLabel('Examples the model sees')).toHaveValue('123 -> 3');
  await expect(page.getByLabel('Hidden check (optional)')).toHaveValue(
    /last_digit = candidate\n\s+assert last_digit\(7\) in \(7,\)/
  );

  const demo = page.getByRole('radio', {
    name: /Demo — scripted: replies with your reference solution/
  });
  await expect(demo).toBeChecked();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('model-label')).toContainText(
    'scripted: replies with your reference solution'
  );
  await expect(paused(page)).toBeVisible({ timeout: 60_000 });
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved', { timeout: 60_000 });
  await expect(page.getByTestId('verdict')).toContainText('Hidden tests: 3/3 pass');
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth
  );
  expect(overflow).toBe(0);
  await shot(page, 'playground-mbpp-380-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await shot(page, 'playground-mbpp-380-light');
  expect(errors).toEqual([]);
});

test('wrong fields say what to fix next to them; damaged saved data is dropped', async ({
  page
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/playground');
  await page.evaluate(() => localStorage.setItem('acl:playground', '{"version": 1, "draft": '));
  await page.reload();
  await expect(page.getByLabel('Id', { exact: true })).toHaveValue('');

  await page.getByLabel('Id', { exact: true }).fill('Count Vowels');
  await page.getByLabel('Entry point').fill('count_vowels');
  await page.getByLabel('Examples the model sees').fill("'hello' 2");
  await page.getByLabel('Max turns', { exact: true }).fill('11');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Fix the' })).toContainText(
    'Fix the 6 fields marked below'
  );
  const id = page.getByLabel('Id', { exact: true });
  await expect(id).toBeFocused();
  await expect(id).toHaveAttribute('aria-invalid', 'true');
  await expect(id).toHaveAccessibleDescription(/Use lowercase letters, digits and hyphens only/);
  await expect(page.getByLabel('Examples the model sees')).toHaveAccessibleDescription(
    /Examples, line 1: write the arguments, then -> and the expected value/
  );
  await expect(page.getByLabel('Max turns', { exact: true })).toHaveAccessibleDescription(
    /Max turns must be a whole number from 1 to 10; 11 is out of range/
  );
  await expect(
    page.getByText('Write what the function should do, under its signature.')
  ).toBeVisible();
  await shot(page, 'playground-errors-1280-light');

  // The demo is offered only where every reply is a program.
  await page.getByLabel('Technique', { exact: true }).selectOption('self-planning');
  await page.getByRole('button', { name: 'Use it' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Choose a lesson first' })).toBeVisible();
  await page
    .getByLabel("Start from a lesson's problem")
    .selectOption({ label: 'Self-planning — a plan before the code' });
  await page.getByRole('button', { name: 'Use it' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'demo' })).toContainText(
    'The demo fits only techniques whose every model call asks for a program'
  );

  // A HumanEval line: the docstring's example is shown, the test becomes the hidden check, and
  // the errors of the last attempt are gone with the old problem.
  await page.getByLabel('Or paste one HumanEval or MBPP line').fill(HUMANEVAL_LINE);
  await page.getByRole('button', { name: 'Import the line' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toContainText(
    'Imported ours-7. Read as HumanEval: the examples come from the docstring'
  );
  await expect(page.getByLabel('Examples the model sees')).toHaveValue('7 -> 3');
  await expect(page.getByLabel('Hidden check (optional)')).toHaveValue(
    /def check\(candidate\):\n\s+assert candidate\(8\) == 4/
  );
  await expect(page.getByRole('alert').filter({ hasText: 'demo' })).toHaveCount(0);
});
