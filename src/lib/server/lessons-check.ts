/**
 * The build-time check of the lessons folder: every lesson parsed with the app's own loader
 * before Vite bundles anything, so a broken lesson stops `vite build` with one sentence that
 * names the file and the field, instead of a stack trace from the server bundle.
 *
 * `vite.config.ts` loads this module through Vite's module runner (see `lessonsCheck` there),
 * so the config itself imports no TypeScript module graph.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LessonError, parseLessons, type Lesson, type LessonSource } from '../core/lessons/load';

/** The lesson folders under `dir`, with the files the app bundles (`*.md`, `*.yaml`). */
export function readLessonSources(dir: string): LessonSource[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map(({ name: folder }) => ({
      folder,
      files: Object.fromEntries(
        readdirSync(join(dir, folder))
          .filter((file) => /\.(md|yaml)$/.test(file))
          .map((file) => [file, readFileSync(join(dir, folder, file), 'utf8')])
      )
    }));
}

/** Parse every lesson of `dir`; a broken one throws an Error whose message is the path and why. */
export function checkLessonsDir(dir: string): Lesson[] {
  try {
    return parseLessons(readLessonSources(dir));
  } catch (error) {
    if (!(error instanceof LessonError)) throw error;
    const broken = new Error(`${join(dir, error.file)}: ${error.detail}`);
    broken.name = 'BrokenLesson';
    throw broken;
  }
}
