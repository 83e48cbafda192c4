import { lessons } from '$lib/server/lessons';
import { languageOf } from '$lib/core/problems/languages';

/** The lessons' problems, in every language a lesson offers, as starting points for the form. */
export const load = () => ({
  lessons: lessons.flatMap((l) => [
    { key: l.slug, title: l.meta.title, problem: l.problem },
    ...Object.entries(l.variants).flatMap(([language, variant]) =>
      variant
        ? [
            {
              key: `${l.slug}:${language}`,
              title: `${l.meta.title} (${languageOf(variant.problem.language).name})`,
              problem: variant.problem
            }
          ]
        : []
    )
  ])
});
