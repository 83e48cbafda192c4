import { lessons } from '$lib/server/lessons';

/** The lessons' problems, as starting points for the form. */
export const load = () => ({
  lessons: lessons.map((l) => ({ slug: l.slug, title: l.meta.title, problem: l.problem }))
});
