import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseLesson, parseLessons, type LessonSource } from './load';

function folder(name: string): LessonSource {
  const dir = join('lessons', name);
  return {
    folder: name,
    files: Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]))
  };
}

const good = folder('02-self-debugging');
const withFile = (file: string, text: string): LessonSource => ({
  ...good,
  files: { ...good.files, [file]: text }
});

describe('lessons', () => {
  it('every lesson in lessons/ parses', () => {
    const all = parseLessons(readdirSync('lessons').map(folder));
    expect(all.map((l) => l.slug)).toContain('self-debugging');
    expect(all[0].problem.visibleTests.length).toBeGreaterThan(0);
  });

  it('names the file and the field of a bad problem', () => {
    const text = good.files['problem.yaml'].replace(
      'entryPoint: count_windows',
      'entryPoint: 3 bad'
    );
    expect(() => parseLesson(withFile('problem.yaml', text))).toThrow(
      /02-self-debugging\/problem\.yaml: field "entryPoint"/
    );
  });

  it('names a nested field of a bad walkthrough', () => {
    expect(() =>
      parseLesson(withFile('walkthrough.yaml', 'id: x\nlabel: y\nresponses:\n  - ok\n  - 7\n'))
    ).toThrow(/walkthrough\.yaml: field "responses\[1\]"/);
  });

  it('rejects a typo in the front matter and unknown techniques', () => {
    const md = good.files['lesson.md'];
    expect(() => parseLesson(withFile('lesson.md', md.replace('summary:', 'sumary:')))).toThrow(
      /lesson\.md: field/
    );
    expect(() =>
      parseLesson(withFile('lesson.md', md.replace('technique: self-debug', 'technique: nope')))
    ).toThrow(/lesson\.md: field "technique": no technique "nope"/);
    expect(() =>
      parseLesson(withFile('lesson.md', md.replace('maxTurns: 4', 'maxTurns: 99')))
    ).toThrow(/lesson\.md \(params\): field "maxTurns"/);
  });

  it('names the file and the field when "How this differs from the paper" is missing or bad', () => {
    const md = good.files['lesson.md'];
    const without = md.replace(/^differs:\n(?: {2}- .*\n)+/m, '');
    expect(without).not.toBe(md);
    expect(() => parseLesson(withFile('lesson.md', without))).toThrow(
      /02-self-debugging\/lesson\.md: field "differs" is missing/
    );
    const tooLong = md.replace(/^differs:\n/m, `differs:\n  - ${'x'.repeat(301)}\n`);
    expect(() => parseLesson(withFile('lesson.md', tooLong))).toThrow(
      /lesson\.md: field "differs\[0\]"/
    );
  });

  it('names the file and field of a broken scripted choice', () => {
    // lesson 2 is self-debugging: its knobs are maxTurns, feedback, …
    const walk = (choose: string) =>
      parseLesson(withFile('walkthrough.yaml', `id: x\nlabel: y\nresponses: [a]\n${choose}`));
    const knobCase = (when: string) =>
      `    - { name: n, when: ${when}, expect: solved, responses: [b] }\n`;
    // a choice by answer with no case for anything else
    expect(() =>
      walk(
        'choose:\n  by: answer\n  cases:\n' +
          '    - { name: a, when: [x], example: x, expect: solved, responses: [b] }\n' +
          '    - { name: b, when: [y], example: y, expect: solved, responses: [b] }\n'
      )
    ).toThrow(/walkthrough\.yaml: field "choose\.cases"/);
    // a case without its verdict
    expect(() =>
      walk(
        'choose:\n  by: param:feedback\n  cases:\n    - { name: n, when: trace, responses: [b] }\n' +
          knobCase('simple')
      )
    ).toThrow(/walkthrough\.yaml: field "choose\.cases\[0\]\.expect"/);
    // a knob the technique does not have, a value it does not take, a value left out
    expect(() =>
      walk('choose:\n  by: param:colour\n  cases:\n' + knobCase('red') + knobCase('blue'))
    ).toThrow(/walkthrough\.yaml: field "choose\.by": the technique has no knob "colour"/);
    expect(() =>
      walk('choose:\n  by: param:feedback\n  cases:\n' + knobCase('trace') + knobCase('loud'))
    ).toThrow(/field "choose\.cases\[1\]\.when": "loud" is not a value of feedback/);
    expect(() =>
      walk('choose:\n  by: param:feedback\n  cases:\n' + knobCase('trace') + knobCase('simple'))
    ).toThrow(/field "choose\.cases": no case for feedback = unit-test, explanation, and no case/);
    expect(() =>
      walk('choose:\n  by: param:maxTurns\n  cases:\n' + knobCase('2') + knobCase('3'))
    ).toThrow(/maxTurns can take many values, so the last case needs no "when"/);
    // every value covered: fine
    expect(
      walk(
        'choose:\n  by: param:feedback\n  cases:\n' +
          ['trace', 'simple', 'unit-test', 'explanation'].map(knobCase).join('')
      ).walkthrough.choose?.cases
    ).toHaveLength(4);
  });

  it('names the lesson that links a glossary term the glossary lacks', () => {
    const md = good.files['lesson.md'] + '\nSee [tokens](glossary:tokenz).\n';
    expect(() => parseLesson(withFile('lesson.md', md))).toThrow(
      /02-self-debugging\/lesson\.md: links the glossary term "tokenz", which the glossary does not have/
    );
    expect(() =>
      parseLesson(withFile('lesson.md', good.files['lesson.md'] + '\n[t](glossary:token)\n'))
    ).not.toThrow();
  });

  it('every lesson but the last says why the next one exists', () => {
    const all = readdirSync('lessons').map(folder);
    const second = all.find((l) => l.folder === '02-self-debugging')!;
    const md = second.files['lesson.md'].replace(/^next: .*\n/m, '');
    expect(md).not.toBe(second.files['lesson.md']);
    const broken = all.map((l) =>
      l === second ? { ...l, files: { ...l.files, 'lesson.md': md } } : l
    );
    expect(() => parseLessons(broken)).toThrow(
      /02-self-debugging\/lesson\.md: field "next": missing/
    );
    const lessons = parseLessons(all);
    expect(lessons.at(-1)?.meta.next).toBeUndefined();
    expect(lessons.slice(0, -1).every((l) => l.meta.next)).toBe(true);
  });

  it('reports broken YAML and a missing file', () => {
    expect(() => parseLesson(withFile('problem.yaml', 'id: [unclosed'))).toThrow(
      /problem\.yaml: not valid YAML/
    );
    const { 'walkthrough.yaml': _, ...rest } = good.files;
    expect(() => parseLesson({ folder: good.folder, files: rest })).toThrow(
      /walkthrough\.yaml: file is missing/
    );
  });
});
