/**
 * Parse a lesson folder's files into a checked Lesson. Every failure names the file and the
 * field, because a lesson author reads these in the build output.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ProblemSchema, type Problem } from '../problems/problem';
import { getTechnique } from '../techniques/registry';
import {
  CompareSchema,
  LessonFrontMatterSchema,
  LessonRunSchema,
  WalkthroughSchema,
  type Compare,
  type LessonRunFile,
  type LessonFrontMatter,
  type Walkthrough
} from './schema';

export interface LessonSource {
  /** the folder name, e.g. `02-self-debugging` */
  folder: string;
  /** file name → text, for the files of that folder */
  files: Record<string, string>;
}

export interface Lesson {
  slug: string;
  number: number;
  meta: LessonFrontMatter;
  /** the lesson text, Markdown (rendered by the caller) */
  body: string;
  problem: Problem;
  walkthrough: Walkthrough;
  /** a second run on the same problem to set beside the first (compare.yaml), if any */
  compare?: Compare;
  /** more runs of the problem to compare (`run-<name>.yaml`, by file name); often none */
  runs: LessonRun[];
}

/** A run of a lesson's `run-<name>.yaml`, named by its file. */
export interface LessonRun extends LessonRunFile {
  /** `<name>` of `run-<name>.yaml`: how links and the run picker refer to it */
  name: string;
}

export class LessonError extends Error {
  constructor(
    readonly file: string,
    detail: string
  ) {
    super(`${file}: ${detail}`);
    this.name = 'LessonError';
  }
}

/** `a.b[2].c` from a zod issue path. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`))
    .join('');
}

function check<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issuePath(issue.path) || '(top level)';
  throw new LessonError(file, `field "${field}": ${issue.message}`);
}

function yamlOf(text: string, file: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    throw new LessonError(file, `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

const FOLDER = /^(\d{2})-([a-z0-9][a-z0-9-]*)$/;
const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

export function parseLesson({ folder, files }: LessonSource): Lesson {
  const name = FOLDER.exec(folder);
  if (!name)
    throw new LessonError(folder, 'a lesson folder is named NN-slug, e.g. 02-self-debugging');
  const need = (file: string) => {
    const text = files[file];
    if (text === undefined) throw new LessonError(`${folder}/${file}`, 'file is missing');
    return text;
  };

  const mdFile = `${folder}/lesson.md`;
  const md = FRONT_MATTER.exec(need('lesson.md'));
  if (!md) throw new LessonError(mdFile, 'must start with front matter between --- lines');
  const meta = check(LessonFrontMatterSchema, yamlOf(md[1], mdFile), mdFile);
  const technique = getTechnique(meta.technique);
  if (!technique)
    throw new LessonError(mdFile, `field "technique": no technique "${meta.technique}"`);
  check(technique.params, meta.params, `${mdFile} (params)`);

  const problemFile = `${folder}/problem.yaml`;
  const problem = check(ProblemSchema, yamlOf(need('problem.yaml'), problemFile), problemFile);
  const walkFile = `${folder}/walkthrough.yaml`;
  const walkthrough = check(
    WalkthroughSchema,
    yamlOf(need('walkthrough.yaml'), walkFile),
    walkFile
  );

  const compare = parseCompare(folder, files['compare.yaml']);
  const runs = parseRuns(folder, files);
  return {
    slug: name[2],
    number: Number(name[1]),
    meta,
    body: md[2].trim(),
    problem,
    walkthrough,
    ...(compare ? { compare } : {}),
    runs
  };
}

/** The optional comparison run: its technique must exist and accept its params. */
function parseCompare(folder: string, text: string | undefined): Compare | undefined {
  if (text === undefined) return undefined;
  const file = `${folder}/compare.yaml`;
  return checkRun(CompareSchema, text, file);
}

/** A run file (compare.yaml, run-<name>.yaml): its technique must exist and accept its params. */
function checkRun<T extends Compare>(schema: z.ZodType<T>, text: string, file: string): T {
  const run = check(schema, yamlOf(text, file), file);
  const technique = getTechnique(run.technique);
  if (!technique) throw new LessonError(file, `field "technique": no technique "${run.technique}"`);
  check(technique.params, run.params, `${file} (params)`);
  return run;
}

/** The name of the lesson's own walkthrough in its list of runs. */
export const WALKTHROUGH_RUN = 'walkthrough';
const RUN_FILE = /^run-([a-z0-9][a-z0-9-]*)\.yaml$/;

/** The lesson's `run-<name>.yaml` files, by file name; each technique must accept its params. */
function parseRuns(folder: string, files: Record<string, string>): LessonRun[] {
  return Object.keys(files)
    .filter((f) => f.startsWith('run-'))
    .sort()
    .map((f) => {
      const file = `${folder}/${f}`;
      const name = RUN_FILE.exec(f)?.[1];
      if (!name)
        throw new LessonError(file, 'a run file is named run-<name>.yaml, e.g. run-direct.yaml');
      if (name === WALKTHROUGH_RUN)
        throw new LessonError(file, `the name "${name}" is taken by the lesson's walkthrough`);
      return { name, ...checkRun(LessonRunSchema, files[f], file) };
    });
}

/** Parse every lesson; slugs and numbers must be unique. Sorted by number. */
export function parseLessons(sources: LessonSource[]): Lesson[] {
  const lessons = sources.map(parseLesson).sort((a, b) => a.number - b.number);
  const seen = new Set<string>();
  for (const l of lessons) {
    for (const key of [`slug ${l.slug}`, `number ${l.number}`]) {
      if (seen.has(key)) throw new LessonError(l.slug, `two lessons have the same ${key}`);
      seen.add(key);
    }
  }
  return lessons;
}
