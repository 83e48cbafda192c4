/** Which language of a lesson a page shows: Python, or a variant asked for with `?lang=`. */
import { LanguageSchema, languageOf, type Language } from '../problems/languages';
import type { Problem } from '../problems/problem';
import type { Lesson } from './load';
import type { Baseline, Walkthrough } from './schema';

export interface LessonInLanguage {
  language: Language;
  problem: Problem;
  walkthrough: Walkthrough;
  baseline?: Baseline;
  /** every language the lesson comes in, Python first, for the switch */
  languages: { id: Language; name: string }[];
  /** a sentence when the language asked for is not offered ('' otherwise) */
  notice: string;
}

/** The lesson's runs in `asked` (a `?lang=` value; null or unknown means Python). */
export function lessonInLanguage(lesson: Lesson, asked: string | null): LessonInLanguage {
  const offered = Object.keys(lesson.variants) as Exclude<Language, 'python'>[];
  const languages = (['python', ...offered] as Language[]).map((id) => ({
    id,
    name: languageOf(id).name
  }));
  const variant = offered.find((l) => l === asked);
  const found = variant && lesson.variants[variant];
  if (variant && found) {
    const { problem, walkthrough, baseline } = found;
    return { language: variant, problem, walkthrough, baseline, languages, notice: '' };
  }
  const known = asked !== null && asked !== 'python';
  return {
    language: 'python',
    problem: lesson.problem,
    walkthrough: lesson.walkthrough,
    baseline: lesson.baseline,
    languages,
    notice: known ? `This lesson has no ${nameOf(asked)} version yet; it is shown in Python.` : ''
  };
}

const nameOf = (asked: string) => {
  const known = LanguageSchema.safeParse(asked);
  return known.success ? languageOf(known.data).name : `“${asked.slice(0, 40)}”`;
};
