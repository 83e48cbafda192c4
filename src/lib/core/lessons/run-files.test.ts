/** A lesson's run-<name>.yaml files: parsed in file-name order, checked like the rest. */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseLesson, type LessonSource } from './load';
import { lessonRuns } from './runs';

const folder = readdirSync('lessons').find((f) => f.endsWith('-self-debugging')) ?? '';
const dir = join('lessons', folder);
const good: LessonSource = {
  folder,
  files: Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]))
};
const withRun = (file: string, text: string): LessonSource => ({
  ...good,
  files: { ...good.files, [file]: text }
});
const RUN = 'title: Direct\ntechnique: direct\nid: x\nlabel: y\nresponses:\n  - ok\n';

describe('run-<name>.yaml', () => {
  it('a lesson without run files has none', () => {
    expect(parseLesson(good).runs).toEqual([]);
  });

  it('is parsed with its name, title, technique, params and replies, by file name', () => {
    const lesson = parseLesson({
      ...good,
      files: {
        ...good.files,
        'run-zeta.yaml': RUN.replace('Direct', 'Zeta'),
        'run-alpha.yaml': RUN
      }
    });
    expect(lesson.runs.map((r) => [r.name, r.title, r.technique])).toEqual([
      ['alpha', 'Direct', 'direct'],
      ['zeta', 'Zeta', 'direct']
    ]);
    const runs = lessonRuns(lesson);
    expect(runs.map((r) => r.name)).toEqual(['walkthrough', 'alpha', 'zeta']);
    expect(runs[0].title).toBe('Self-debugging with unit-test feedback');
    expect(runs[1].run).toMatchObject({
      technique: 'direct',
      problem: lesson.problem,
      model: { kind: 'scripted', id: 'x', label: 'y', responses: ['ok'] }
    });
  });

  it('names the file and field of a bad run', () => {
    const bad = (file: string, text: string) => () => parseLesson(withRun(file, text));
    expect(bad('run-a.yaml', RUN.replace('technique: direct', 'technique: nope'))).toThrow(
      /run-a\.yaml: field "technique": no technique "nope"/
    );
    expect(bad('run-a.yaml', `${RUN}params: { maxTokens: 1 }\n`)).toThrow(
      /run-a\.yaml \(params\): field "maxTokens"/
    );
    expect(bad('run-a.yaml', RUN.replace('title: Direct\n', ''))).toThrow(
      /run-a\.yaml: field "title"/
    );
    expect(bad('run-a.yaml', `${RUN}extra: 1\n`)).toThrow(/run-a\.yaml: field/);
    expect(bad('run-A.yaml', RUN)).toThrow(/run-A\.yaml: a run file is named run-<name>\.yaml/);
    expect(bad('run-walkthrough.yaml', RUN)).toThrow(/taken by the lesson's walkthrough/);
  });
});
