/**
 * /bench with real solve folders: `npm run solve` runs `direct` and `self-debug` over the
 * fixture problems through the fake endpoint (the Node Pyodide sandbox grades them for real),
 * the folders open in the page, and the table must show the numbers this test derives from
 * results.jsonl and the run logs. The CSV is checked against results.jsonl, and each exported
 * samples.jsonl is re-graded by `npm run grade` with the same verdicts.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { startFakeEndpoint, type FakeEndpoint } from '../src/lib/testing/fake-endpoint';
import { expectNoSeriousViolations } from './axe';
import { test, expect, shot } from './fixtures';

const run = promisify(execFile);
const PROBLEMS = 'src/cli/fixtures/solve-problems.jsonl';

interface Line {
  task_id: string;
  passed: boolean;
  model_calls: number;
  tokens_in: number;
  tokens_out: number;
  seconds: number;
  stop_reason: string;
  log: string | null;
}

let endpoint: FakeEndpoint;
let dir: string;
/** true while `direct` runs: the reply for second_largest is then always wrong */
let alwaysWrong = true;

/** The fixture's problems that parse: entry point → prompt + canonical solution. */
async function solutions(): Promise<Map<string, string>> {
  const text = await readFile(PROBLEMS, 'utf8');
  const out = new Map<string, string>();
  for (const raw of text.split('\n')) {
    try {
      const p = JSON.parse(raw) as {
        entry_point: string;
        prompt: string;
        canonical_solution: string;
      };
      out.set(p.entry_point, p.prompt + p.canonical_solution);
    } catch {
      // the fixture's deliberately broken line
    }
  }
  return out;
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const programs = await solutions();
  // The reference solution of the problem asked about, except second_largest: wrong for
  // `direct`, and wrong on the first turn only for `self-debug` (its feedback fixes it).
  endpoint = await startFakeEndpoint({
    chat: (body) => {
      const messages = body.messages as { role: string; content: string }[];
      const asked = messages.map((m) => m.content).join('\n');
      const entry = [...programs.keys()].find((name) => asked.includes(`def ${name}(`)) ?? 'f';
      const turn = messages.filter((m) => m.role === 'assistant').length;
      const wrong = entry === 'second_largest' && (alwaysWrong || turn === 0);
      const code = wrong ? `def ${entry}(xs):\n    return max(xs)` : programs.get(entry);
      return {
        content: `\`\`\`python\n${code}\n\`\`\``,
        usage: { prompt_tokens: 100 + messages.length, completion_tokens: 20 + turn }
      };
    }
  });
  dir = await mkdtemp(join(tmpdir(), 'acl-bench-'));
  await solve('direct');
  alwaysWrong = false;
  await solve('self-debug');
});

