/**
 * The pages the service worker keeps for offline use: every page route of the app, with each
 * lesson (and each of its language variants, `?lang=…`) in place of `/lessons/[slug]`. Served
 * as `/offline-pages.json`, prerendered at build time, which the worker reads when it installs.
 */

/** What this list needs of a lesson. */
export interface OfflineLesson {
  slug: string;
  /** the languages the lesson offers besides Python */
  variants: Partial<Record<string, unknown>>;
}

/**
 * Page addresses from the route files (`/src/routes/…/+page.svelte`, as `import.meta.glob`
 * names them) and the lessons. A route with a parameter other than a lesson's slug has no
 * list of values to expand, so it is left out (and said in the docs: it opens online only).
 */
export function offlinePages(routeFiles: readonly string[], lessons: readonly OfflineLesson[]) {
  const pages: string[] = [];
  for (const file of [...routeFiles].sort()) {
    const route =
      file
        .replace(/^\/src\/routes/, '')
        .replace(/\/\+page\.svelte$/, '')
        .replace(/\/\([^)/]+\)/g, '') || '/';
    if (route === '/lessons/[slug]') {
      for (const lesson of lessons) {
        pages.push(`/lessons/${lesson.slug}`);
        for (const language of Object.keys(lesson.variants))
          pages.push(`/lessons/${lesson.slug}?lang=${encodeURIComponent(language)}`);
      }
    } else if (!route.includes('[')) {
      pages.push(route);
    }
  }
  return pages;
}
