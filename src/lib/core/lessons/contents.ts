/** The course's table of contents: what the header menu and previous/next links show. */

export interface LessonLink {
  slug: string;
  number: number;
  title: string;
}

/** The lessons before and after `slug` in course order (null at either end, or if unknown). */
export function neighbours(
  contents: readonly LessonLink[],
  slug: string
): { previous: LessonLink | null; next: LessonLink | null } {
  const i = contents.findIndex((l) => l.slug === slug);
  if (i < 0) return { previous: null, next: null };
  return { previous: contents[i - 1] ?? null, next: contents[i + 1] ?? null };
}

/** "01", "10": lesson numbers as the contents print them. */
export const lessonNumber = (n: number): string => String(n).padStart(2, '0');