test.afterAll(async () => {
  await endpoint?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function solve(technique: string): Promise<void> {
  const args = ['--technique', technique, '--problems', PROBLEMS, '--endpoint', endpoint.origin];
  args.push('--model', 'lab-coder', '--out', join(dir, technique));
  await run(process.execPath, ['src/cli/solve.js', ...args], { timeout: 200_000 }).catch(
    (error: { code?: number }) => {
      // Exit code 0 or 1 (a bad line in the problems) still wrote the folder.
      if (error.code !== 1) throw error;
    }
  );
}

const readJsonl = async <T>(path: string): Promise<T[]> =>
  (await readFile(path, 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);

/** Every file of a solve folder, to pick at once. */
async function folderFiles(name: string): Promise<string[]> {
  return (await readdir(join(dir, name))).map((f) => join(dir, name, f));
}

async function openFolder(page: Page, files: string[]) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open a solve folder’s files…' }).click();
  await (await chooser).setFiles(files);
}

/** Wilson 95%, written out again here: centre ± half over 1 + z²/n. */
function wilson(s: number, n: number): [number, number] {
  const z = 1.959963984540054;
  const p = s / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z / d) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** What the table's row of a folder must say, derived from its files. */
async function expected(name: string) {
  const lines = await readJsonl<Line>(join(dir, name, 'results.jsonl'));
  const solved = lines.filter((l) => l.passed).length;
  const sum = (f: (l: Line) => number) => lines.reduce((t, l) => t + f(l), 0);
  let sandboxMs = 0;
  for (const l of lines.filter((l) => l.log)) {
    const log = JSON.parse(await readFile(join(dir, name, l.log!), 'utf8')) as {
      events: { kind: string; dur?: number }[];
    };
    for (const e of log.events) if (e.kind === 'execute') sandboxMs += e.dur ?? 0;
  }
  const [low, high] = wilson(solved, lines.length);
  const tokens = sum((l) => l.tokens_in) + sum((l) => l.tokens_out);
  return {
    lines,
    solved: `${solved} / ${lines.length} (${pct(solved / lines.length)})`,
    interval: `${pct(low)} – ${pct(high)}`,
    passAt1: `pass@1 ${pct(solved / lines.length)}`,
    calls: int(sum((l) => l.model_calls)),
    tokensIn: int(sum((l) => l.tokens_in)),
    tokensOut: int(sum((l) => l.tokens_out)),
    sandbox: `${(sandboxMs / 1000).toFixed(1)} s`,
    wall: `${sum((l) => l.seconds).toFixed(1)} s`,
    perSolved: solved === 0 ? '—' : int(tokens / solved)
  };
}

test('solve folders open in /bench: the table, the grid, the CSV and samples.jsonl', async ({
  page,
  context
}) => {
  test.setTimeout(180_000);
  await page.goto('/bench');
  await expect(page.getByRole('heading', { level: 1, name: 'Benchmarks' })).toBeVisible();
  await openFolder(page, await folderFiles('direct'));
  await openFolder(page, await folderFiles('self-debug'));
  await expect(page.getByRole('alert')).toHaveCount(0);

  const table = page.getByRole('table', { name: 'Results per technique' });
  for (const name of ['direct', 'self-debug']) {
    const want = await expected(name);
    // The run had something to tell apart: direct fails second_largest, self-debug fixes it.
    expect(want.lines.length).toBeGreaterThan(3);
    const row = table
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name, exact: true }) });
    const cell = (col: string) => row.locator(`td[data-col="${col}"]`);
    await expect(cell('solved')).toContainText(want.solved);
    await expect(cell('interval')).toHaveText(want.interval);
    await expect(cell('pass-at-k')).toHaveText(want.passAt1);
    await expect(cell('calls')).toHaveText(want.calls);
    await expect(cell('tokens-in')).toHaveText(want.tokensIn);
    await expect(cell('tokens-out')).toHaveText(want.tokensOut);
    await expect(cell('sandbox')).toHaveText(want.sandbox);
    await expect(cell('wall')).toHaveText(want.wall);
    await expect(cell('per-solved')).toHaveText(want.perSolved);
  }
  const direct = await expected('direct');
  const selfDebug = await expected('self-debug');
  const verdictOf = (lines: Line[], id: string) => lines.find((l) => l.task_id === id)?.passed;
  expect(verdictOf(direct.lines, 'Solve/1')).toBe(false);
  expect(verdictOf(selfDebug.lines, 'Solve/1')).toBe(true);

  await expectNoSeriousViolations(page, '/bench with two folders');

  // The grid: direct's failed Solve/1 opens its run in the player, in a new tab.
  const grid = page.getByRole('table', { name: /^Tasks × techniques/ });
  const failed = grid.getByRole('button', {
    name: 'Solve/1 under direct: not solved. Open the run in the player'
  });
  await expect(failed).toBeVisible();
  const popup = context.waitForEvent('page');
  await failed.focus();
  await page.keyboard.press('Enter');
  const player = await popup;
  await expect(player.getByRole('heading', { level: 1, name: 'Solve/1' })).toBeVisible();
  await player.keyboard.press('End');
  await expect(player.getByTestId('verdict')).toContainText('Not solved');
  await player.close();

  // The CSV: one row a task and technique, the verdicts and counts of results.jsonl.
  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const csvPath = join(dir, 'results.csv');
  await (await csvDownload).saveAs(csvPath);
  const rows = (await readFile(csvPath, 'utf8')).trimEnd().split('\r\n');
  expect(rows[0]).toBe(
    'technique,task_id,passed,stop_reason,model_calls,tokens_in,tokens_out,tokens_estimated,seconds,sandbox_seconds,retries,samples_n,samples_c,detail'
  );
  const all = [
    ...direct.lines.map((l) => ['direct', l] as const),
    ...selfDebug.lines.map((l) => ['self-debug', l] as const)
  ];
  expect(rows).toHaveLength(all.length + 1);
  all.forEach(([technique, l], i) => {
    const fields = rows[i + 1].split(',');
    expect(fields.slice(0, 7)).toEqual([
      technique,
      l.task_id,
      String(l.passed),
      l.stop_reason,
      String(l.model_calls),
      String(l.tokens_in),
      String(l.tokens_out)
    ]);
    expect(fields[8]).toBe(String(l.seconds));
  });

  // samples.jsonl of each technique, re-graded by npm run grade: the verdicts of results.jsonl.
  for (const [name, want] of [
    ['direct', direct],
    ['self-debug', selfDebug]
  ] as const) {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: `Download samples.jsonl of ${name}` }).click();
    const path = join(dir, `exported-${name}.jsonl`);
    await (await download).saveAs(path);
    await run(process.execPath, ['src/cli/grade.js', PROBLEMS, path], { timeout: 120_000 }).catch(
      (error: { code?: number }) => {
        if (error.code !== 1) throw error; // the fixture's broken line is reported, exit 1
      }
    );
    const graded = await readJsonl<{ task_id: string; passed: boolean }>(`${path}_results.jsonl`);
    expect(graded.length).toBe(want.lines.length);
    expect(new Map(graded.map((g) => [g.task_id, g.passed]))).toEqual(
      new Map(want.lines.map((l) => [l.task_id, l.passed]))
    );
  }

  // A malformed results file: a sentence naming it, and the table as it was.
  await mkdir(join(dir, 'bad'), { recursive: true });
  await writeFile(join(dir, 'bad', 'results.jsonl'), 'not a result\n{"task_id": 3}\n');
  await openFolder(page, [join(dir, 'bad', 'results.jsonl')]);
  await expect(page.getByRole('alert')).toContainText(
    '“results.jsonl” is not a results file of npm run solve: none of its lines is a result, so nothing was loaded from it.'
  );
  await expect(page.getByRole('alert')).toContainText('“results.jsonl”, line 1 is not JSON');
  await expect(table.getByRole('rowheader')).toHaveText(['direct', 'self-debug']);
  await expect(
    table
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'direct' }) })
      .locator('td[data-col="solved"]')
  ).toContainText(direct.solved);
});

