/**
 * The build-time lesson check on real folders: copies of our lessons, each broken in one way,
 * read from a temporary directory by the same code the build runs. Each message must name
 * the file and the field and say what is wrong in one sentence. Last, `vite build` itself is
 * pointed at a broken folder (LESSONS_DIR) and must stop with that sentence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { checkLessonsDir } from './lessons-check';

const LESSON = readdirSync('lessons').find((f) => f.endsWith('-self-debugging')) ?? '';
const PLANNING = readdirSync('lessons').find((f) => f.endsWith('-self-planning')) ?? '';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'acl-lessons-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A lessons folder `name` holding copies of our lesson `folders`; returns its path. */
function copyLessons(name: string, folders = [LESSON]): string {
  const dir = join(root, name);
  for (const f of folders) cpSync(join('lessons', f), join(dir, f), { recursive: true });
  return dir;
}

/** A copy of one lesson (default: self-debugging) with `file` edited by `edit`. */
function brokenCopy(
  name: string,
  file: string,
  edit: (text: string) => string,
  lesson = LESSON
): string {
  const dir = copyLessons(name, [lesson]);
  const path = join(dir, lesson, file);
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  expect(after, `the edit of ${file} changed nothing`).not.toBe(before);
  writeFileSync(path, after);
  return dir;
}

/** The message the check throws for `dir` (fails the test if the folder passes). */
function messageFor(dir: string): string {
  try {
    checkLessonsDir(dir);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`the lessons in ${dir} passed the check`);
}

describe('the lesson check on broken folders', () => {
  it('passes the real lessons folder, every lesson in it', () => {
    const lessons = checkLessonsDir('lessons');
    expect(lessons.map((l) => l.number)).toEqual(
      readdirSync('lessons')
        .sort()
        .map((f) => Number(f.slice(0, 2)))
    );
  });

  it('a missing front matter field', () => {
    const dir = brokenCopy('missing', 'lesson.md', (t) => t.replace(/^title: .*\n/m, ''));
    expect(messageFor(dir)).toBe(
      `${join(dir, LESSON)}/lesson.md: field "title" is missing ` +
        '(the lesson title, shown in menus and headings).'
    );
  });

  it('a misspelt front matter field: missing and unknown in one sentence', () => {
    const dir = brokenCopy('typo', 'lesson.md', (t) => t.replace('summary:', 'sumary:'));
    expect(messageFor(dir)).toBe(
      `${join(dir, LESSON)}/lesson.md: field "summary" is missing (one sentence: what the ` +
        'learner will see); and "sumary" is not a field of this file (check its spelling).'
    );
  });

  it('a value of the wrong type, deep in the problem', () => {
    const dir = brokenCopy('type', 'problem.yaml', (t) =>
      t.replace("{ input: '[4], 1, 4', expected: '1' }", "{ input: '[4], 1, 4', expected: 1 }")
    );
    expect(messageFor(dir)).toMatch(
      new RegExp(
        `^${join(dir, LESSON)}/problem\\.yaml: field "hiddenTests\\[1\\]\\.expected" ` +
          'must be a text, not the number 1 \\(the expected return value'
      )
    );
  });

  it('an unknown technique, with the ones that exist', () => {
    const dir = brokenCopy('technique', 'lesson.md', (t) =>
      t.replace('technique: self-debug', 'technique: self-debugging')
    );
    const message = messageFor(dir);
    expect(message).toMatch(
      new RegExp(
        `^${join(dir, LESSON)}/lesson\\.md: field "technique": no technique "self-debugging" exists; ` +
          'the techniques are .*self-debug'
      )
    );
  });

  it('params the technique does not accept: out of range, and unknown', () => {
    const high = brokenCopy('params-range', 'lesson.md', (t) =>
      t.replace('maxTurns: 4', 'maxTurns: 99')
    );
    expect(messageFor(high)).toMatch(
      new RegExp(
        `^${join(high, LESSON)}/lesson\\.md \\(params\\): field "maxTurns" must be at most \\d+; ` +
          'it is the number 99'
      )
    );
    const unknown = brokenCopy('params-unknown', 'lesson.md', (t) =>
      t.replace('maxTurns: 4', 'maxTurns: 4\n  turns: 4')
    );
    expect(messageFor(unknown)).toBe(
      `${join(unknown, LESSON)}/lesson.md (params): field "turns" is not a field of this file ` +
        '(check its spelling).'
    );
  });

  it('a YAML syntax error, with its line', () => {
    const dir = brokenCopy('yaml', 'walkthrough.yaml', (t) =>
      t.replace('responses:', 'responses: [')
    );
    expect(messageFor(dir)).toMatch(
      new RegExp(`^${join(dir, LESSON)}/walkthrough\\.yaml: not valid YAML: .*line \\d+`)
    );
  });

  it('a walkthrough with no replies', () => {
    const dir = brokenCopy('replies', 'walkthrough.yaml', (t) =>
      t.replace(/^responses:[\s\S]*$/m, 'responses: []\n')
    );
    expect(messageFor(dir)).toBe(
      `${join(dir, LESSON)}/walkthrough.yaml: field "responses" must have at least 1 items; ` +
        'it is a list of 0 (the replies to the model calls of the run, in order).'
    );
  });

  it('a comparison run with params its technique does not take', () => {
    const dir = brokenCopy(
      'compare',
      'baseline.yaml',
      (t) => t.replace('params: {}', 'params: { n: 3 }'),
      PLANNING
    );
    expect(messageFor(dir)).toBe(
      `${join(dir, PLANNING)}/baseline.yaml (params): field "n" is not a field of this file ` +
        '(check its spelling).'
    );
  });

  it('a missing file, a badly named folder, and two lessons with one problem id', () => {
    const missing = copyLessons('file');
    rmSync(join(missing, LESSON, 'problem.yaml'));
    expect(messageFor(missing)).toBe(`${join(missing, LESSON)}/problem.yaml: file is missing`);

    const named = copyLessons('named');
    renameSync(join(named, LESSON), join(named, 'self-debugging'));
    expect(messageFor(named)).toBe(
      `${join(named, 'self-debugging')}: a lesson folder is named NN-slug, e.g. 02-self-debugging`
    );

    const twice = copyLessons('twice', [LESSON, PLANNING]);
    const problem = join(twice, PLANNING, 'problem.yaml');
    writeFileSync(problem, readFileSync(problem, 'utf8').replace(/^id: .*$/m, 'id: count-windows'));
    expect(messageFor(twice)).toBe(
      `${join(twice, PLANNING)}/problem.yaml: has the same problem id "count-windows" as ` +
        `${LESSON}/problem.yaml; each lesson needs its own.`
    );
  });
});

describe('vite build', () => {
  it('stops on a broken lesson folder with the sentence that names file and field', async () => {
    const dir = brokenCopy('build', 'problem.yaml', (t) => t.replace(/^entryPoint: .*\n/m, ''));
    const build = promisify(execFile)('npx', ['vite', 'build'], {
      env: { ...process.env, LESSONS_DIR: dir },
      timeout: 120_000
    });
    const failure = await build.then(
      () => null,
      (error: { code: number; stderr: string }) => error
    );
    expect(failure, 'vite build passed a broken lesson').not.toBeNull();
    expect(failure?.code).not.toBe(0);
    expect(failure?.stderr).toContain(
      `BrokenLesson: ${join(dir, LESSON)}/problem.yaml: field "entryPoint" is missing ` +
        '(the name of the function the tests call).'
    );
  });
});
