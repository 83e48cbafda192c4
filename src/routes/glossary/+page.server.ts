import { lessons } from '$lib/server/lessons';
import { GLOSSARY, GLOSSARY_LINK } from '$lib/core/lessons/glossary';

/** The same for everyone: written once at build time. */
export const prerender = true;

/** Every term, with the lessons whose text links it. */
export const load = () => ({
  terms: GLOSSARY.map((term) => ({
    ...term,
    lessons: lessons
      .filter((l) => [...l.body.matchAll(GLOSSARY_LINK)].some((m) => m[1] === term.id))
      .map((l) => ({ slug: l.slug, number: l.number, title: l.meta.title }))
  }))
});
