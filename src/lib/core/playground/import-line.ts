/**
 * One pasted JSONL line as a problem: a HumanEval line (`prompt`, `entry_point`, `test`), an
 * MBPP line (`text` or `prompt`, `code`, `test_list`), or a JavaScript/TypeScript line of
 * HumanEval-X (`task_id` "JavaScript/…") or MultiPL-E (`language`, `tests`), told apart by their
 * fields. Never throws; a line that cannot be used gets a sentence saying why.
 */
import { fromHumanEval, SolveProblemSchema } from '../problems/from-humaneval';
import { jsEntryPoint, problemFromJsLine } from '../problems/from-js';
import { fromMbpp, MbppLineSchema } from '../problems/from-mbpp';
import { languageOf } from '../problems/languages';
import { isCallCase, type Problem } from '../problems/problem';

type LineFormat = 'humaneval' | 'mbpp' | 'humaneval-x' | 'multipl-e';

/**
 * A line of a JavaScript (or other non-Python) dataset: MultiPL-E names its language and calls
 * its test "tests"; HumanEval-X's JavaScript task ids start with "JavaScript/"; failing both, a
 * prompt that declares a JavaScript function and no Python one.
 */
function isJsLine(data: Record<string, unknown>): boolean {
  const language = typeof data.language === 'string' ? data.language.toLowerCase() : null;
  if (language !== null) return language !== 'py' && language !== 'python';
  if (typeof data.task_id === 'string' && /^(JavaScript|TypeScript)\//i.test(data.task_id))
    return true;
  if ('tests' in data && !('test' in data)) return true;
  const prompt = typeof data.prompt === 'string' ? data.prompt : '';
  return !/^\s*def\s/m.test(prompt) && jsEntryPoint(prompt) !== null;
}

const EXAMPLES_FROM = {
  visible_tests: 'its "visible_tests"',
  example_test: 'its "example_test"',
  'doc comment': 'the doc comment'
};

function importJsLine(line: string, data: Record<string, unknown>): ImportedLine {
  const read = problemFromJsLine(line);
  if ('error' in read) return refuse(read.error);
  const multiPlE = 'tests' in data && !('test' in data);
  return {
    ok: true,
    problem: read.problem,
    format: multiPlE ? 'multipl-e' : 'humaneval-x',
    note:
      `Read as ${multiPlE ? 'MultiPL-E' : 'HumanEval-X'} ${languageOf(read.problem.language).name}: ` +
      `the examples come from ${EXAMPLES_FROM[read.examples]}; its "${multiPlE ? 'tests' : 'test'}" ` +
      'is the hidden check.'
  };
}

type ImportedLine =
  { ok: true; problem: Problem; format: LineFormat; note: string } | { ok: false; reason: string };

const refuse = (reason: string): ImportedLine => ({ ok: false, reason });

export function importProblemLine(text: string): ImportedLine {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0)
    return refuse('Paste one line of a HumanEval, MBPP, HumanEval-X or MultiPL-E .jsonl file.');
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
  if (isJsLine(data as Record<string, unknown>))
    return importJsLine(lines[0], data as Record<string, unknown>);
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
    'This line is neither HumanEval (prompt, entry_point, test), MBPP (text, code, test_list), ' +
      'HumanEval-X JavaScript (task_id "JavaScript/…", prompt, test) nor MultiPL-E (language, ' +
      'prompt, tests).'
  );
}
