/** Zod issues in words for people: a JS-like path and a short reason, never zod's own dump. */
import type { z } from 'zod';

/** Keeps text from outside (a link, a file) short in messages: it may hold anything. */
export const clip = (text: string, max = 40) =>
  text.length > max ? `${text.slice(0, max)}…` : text;

/** `events[3].result.text`, from a zod issue path; 'the run' for the root. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    // Keys can come from the link (unknown fields), so they are clipped like any link text.
    const name = clip(String(key));
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(name)) out += out ? `.${name}` : name;
    else out += `[${JSON.stringify(name)}]`;
  }
  return out || 'the run';
}

const list = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object'
};

/**
 * One short clause, such as `events[3].result.text should be text`, worded here from the issue
 * code rather than taken from zod's messages. Parse with `{ reportInput: true }` so that a
 * missing field can be told from a wrong one.
 */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path);
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return `${where} is missing`;
      return `${where} should be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    }
    case 'unrecognized_keys':
      return `${formatPath([...issue.path, issue.keys[0] ?? '?'])} is an unknown field`;
    case 'too_big':
    case 'too_small': {
      const big = issue.code === 'too_big';
      const limit = big ? `at most ${issue.maximum}` : `at least ${issue.minimum}`;
      if (issue.origin === 'string')
        return `${where} is too ${big ? 'long' : 'short'} (${limit} characters)`;
      if (issue.origin === 'array')
        return `${where} has too ${big ? 'many' : 'few'} items (${limit})`;
      return `${where} is too ${big ? 'large' : 'small'} (${limit})`;
    }
    case 'invalid_value':
      return `${where} has an invalid value (allowed: ${list(issue.values)})`;
    case 'invalid_union': {
      // A discriminated union names its options: then it is the kind (or note type) that is wrong.
      const options = 'options' in issue ? issue.options : undefined;
      if (!options) return `${where} does not match any allowed shape`;
      return `${where} is unknown (allowed: ${list(options)})`;
    }
    case 'invalid_format':
      return `${where} is not in the expected format`;
    default:
      return `${where} has an invalid value`;
  }
}
