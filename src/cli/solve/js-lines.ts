/**
 * JavaScript and TypeScript lines in a problems file (HumanEval-X, MultiPL-E): which lines they
 * are, and each as a task. The other lines stay HumanEval's (Python) and are read as before.
 */
import { problemFromJsLine } from '../../lib/core/problems/from-js';
import type { Task } from './inputs';

const JS_LANGUAGES = new Set(['js', 'javascript', 'ts', 'typescript']);

/**
 * True when a line is a JavaScript/TypeScript problem: MultiPL-E says so in `language` (and has
 * `tests`, not `test`); HumanEval-X's task ids start with `JavaScript/`.
 */
export function isJsLine(raw: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return false;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const line = value as Record<string, unknown>;
  const language = typeof line.language === 'string' ? line.language.toLowerCase() : '';
  const taskId = typeof line.task_id === 'string' ? line.task_id : '';
  return JS_LANGUAGES.has(language) || /^(?:JavaScript|TypeScript)\//i.test(taskId);
}

/** One JavaScript line as a task (skipped with the reason when it cannot be used). */
export function jsTask(raw: string): Task {
  const value = JSON.parse(raw) as Record<string, unknown>;
  const named = value.task_id ?? value.name;
  const taskId = typeof named === 'string' ? named : '';
  const result = problemFromJsLine(raw);
  return 'error' in result
    ? { taskId, problem: null, reason: result.error.replace(/\.$/, ''), prompt: null }
    : { taskId, problem: result.problem, reason: '', prompt: null };
}
