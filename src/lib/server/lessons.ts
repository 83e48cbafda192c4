/**
 * Lessons from `lessons/NN-slug/`, bundled at build time and checked with the lesson schema.
 * Only server code imports this: the YAML parser and Markdown renderer stay off the client.
 */
import { marked } from 'marked';
import { parseLessons, type Lesson } from '$lib/core/lessons/load';

const raw = import.meta.glob('/lessons/*/*.{md,yaml}', {
  query: '?raw',
  import: 'default',
  eager: true
}) as Record<string, string>;

function sources() {
  const byFolder = new Map<string, Record<string, string>>();
  for (const [path, text] of Object.entries(raw)) {
    const [, , folder, file] = path.split('/');
    const files = byFolder.get(folder) ?? {};
    files[file] = text;
    byFolder.set(folder, files);
  }
  return [...byFolder].map(([folder, files]) => ({ folder, files }));
}

export const lessons: Lesson[] = parseLessons(sources());

export function lessonBySlug(slug: string): Lesson | undefined {
  return lessons.find((l) => l.slug === slug);
}

/** Lesson text as HTML. The text is the lesson author's, written in this repository. */
export function lessonHtml(lesson: Lesson): string {
  return marked.parse(lesson.body, { async: false });
}
