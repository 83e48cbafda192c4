/**
 * A zod issue as one plain sentence for a lesson author: the field (its path), what is wrong
 * with it, what it holds now, and what the field is for (the schema's `.describe()` text).
 */
import type { z } from 'zod';

/** `a.b[2].c` from a zod issue path. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`))
    .join('');
}

/** The value at `path` inside `value`, or undefined when the path leaves it. */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let here = value;
  for (const key of path) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<PropertyKey, unknown>)[key];
  }
  return here;
}

/** What a YAML value is, in words: `the text "abc"`, `the number 9`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'empty';
  if (typeof value === 'string') {
    const text = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `the text ${JSON.stringify(text)}`;
  }
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the value ${value}`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return 'a mapping of fields';
}

const KIND: Record<string, string> = {
  string: 'a text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of fields',
  record: 'a mapping of fields'
};

interface Walkable {
  description?: string;
  shape?: Record<string, Walkable>;
  element?: Walkable;
  options?: Walkable[];
  unwrap?: () => Walkable;
}

/** The `.describe()` text of the field at `path` in `schema`, if the schema says one. */
function descriptionAt(schema: z.ZodType, path: readonly PropertyKey[]): string | undefined {
  let here: Walkable | undefined = schema as unknown as Walkable;
  for (const key of path) {
    while (here?.unwrap && !here.shape && !here.element) here = here.unwrap();
    const named = (w?: Walkable) => w?.shape?.[String(key)];
    here =
      typeof key === 'number'
        ? here?.element
        : (named(here) ?? named(here?.options?.find((o) => named(o))));
    if (!here) return undefined;
  }
  return here?.description;
}

function limit(issue: z.core.$ZodIssue & { code: 'too_big' | 'too_small' }): string {
  const big = issue.code === 'too_big';
  const bound = big ? issue.maximum : issue.minimum;
  const exclusive = !issue.inclusive;
  const word = big ? (exclusive ? 'below' : 'at most') : exclusive ? 'above' : 'at least';
  if (issue.origin === 'string')
    return !big && Number(bound) === 1
      ? 'must not be empty'
      : `must be ${word} ${bound} characters`;
  if (issue.origin === 'array') return `must have ${word} ${bound} items`;
  return `must be ${word} ${bound}`;
}

/** One sentence (no file name) for the first problem zod found in `value`. */
export function issueSentence(
  schema: z.ZodType,
  value: unknown,
  issues: readonly z.core.$ZodIssue[]
): string {
  // A union (a hidden test is a call or a check): report the option that came closest.
  const union = issues[0].code === 'invalid_union' ? issues[0] : null;
  if (union && union.errors.length) {
    const closest = union.errors.reduce((a, b) => (b.length < a.length ? b : a));
    if (closest.length)
      return issueSentence(
        schema,
        value,
        closest.map((i) => ({ ...i, path: [...union.path, ...i.path] }))
      );
  }
  // A misspelt field shows up twice, missing and unknown: name both in one sentence.
  const unknown = issues.find((i) => i.code === 'unrecognized_keys');
  const issue = issues.find((i) => i !== unknown) ?? issues[0];
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
  const got = valueAt(value, issue.path);
  const what = path.length ? `field "${issuePath(path)}"` : 'the file';
  let sentence: string;
  switch (issue.code) {
    case 'unrecognized_keys':
      sentence = `${what} is not a field of this file (check its spelling)`;
      break;
    case 'invalid_type':
      sentence =
        got === undefined
          ? `${what} is missing`
          : `${what} must be ${KIND[issue.expected] ?? issue.expected}, not ${describeValue(got)}`;
      break;
    case 'too_big':
    case 'too_small':
      sentence = `${what} ${limit(issue)}; it is ${describeValue(got)}`;
      break;
    case 'invalid_value':
      sentence = `${what} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}; it is ${describeValue(got)}`;
      break;
    case 'invalid_format':
      sentence = `${what} is not in the expected format${issue.format === 'regex' && 'pattern' in issue ? ` ${String(issue.pattern)}` : ''}; it is ${describeValue(got)}`;
      break;
    default:
      sentence = `${what}: ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`;
  }
  const about = issue.code === 'unrecognized_keys' ? undefined : descriptionAt(schema, path);
  const also =
    unknown && unknown !== issue
      ? `; and ${unknown.keys.map((k) => `"${k}"`).join(', ')} is not a field of this file (check its spelling)`
      : '';
  const rest = issues.length - 1 - (also ? 1 : 0);
  const more = rest > 0 ? ` The file has ${rest} more problem(s).` : '';
  return `${sentence}${about ? ` (${about})` : ''}${also}.${more}`;
}
