/**
 * One pasted JSONL line as a problem: a HumanEval line (`prompt`, `entry_point`, `test`) or an
 * MBPP line (`text` or `prompt`, `code`, `test_list`), told apart by their fields. Never
 * throws; a line that cannot be used gets a sentence saying why.
 */
import { fromHumanEval, SolveProblemSchema } from '../problems/from-humaneval';
import { fromMbpp, MbppLineSchema } from '../problems/from-mbpp';
import { isCallCase, type Problem } from '../problems/problem';

export type LineFormat = 'humaneval' | 'mbpp';

export type ImportedLine =
  { ok: true; problem: Problem; format: LineFormat; note: string } | { ok: false; reason: string };

const refuse = (reason: string): ImportedLine => ({ ok: false, reason });

export function importProblemLine(text: string): ImportedLine {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return refuse('Paste one line of a HumanEval or MBPP .jsonl file.');
  if (lines.length > 1)
    return refuse(`Paste one line at a time: this text has ${lines.length} lines.`);
  let data: unknown;
  try {
    data = JSON.parse(lines[0]);
  } catch (error) {
    return refuse(`This is not a JSON line (${(error as Error).message}).`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return refuse('A problem line is one JSON object: {"task_id": …, …}.');
  if ('test_list' in data) {
    const line = MbppLineSchema.safeParse(data);
    if (!line.success)
      return refuse(`This MBPP line cannot be read: ${line.error.issues[0].message}.`);
    const converted = fromMbpp(line.data);
    if (!converted.ok) return refuse(`This MBPP line cannot be used: ${converted.reason}.`);
    const checks = converted.problem.hiddenTests.filter((t) => !isCallCase(t)).length;
    return {
      ok: true,
      problem: converted.problem,
      format: 'mbpp',
      note:
        'Read as MBPP: the first plain assert is the example the model sees; all asserts grade ' +
        `the answer${checks > 0 ? ' (the ones that are not plain calls run as a check in the sandbox)' : ''}.`
    };
  }
  if ('entry_point' in data || 'test' in data) {
    const line = SolveProblemSchema.safeParse(data);
    if (!line.success)
      return refuse(`This HumanEval line cannot be read: ${line.error.issues[0].message}.`);
    const converted = fromHumanEval(line.data);
    if (!converted.ok) return refuse(`This HumanEval line cannot be used: ${converted.reason}.`);
    return {
      ok: true,
      problem: converted.problem,
      format: 'humaneval',
      note:
        'Read as HumanEval: the examples come from ' +
        (converted.examples === 'docstring' ? 'the docstring' : 'its "visible_tests"') +
        '; its "test" is the hidden check.'
    };
  }
  return refuse(
    'This line is neither HumanEval (prompt, entry_point, test) nor MBPP (text, code, test_list).'
  );
}
