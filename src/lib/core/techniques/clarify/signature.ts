/**
 * The entry point's signature, read from the problem's prompt: how many positional arguments
 * a call may have. ClarifyGPT drops generated inputs that do not fit it.
 */
import { plural } from '../../text';

export interface Arity {
  /** parameter names in order (positional ones, then `*args` if any) */
  names: string[];
  /** positional parameters without a default */
  min: number;
  /** positional parameters in all; Infinity with *args */
  max: number;
}

/** Splits at top-level `sep` characters, skipping brackets and strings. */
function splitTopLevel(text: string, sep = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') {
        current += c + (text[i + 1] ?? '');
        i++;
        continue;
      }
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === sep && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim());
}

/** The text between the parentheses of `def entry(...)`, or null. */
function parameterText(prompt: string, entryPoint: string): string | null {
  const start = new RegExp(`\\bdef\\s+${entryPoint}\\s*\\(`).exec(prompt);
  if (!start) return null;
  let depth = 1;
  let quote: string | null = null;
  const from = start.index + start[0].length;
  for (let i = from; i < prompt.length; i++) {
    const c = prompt[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return prompt.slice(from, i);
    }
  }
  return null;
}

/** The arity of `entryPoint` as defined in the prompt, or null when the prompt has no `def`. */
export function arityOf(prompt: string, entryPoint: string): Arity | null {
  const text = parameterText(prompt, entryPoint);
  if (text === null) return null;
  const arity: Arity = { names: [], min: 0, max: 0 };
  for (const part of splitTopLevel(text).filter((p) => p !== '')) {
    if (part === '/') continue;
    if (part.startsWith('**')) continue;
    if (part.startsWith('*')) {
      // `*args` takes any number more; a bare `*` ends the positional parameters.
      if (part !== '*') {
        arity.names.push(part.slice(1).split(':')[0].trim());
        arity.max = Infinity;
      }
      break;
    }
    arity.names.push(part.split(/[:=]/)[0].trim());
    arity.max++;
    const hasDefault = splitTopLevel(part, '=').length > 1;
    if (!hasDefault) arity.min++;
  }
  return arity;
}

/** Why `count` arguments do not fit, or null when they do. */
export function arityProblem(arity: Arity, count: number): string | null {
  if (count < arity.min)
    return `it has ${plural(count, 'argument')}; the function needs at least ${arity.min}`;
  if (count > arity.max)
    return `it has ${count} arguments; the function takes at most ${arity.max}`;
  return null;
}
