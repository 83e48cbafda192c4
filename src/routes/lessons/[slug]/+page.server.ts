import { error } from '@sveltejs/kit';
import { lessonBySlug, lessonHtml } from '$lib/server/lessons';

export const load = ({ params }) => {
  const lesson = lessonBySlug(params.slug);
  if (!lesson) error(404, `There is no lesson called “${params.slug}”.`);
  return {
    slug: lesson.slug,
    number: lesson.number,
    meta: lesson.meta,
    html: lessonHtml(lesson),
    problem: lesson.problem,
    walkthrough: lesson.walkthrough,
    compare: lesson.compare ?? null,
    runs: lesson.runs
  };
};
