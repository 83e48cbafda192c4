import { lessons } from '$lib/server/lessons';
import type { LessonLink } from '$lib/core/lessons/contents';

/** The contents menu on every page: the lessons in course order, from the lesson folders. */
export const load = () => ({
  contents: lessons.map((l): LessonLink => ({
    slug: l.slug,
    number: l.number,
    title: l.meta.title
  }))
});
