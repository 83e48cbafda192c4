import { lessons } from '$lib/server/lessons';
import { lessonRuns } from '$lib/core/lessons/runs';

/** Every lesson run, so a second run can be the same problem under another technique. */
export const load = () => ({
  scripted: lessons.flatMap((lesson) =>
    lessonRuns(lesson).map(({ title, run }) => ({
      technique: run.technique,
      lesson: lesson.meta.title,
      title,
      run
    }))
  )
});
