/**
 * A benchmark run in the page on a problems file, re-graded outside it. The test writes four
 * built-in problems as HumanEval JSONL (task ids Lab/0…Lab/3) and opens the file as the run's
 * problem set; direct generation and self-debugging twice, with Max turns 1 and 2 (the same
 * technique with other knobs, told apart in the table), run through the project's fake
 * endpoint, every program graded in the tab's Python. The endpoint answers second_largest
 * wrongly every time and clamp_all wrongly on a first turn (both wrong programs fail a visible
 * example), so by hand: direct and self-debug with 1 turn solve run_length and title_case
 * only; with 2 turns clamp_all as well. Each technique's samples.jsonl is downloaded and graded
 * by `npm run grade` against the same file: its verdicts must be the page's, task by task.
 * Then a .zip of a solve folder (made from the downloaded benchmark) opens beside it, and a
 * broken zip and a file that is not JSONL each get a sentence and change nothing.
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { BUILTIN_PROBLEMS } from '../src/lib/core/bench/builtin';
import { completionForProgram } from '../src/lib/core/problems/humaneval';
import { isCallCase, type Problem } from '../src/lib/core/problems/problem';
import { startFakeEndpoint, type FakeEndpoint } from '../src/lib/testing/fake-endpoint';
import { zip } from '../src/lib/testing/zip-writer';
import { expectNoSeriousViolations } from './axe';
import { test, expect } from './fixtures';
import { useEndpoint } from './playground-form';

const run = promisify(execFile);
const SHOTS = '/work/shots/h19-rest';
const problems = BUILTIN_PROBLEMS.slice(0, 4);
const taskIds = problems.map((_, i) => `Lab/${i}`);
/** wrong programs, each failing a visible example */
const ALWAYS_WRONG = 'def second_largest(numbers):\n    return max(numbers)';
const FIRST_WRONG = 'def clamp_all(values, low, high):\n    return list(values)';

const LABELS = ['direct', 'self-debug · maxTurns 1', 'self-debug · maxTurns 2'];
/** by hand, from the endpoint's script: which task each technique solves */
const SOLVED: Record<string, boolean[]> = {
  direct: [false, true, false, true],
  'self-debug · maxTurns 1': [false, true, false, true],
  'self-debug · maxTurns 2': [true, true, false, true]
};

let endpoint: FakeEndpoint;
let dir: string;

