/**
 * The pages the service worker keeps at install: the home page, the glossary (every lesson
 * links to it) and every lesson, with each of its language variants (`?lang=…`). Served as `/offline-pages.json`, prerendered at build
 * time, which the worker reads when it installs. The other pages (/compare, /playground,
 * /sandbox, /models, /replay) are kept when first opened: their code is precached anyway, and
 * leaving their HTML out keeps a first visit lighter on a classroom link.
 */

/** What this list needs of a lesson. */
export interface OfflineLesson {
  slug: string;
  /** the languages the lesson offers besides Python */
  variants: Partial<Record<string, unknown>>;
}

/** The addresses of the pages to keep at install. */
export function offlinePages(lessons: readonly OfflineLesson[]): string[] {
  return [
    '/',
    '/glossary',
    ...lessons.flatMap((lesson) => [
      `/lessons/${lesson.slug}`,
      ...Object.keys(lesson.variants).map(
        (language) => `/lessons/${lesson.slug}?lang=${encodeURIComponent(language)}`
      )
    ])
  ];
}
