/**
 * Seed inputs from the model's reply: one call's arguments per line, read as Python literals
 * (never run), checked against the function's signature. Every line that is not a usable
 * input is kept with the reason, for the view.
 */
import { printArguments, tryParseArguments, type PyValue } from '../../problems/literal';
import { arityProblem, type Arity } from './signature';

interface SeedParse {
  seeds: { source: string; args: PyValue[] }[];
  dropped: { source: string; reason: string }[];
}

const FENCE = /```[^\n]*\n([\s\S]*?)```/g;

/** The candidate lines: those of fenced blocks if there are any, else every line. */
function candidateLines(reply: string): string[] {
  const blocks = [...reply.matchAll(FENCE)].map((m) => m[1]);
  const text = blocks.length > 0 ? blocks.join('\n') : reply;
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * Reads `f(1, 2)`, `1, 2`, `- 1, 2` or `1. 1, 2` as the arguments `1, 2`: a call of the entry
 * point is unwrapped, a list marker is dropped. The rest must be literals.
 */
function argumentText(line: string, entryPoint: string): string {
  let text = line.replace(/^(?:[-*•]\s+|\d+[.)]\s+)/, '');
  const call = new RegExp(`^${entryPoint}\\s*\\(([\\s\\S]*)\\)\\s*$`).exec(text);
  if (call) text = call[1];
  return text.trim();
}

export function parseSeeds(
  reply: string,
  entryPoint: string,
  arity: Arity | null,
  max: number
): SeedParse {
  const result: SeedParse = { seeds: [], dropped: [] };
  const seen = new Set<string>();
  for (const line of candidateLines(reply)) {
    const text = argumentText(line, entryPoint);
    const parsed = tryParseArguments(text);
    if (!parsed.ok) {
      result.dropped.push({ source: line, reason: `not a literal: ${parsed.reason}` });
      continue;
    }
    const wrong = arity ? arityProblem(arity, parsed.args.length) : null;
    if (wrong) {
      result.dropped.push({ source: line, reason: `wrong number of arguments: ${wrong}` });
      continue;
    }
    const source = printArguments(parsed.args);
    if (seen.has(source)) {
      result.dropped.push({ source: line, reason: 'the same input again' });
      continue;
    }
    if (result.seeds.length >= max) {
      result.dropped.push({ source: line, reason: `more than the ${max} seeds asked for` });
      continue;
    }
    seen.add(source);
    result.seeds.push({ source, args: parsed.args });
  }
  return result;
}