test('/bench at 1280 and 390 px in the dark theme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/bench');
    await openFolder(page, await folderFiles('direct'));
    await openFolder(page, await folderFiles('self-debug'));
    await expect(page.getByRole('table', { name: 'Results per technique' })).toBeVisible();
    await shot(page, `bench-${width}-dark`);
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 5)
        .map((e) => `${e.tagName}.${e.className}`)
    );
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth
    );
    expect(overflow, wide.join(' ')).toBe(0);
  }
  await expectNoSeriousViolations(page, '/bench at 390 px, dark');
});

test('a folder’s files dropped on the page open like picked ones', async ({ page }) => {
  await page.goto('/bench');
  const files = await Promise.all(
    (await folderFiles('direct')).map(async (path) => ({
      name: path.split('/').pop()!,
      text: await readFile(path, 'utf8')
    }))
  );
  const transfer = await page.evaluateHandle((list) => {
    const data = new DataTransfer();
    for (const f of list) data.items.add(new File([f.text], f.name));
    return data;
  }, files);
  const zone = page.getByRole('group', { name: 'Open a solve folder' });
  // The button is enabled once the page is live, so the drop has a handler to reach.
  await expect(zone.getByRole('button', { name: 'Open a solve folder’s files…' })).toBeEnabled();
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
  const want = await expected('direct');
  const row = page
    .getByRole('table', { name: 'Results per technique' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: 'direct', exact: true }) });
  await expect(row.locator('td[data-col="solved"]')).toContainText(want.solved);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('the open button waits until the page is live: a click before that is not lost', async ({
  page
}) => {
  // The app's scripts arrive late, as on a busy machine or a slow network: the server's HTML
  // shows the button before anything can handle a click on it.
  await page.route(/\/_app\/immutable\/.*\.js$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await page.goto('/bench', { waitUntil: 'commit' });
  const chooser = page.waitForEvent('filechooser', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Open a solve folder’s files…' }).click();
  await (await chooser).setFiles(await folderFiles('direct'));
  await expect(
    page.getByRole('table', { name: 'Results per technique' }).getByRole('rowheader', {
      name: 'direct',
      exact: true
    })
  ).toBeVisible();
});