/** A built-in problem as a HumanEval line: its reference after the prompt, its hidden calls as asserts. */
function humanEvalLine(problem: Problem, taskId: string): string {
  const asserts = problem.hiddenTests
    .filter(isCallCase)
    .map((t) => `    assert candidate(${t.input}) == ${t.expected}`);
  return JSON.stringify({
    task_id: taskId,
    prompt: problem.prompt,
    entry_point: problem.entryPoint,
    canonical_solution: completionForProgram(problem.prompt, problem.reference ?? null),
    test: `def check(candidate):\n${asserts.join('\n')}\n`,
    visible_tests: problem.visibleTests
  });
}

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bench-grade-'));
  mkdirSync(SHOTS, { recursive: true });
  endpoint = await startFakeEndpoint({
    chat: (body) => {
      const messages = body.messages as { role: string; content: string }[];
      const text = messages.map((m) => m.content).join('\n');
      const problem = problems.find((p) => text.includes(`def ${p.entryPoint}(`));
      const turn = messages.filter((m) => m.role === 'assistant').length;
      let code = problem?.reference ?? 'def f():\n    pass';
      if (problem?.entryPoint === 'second_largest') code = ALWAYS_WRONG;
      if (problem?.entryPoint === 'clamp_all' && turn === 0) code = FIRST_WRONG;
      return {
        content: '```python\n' + code + '\n```',
        usage: { prompt_tokens: 100, completion_tokens: 20 }
      };
    }
  });
});
test.afterAll(async () => {
  await endpoint?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function snap(page: Page, name: string) {
  for (const [width, scheme] of [
    [1280, 'light'],
    [390, 'dark']
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(SHOTS, `${name}-${width}-${scheme}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The grid's cell of a task under a column, by its accessible name. */
const cell = (page: Page, taskId: string, label: string, solved: boolean) =>
  page.getByRole('button', {
    name: `${taskId} under ${label}: ${solved ? 'solved' : 'not solved'}. Open the run in the player`
  });

test('a JSONL problem set with knobs, re-graded by npm run grade; a zip folder opens', async ({
  page
}) => {
  test.setTimeout(300_000);
  const problemsFile = join(dir, 'lab-problems.jsonl');
  await writeFile(problemsFile, problems.map((p, i) => humanEvalLine(p, taskIds[i])).join('\n'));
  await useEndpoint(page, endpoint.origin, 'lab-coder');
  await page.goto('/bench');
  const setup = page.getByRole('form', { name: 'Benchmark setup' });
  await expect(setup.getByRole('radio', { name: /My model: lab-coder/ })).toBeChecked();

  // A file that is not JSONL: a sentence, and the built-in set stays chosen.
  const notJsonl = join(dir, 'problems.csv');
  await writeFile(notJsonl, 'task_id,prompt\nLab/0,def f(): pass\n');
  await setup.getByLabel('JSONL file of problems').setInputFiles(notJsonl);
  await expect(setup.getByRole('alert')).toHaveText(
    '“problems.csv” is not a JSONL problems file: none of its lines is a JSON object. Open a HumanEval or MBPP .jsonl file, one problem a line.'
  );
  await expect(setup.getByRole('radio', { name: /Built-in/ })).toBeChecked();

  await setup.getByLabel('JSONL file of problems').setInputFiles(problemsFile);
  await expect(setup.getByRole('radio', { name: 'lab-problems.jsonl: 4 problems' })).toBeChecked();
  await expect(setup.getByLabel(/first n of 4/)).toHaveValue('4');

  // direct, self-debug with 1 turn, self-debug with 2 turns
  await setup.getByRole('button', { name: 'Add a technique' }).click();
  await setup.getByRole('combobox', { name: 'Technique 3' }).selectOption('self-debug');
  await setup.getByText('Knobs of technique 2: the defaults').click();
  await setup.locator('#entry-1-knob-maxTurns').fill('0');
  await setup.getByRole('button', { name: 'Run the benchmark' }).click();
  await expect(setup.getByRole('alert')).toHaveText(
    'Technique 2 (Self-debugging with unit-test feedback): Max turns must be a whole number from 1 to 10; 0 is out of range.'
  );
  await snap(page, 'run-form-error');
  // the form with its knobs open and an error, scanned in both themes
  await expectNoSeriousViolations(page, 'the run form with knobs, light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectNoSeriousViolations(page, 'the run form with knobs, dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await setup.locator('#entry-1-knob-maxTurns').fill('1');
  await expect(setup.getByRole('alert')).toHaveCount(0);
  await expect(setup.locator('#entry-1-knob-maxTurns')).not.toHaveAttribute('aria-invalid');
  await setup.getByText('Knobs of technique 3: the defaults').click();
  await setup.locator('#entry-2-knob-maxTurns').fill('2');
  await expect(setup.getByText('Knobs of technique 3: 1 changed (Max turns)')).toBeVisible();
  await snap(page, 'run-form-knobs');
  await setup.getByRole('button', { name: 'Run the benchmark' }).click();
  await expect(page.getByText('Finished: every task ran.')).toBeVisible({ timeout: 240_000 });

  // The page's verdicts, per task and technique, are the ones derived by hand.
  for (const label of LABELS)
    for (const [i, taskId] of taskIds.entries())
      await expect(cell(page, taskId, label, SOLVED[label][i])).toBeVisible();

  // Each technique's samples.jsonl, graded by npm run grade against the same problems file.
  for (const label of LABELS) {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: `Download samples.jsonl of ${label}` }).click();
    const path = join(dir, `samples-${LABELS.indexOf(label)}.jsonl`);
    await (await download).saveAs(path);
    // exit 1 when a sample fails, as here for every technique
    await run(process.execPath, ['src/cli/grade.js', problemsFile, path], {
      timeout: 120_000
    }).catch((error: { code?: number }) => {
      if (error.code !== 1) throw error;
    });
    const graded = (await readFile(`${path}_results.jsonl`, 'utf8'))
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { task_id: string; passed: boolean });
    expect(new Map(graded.map((g) => [g.task_id, g.passed])), label).toEqual(
      new Map(taskIds.map((id, i) => [id, SOLVED[label][i]]))
    );
  }

  // A .zip of direct's solve folder (results.jsonl and run logs, from the benchmark file).
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the benchmark' }).click();
  const bench = JSON.parse(await readFile(await (await download).path(), 'utf8')) as {
    tasks: { key: string; line: { log: string | null }; run: unknown }[];
  };
  const direct = bench.tasks.filter((t) => t.key.startsWith('0:'));
  const encode = (text: string) => new TextEncoder().encode(text);
  const folder = zip([
    {
      name: 'direct/results.jsonl',
      data: encode(direct.map((t) => JSON.stringify(t.line)).join('\n') + '\n')
    },
    ...direct.map((t) => ({ name: `direct/${t.line.log}`, data: encode(JSON.stringify(t.run)) }))
  ]);
  const zipPath = join(dir, 'direct.zip');
  await writeFile(zipPath, folder);

  // A broken zip first: one sentence, and the columns stay as they were.
  const brokenPath = join(dir, 'broken.zip');
  await writeFile(brokenPath, folder.slice(0, folder.length - 40));
  await page.getByLabel('Files of a solve folder').setInputFiles(brokenPath);
  await expect(page.getByRole('alert').filter({ hasText: 'broken.zip' })).toHaveText(
    '“broken.zip” cannot be opened as a zip: it has no zip directory (is it a zip file, and whole?).'
  );
  await expect(page.getByRole('columnheader', { name: /^direct/ })).toHaveCount(1);

  await page.getByLabel('Files of a solve folder').setInputFiles(zipPath);
  // the run's direct and the zip's are told apart as direct · 1 and direct · 2
  for (const [i, taskId] of taskIds.entries())
    await expect(cell(page, taskId, 'direct · 2', SOLVED.direct[i])).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await snap(page, 'after-zip');
});
