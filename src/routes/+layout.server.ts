import { lessons } from '$lib/server/lessons';
import type { LessonLink } from '$lib/core/lessons/contents';

/**
 * The contents menu on every page: the lessons in course order, from the lesson folders; and
 * the learner's theme (from its cookie, hooks.server.ts), so the toggle's label is right in
 * the first paint too.
 */
export const load = ({ locals }) => ({
  contents: lessons.map((l): LessonLink => ({
    slug: l.slug,
    number: l.number,
    title: l.meta.title
  })),
  theme: locals.theme
});
