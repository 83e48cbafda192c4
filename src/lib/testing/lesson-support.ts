/**
 * Lessons for Node tests, found by slug (folder numbers change as lessons are added).
 * Node only: never imported by app code.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseLessons, type Lesson, type LessonSource } from '$lib/core/lessons/load';

/** The files of one lesson folder under `lessons/`, as the loader takes them. */
export function lessonSource(folder: string): LessonSource {
  const dir = join('lessons', folder);
  return {
    folder,
    files: Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]))
  };
}

export function lessonBySlug(slug: string): Lesson {
  const sources = readdirSync('lessons').map(lessonSource);
  const lesson = parseLessons(sources).find((l) => l.slug === slug);
  if (!lesson) throw new Error(`no lesson with the slug ${slug}`);
  return lesson;
}
