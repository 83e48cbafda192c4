/** The optional baseline.yaml of a lesson: parsed when present, checked like the rest. */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseLesson, type LessonSource } from './load';

const folder = readdirSync('lessons').find((f) => f.endsWith('-self-planning')) ?? '';
const dir = join('lessons', folder);
const good: LessonSource = {
  folder,
  files: Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]))
};
const withCompare = (text: string): LessonSource => ({
  ...good,
  files: { ...good.files, 'baseline.yaml': text }
});
const REPLY = 'id: x\nlabel: y\nresponses:\n  - ok\n';

describe('baseline.yaml', () => {
  it('is parsed with its technique, params and replies', () => {
    const lesson = parseLesson(good);
    expect(lesson.baseline).toMatchObject({ technique: 'direct', params: {} });
    expect(lesson.baseline?.responses).toHaveLength(1);
  });

  it('is optional', () => {
    const { 'baseline.yaml': _, ...files } = good.files;
    expect(parseLesson({ ...good, files }).baseline).toBeUndefined();
  });

  it('names the file and field of a bad comparison', () => {
    expect(() => parseLesson(withCompare(`technique: nope\n${REPLY}`))).toThrow(
      /baseline\.yaml: field "technique": no technique "nope"/
    );
    expect(() =>
      parseLesson(withCompare(`technique: direct\nparams: { maxTokens: 1 }\n${REPLY}`))
    ).toThrow(/baseline\.yaml \(params\): field "maxTokens"/);
    expect(() => parseLesson(withCompare(`technique: direct\nid: x\nlabel: y\n`))).toThrow(
      /baseline\.yaml: field "responses"/
    );
    expect(() => parseLesson(withCompare(`technique: direct\nextra: 1\n${REPLY}`))).toThrow(
      /baseline\.yaml: field/
    );
  });
});
