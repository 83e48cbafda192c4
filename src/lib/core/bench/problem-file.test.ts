/**
 * Problems files for a run in the page, from the hand-written fixtures (our own problems in
 * HumanEval's and MBPP's shapes, with lines that cannot be used among them).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_PROBLEMS } from './plan';
import { readProblemsFile } from './problem-file';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('readProblemsFile', () => {
  it('reads HumanEval lines and lists the ones it cannot use', () => {
    const reading = readProblemsFile(fixture('lab-humaneval.jsonl'), 'lab-humaneval.jsonl');
    expect(reading.ok).toBe(true);
    if (!reading.ok) return;
    expect(reading.problems.map((p) => [p.taskId, p.problem.id, p.problem.entryPoint])).toEqual([
      ['Lab/0', 'lab-0', 'double_all'],
      ['Lab/1', 'lab-1', 'count_words']
    ]);
    expect(reading.problems[0].problem.reference).toContain('return [2 * x for x in xs]');
    expect(reading.skipped).toHaveLength(2);
    expect(reading.skipped[0]).toMatch(/^line 3: .*entry_point/);
    expect(reading.skipped[1]).toMatch(/^line 4: This is not a JSON line/);
  });

  it('reads MBPP lines (text, code, test_list, task_id)', () => {
    const reading = readProblemsFile(fixture('lab-mbpp.jsonl'), 'lab-mbpp.jsonl');
    expect(reading.ok).toBe(true);
    if (!reading.ok) return;
    expect(reading.problems.map((p) => [p.taskId, p.problem.entryPoint])).toEqual([
      ['701', 'max_of_three'],
      ['702', 'reverse_text']
    ]);
    const [max] = reading.problems;
    expect(max.problem.visibleTests).toEqual([{ input: '1, 5, 3', expected: '5' }]);
    expect(max.problem.hiddenTests).toHaveLength(3);
    expect(reading.skipped).toEqual([expect.stringMatching(/^line 3: .*test_list.*empty/)]);
  });

  it('refuses a file that is not JSONL in one sentence', () => {
    const reading = readProblemsFile('task_id,prompt\nLab/0,"def f(): pass"\n', 'problems.csv');
    expect(reading).toEqual({
      ok: false,
      message: expect.stringMatching(/^“problems\.csv” is not a JSONL problems file/)
    });
    expect(readProblemsFile('[{"task_id": 1}]', 'a.json').ok).toBe(false);
    expect(readProblemsFile('\n\n', 'empty.jsonl')).toEqual({
      ok: false,
      message: '“empty.jsonl” is empty.'
    });
  });

  it('says so when no line can run', () => {
    const reading = readProblemsFile('{"task_id": 1}\n', 'odd.jsonl');
    expect(reading).toEqual({
      ok: false,
      message: expect.stringMatching(
        /^No line of “odd\.jsonl” is a problem this page can run\. line 1: /
      )
    });
  });

  it('skips a repeated task id and keeps at most MAX_PROBLEMS', () => {
    const line = fixture('lab-mbpp.jsonl').split('\n')[0];
    const lines = Array.from({ length: MAX_PROBLEMS + 3 }, (_, i) =>
      line.replace('"task_id": 701', `"task_id": ${1000 + i}`)
    );
    lines.splice(1, 0, line.replace('"task_id": 701', '"task_id": 1000'));
    const reading = readProblemsFile(lines.join('\n'), 'big.jsonl');
    expect(reading.ok).toBe(true);
    if (!reading.ok) return;
    expect(reading.problems).toHaveLength(MAX_PROBLEMS);
    expect(reading.skipped).toEqual([
      `3 more problems after the first ${MAX_PROBLEMS} were left out: a run takes at most ${MAX_PROBLEMS}.`,
      'line 2: its task id “1000” is that of line 1 too.'
    ]);
  });
});
