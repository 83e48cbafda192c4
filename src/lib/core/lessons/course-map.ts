/**
 * The course map's axes, kept apart from the lesson schema so the home page can draw the map
 * without loading the schema's validator.
 */

/** Where a technique's signal comes from, the course map's rows. */
export const COURSE_SIGNALS = ['examples', 'nothing', 'user', 'own-tests'] as const;
/** How a technique spends more compute, the course map's columns. */
export const COURSE_SPENDS = ['depth', 'width', 'choice', 'caps'] as const;
