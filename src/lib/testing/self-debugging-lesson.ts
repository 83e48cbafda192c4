/**
 * The self-debugging lesson as parsed from its folder (Node only: tests). Found by slug, so
 * it keeps working when lessons are renumbered.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseLesson } from '$lib/core/lessons/load';

export function loadSelfDebuggingLesson() {
  const folder = readdirSync('lessons').find((f) => /^\d+-self-debugging$/.test(f));
  if (!folder) throw new Error('no lessons/NN-self-debugging folder');
  const files = Object.fromEntries(
    readdirSync(join('lessons', folder)).map((f) => [
      f,
      readFileSync(join('lessons', folder, f), 'utf8')
    ])
  );
  return parseLesson({ folder, files });
}
