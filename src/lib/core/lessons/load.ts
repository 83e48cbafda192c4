/**
 * Parse a lesson folder's files into a checked Lesson. Every failure names the file and the
 * field, because a lesson author reads these in the build output.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ProblemSchema, type Problem } from '../problems/problem';
import { getTechnique, techniqueIds } from '../techniques/registry';
import { issueSentence } from './issues';
import {
  CompareSchema,
  LessonFrontMatterSchema,
  WalkthroughSchema,
  type Compare,
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
}

export class LessonError extends Error {
  constructor(
    /** the file, relative to the lessons folder, e.g. `02-self-debugging/problem.yaml` */
    readonly file: string,
    /** what is wrong with it, one sentence */
    readonly detail: string
  ) {
    super(`${file}: ${detail}`);
    this.name = 'LessonError';
  }
}

function check<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new LessonError(file, issueSentence(schema, value, parsed.error.issues));
}

function yamlOf(text: string, file: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    throw new LessonError(file, `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

const unknownTechnique = (id: string) =>
  `field "technique": no technique "${id}" exists; the techniques are ${techniqueIds.join(', ')}.`;

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
  if (!technique) throw new LessonError(mdFile, unknownTechnique(meta.technique));
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
  return {
    slug: name[2],
    number: Number(name[1]),
    meta,
    body: md[2].trim(),
    problem,
    walkthrough,
    ...(compare ? { compare } : {})
  };
}

/** The optional comparison run: its technique must exist and accept its params. */
function parseCompare(folder: string, text: string | undefined): Compare | undefined {
  if (text === undefined) return undefined;
  const file = `${folder}/compare.yaml`;
  const compare = check(CompareSchema, yamlOf(text, file), file);
  const technique = getTechnique(compare.technique);
  if (!technique) throw new LessonError(file, unknownTechnique(compare.technique));
  check(technique.params, compare.params, `${file} (params)`);
  return compare;
}

/** Parse every lesson; slugs, numbers and problem ids must be unique. Sorted by number. */
export function parseLessons(sources: LessonSource[]): Lesson[] {
  const parsed = sources
    .map((source) => ({ folder: source.folder, lesson: parseLesson(source) }))
    .sort((a, b) => a.lesson.number - b.lesson.number);
  const seen = new Map<string, string>();
  for (const { folder, lesson } of parsed) {
    const keys: [string, string][] = [
      [`slug "${lesson.slug}"`, folder],
      [`number ${lesson.number}`, folder],
      [`problem id "${lesson.problem.id}"`, `${folder}/problem.yaml`]
    ];
    for (const [key, file] of keys) {
      const other = seen.get(key);
      if (other !== undefined)
        throw new LessonError(file, `has the same ${key} as ${other}; each lesson needs its own.`);
      seen.set(key, file);
    }
  }
  return parsed.map((p) => p.lesson);
}
