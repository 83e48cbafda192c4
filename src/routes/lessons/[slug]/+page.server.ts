import { error } from '@sveltejs/kit';
import { lessonBySlug, lessonHtml } from '$lib/server/lessons';
import { lessonInLanguage } from '$lib/core/lessons/variants';

export const load = ({ params, url }) => {
  const lesson = lessonBySlug(params.slug);
  if (!lesson) error(404, `There is no lesson called “${params.slug}”.`);
  const chosen = lessonInLanguage(lesson, url.searchParams.get('lang'));
  return {
    slug: lesson.slug,
    number: lesson.number,
    meta: lesson.meta,
    html: lessonHtml(lesson),
    problem: chosen.problem,
    walkthrough: chosen.walkthrough,
    baseline: chosen.baseline ?? null,
    language: chosen.language,
    languages: chosen.languages,
    notice: chosen.notice,
    runs: lesson.runs
  };
};
