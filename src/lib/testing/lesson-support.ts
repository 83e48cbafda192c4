/**
 * Lessons for Node tests, found by slug (folder numbers change as lessons are added).
 * Node only: never imported by app code.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseLessons, type Lesson } from '$lib/core/lessons/load';

export function lessonBySlug(slug: string): Lesson {
  const sources = readdirSync('lessons').map((folder) => ({
    folder,
    files: Object.fromEntries(
      readdirSync(join('lessons', folder)).map((f) => [
        f,
        readFileSync(join('lessons', folder, f), 'utf8')
      ])
    )
  }));
  const lesson = parseLessons(sources).find((l) => l.slug === slug);
  if (!lesson) throw new Error(`no lesson with the slug ${slug}`);
  return lesson;
}
