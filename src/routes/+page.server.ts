import { lessons } from '$lib/server/lessons';

export const load = () => ({
  lessons: lessons.map((l) => ({
    slug: l.slug,
    number: l.number,
    title: l.meta.title,
    summary: l.meta.summary,
    map: l.meta.map ?? null,
    /** the prediction points' answer keys, for the home page's count of right predictions */
    predict: (l.meta.predict ?? []).map(({ before, answer }) => ({ before, answer }))
  }))
});
