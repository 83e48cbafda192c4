/** Lessons in other languages: `problem.<language>.yaml` and its runs, checked like the rest. */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { lessonSource as folder } from '$lib/testing/lesson-support';
import { parseLesson, parseLessons, type LessonSource } from './load';
import { lessonInLanguage } from './variants';

const debugging = folder('02-self-debugging');
const planning = folder('04-self-planning');
const edit = (source: LessonSource, files: Record<string, string | undefined>): LessonSource => {
  const next = { ...source.files };
  for (const [name, text] of Object.entries(files)) {
    if (text === undefined) delete next[name];
    else next[name] = text;
  }
  return { ...source, files: next };
};

describe('lesson variants in JavaScript', () => {
  it('lessons 2 and 4 come in JavaScript, with the comparison run where the lesson has one', () => {
    const lessons = parseLessons(readdirSync('lessons').map(folder));
    const withJs = lessons.filter((l) => l.variants.javascript).map((l) => l.slug);
    expect(withJs).toEqual(expect.arrayContaining(['self-debugging', 'self-planning']));
    const two = lessons.find((l) => l.slug === 'self-debugging')?.variants.javascript;
    expect(two?.problem).toMatchObject({ language: 'javascript', entryPoint: 'countWindows' });
    expect(two?.baseline).toBeUndefined();
    const four = lessons.find((l) => l.slug === 'self-planning')?.variants.javascript;
    expect(four?.baseline?.technique).toBe('direct');
    // A lesson without variant files has none.
    expect(lessons.find((l) => l.slug === 'mcts')?.variants).toEqual({});
  });

  it('keeps the JavaScript problem to the shape of the Python one: same tests, same count', () => {
    for (const source of [debugging, planning]) {
      const lesson = parseLesson(source);
      const js = lesson.variants.javascript;
      expect(js?.problem.visibleTests.length).toBe(lesson.problem.visibleTests.length);
      expect(js?.problem.hiddenTests.length).toBe(lesson.problem.hiddenTests.length);
      expect(js?.walkthrough.responses.length).toBe(lesson.walkthrough.responses.length);
    }
  });

  it('names the file and field of a broken variant', () => {
    const bad = (files: Record<string, string | undefined>) => () =>
      parseLesson(edit(debugging, files));
    expect(
      bad({
        'problem.javascript.yaml': debugging.files['problem.javascript.yaml'].replace(
          'language: javascript',
          'language: python'
        )
      })
    ).toThrow(/problem\.javascript\.yaml: field "language": must be javascript in this file/);
    expect(bad({ 'walkthrough.javascript.yaml': undefined })).toThrow(
      /02-self-debugging\/walkthrough\.javascript\.yaml: file is missing/
    );
    expect(bad({ 'walkthrough.javascript.yaml': 'id: x\nlabel: y\nresponses: []\n' })).toThrow(
      /walkthrough\.javascript\.yaml: field "responses"/
    );
    expect(bad({ 'problem.ruby.yaml': 'id: x\n' })).toThrow(
      /problem\.ruby\.yaml: no language "ruby" \(javascript, typescript\)/
    );
    expect(bad({ 'walkthrough.typescript.yaml': 'id: x\n' })).toThrow(
      /walkthrough\.typescript\.yaml: needs problem\.typescript\.yaml beside it/
    );
    expect(() => parseLesson(edit(planning, { 'baseline.javascript.yaml': undefined }))).toThrow(
      /04-self-planning\/baseline\.javascript\.yaml: file is missing \(the lesson has baseline\.yaml/
    );
  });

  it('refuses two problems with the same id', () => {
    const copy = edit(debugging, {
      'problem.javascript.yaml': debugging.files['problem.javascript.yaml'].replace(
        'id: count-windows-js',
        'id: busy-periods-js'
      )
    });
    expect(() => parseLessons([copy, planning])).toThrow(
      /problem\.javascript\.yaml: has the same problem id "busy-periods-js" as 02-self-debugging\/problem\.javascript\.yaml/
    );
  });
});

describe('lessonInLanguage', () => {
  const lesson = parseLesson(debugging);
  it('gives the JavaScript runs for ?lang=javascript and lists the languages for the switch', () => {
    const js = lessonInLanguage(lesson, 'javascript');
    expect(js.language).toBe('javascript');
    expect(js.problem.id).toBe('count-windows-js');
    expect(js.walkthrough.id).toBe('scripted/self-debugging-01-js');
    expect(js.languages).toEqual([
      { id: 'python', name: 'Python' },
      { id: 'javascript', name: 'JavaScript' }
    ]);
    expect(js.notice).toBe('');
  });

  it('falls back to Python, saying so when the link asked for a language it lacks', () => {
    expect(lessonInLanguage(lesson, null)).toMatchObject({ language: 'python', notice: '' });
    expect(lessonInLanguage(lesson, 'python').problem.id).toBe('count-windows');
    expect(lessonInLanguage(lesson, 'typescript').notice).toBe(
      'This lesson has no TypeScript version yet; it is shown in Python.'
    );
    expect(lessonInLanguage(lesson, 'cobol').notice).toBe(
      'This lesson has no “cobol” version yet; it is shown in Python.'
    );
  });
});
