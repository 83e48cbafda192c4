/**
 * Parse a lesson folder's files into a checked Lesson. Every failure names the file and the
 * field, because a lesson author reads these in the build output.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ProblemSchema, type Problem } from '../problems/problem';
import type { Language } from '../problems/languages';
import { getTechnique, techniqueIds } from '../techniques/registry';
import { issueSentence } from './issues';
import { GLOSSARY, unknownTerms } from './glossary';
import {
  BaselineSchema,
  LessonFrontMatterSchema,
  LessonRunSchema,
  WALKTHROUGH_RUN,
  WalkthroughSchema,
  type Baseline,
  type LessonRun,
  type LessonFrontMatter,
  type Walkthrough
} from './schema';

export { WALKTHROUGH_RUN, type LessonRun };

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
  /** a second run on the same problem to set beside the first (baseline.yaml), if any */
  baseline?: Baseline;
  /** the same lesson in other languages (`problem.javascript.yaml`…): same prose, own runs */
  variants: LessonVariants;
  /** more runs of the problem to compare (`run-<name>.yaml`, by file name); often none */
  runs: LessonRun[];
}

/** The lesson's problem and scripted runs in another language; the prose stays shared. */
export interface LessonVariant {
  problem: Problem;
  walkthrough: Walkthrough;
  baseline?: Baseline;
}
export type LessonVariants = Partial<Record<Exclude<Language, 'python'>, LessonVariant>>;

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
  const unknown = unknownTerms(md[2]);
  if (unknown.length)
    throw new LessonError(
      mdFile,
      `links the glossary term "${unknown[0]}", which the glossary does not have ` +
        `(src/lib/core/lessons/glossary.ts has ${GLOSSARY.map((t) => t.id).join(', ')})`
    );

  const problemFile = `${folder}/problem.yaml`;
  const problem = check(ProblemSchema, yamlOf(need('problem.yaml'), problemFile), problemFile);
  const walkFile = `${folder}/walkthrough.yaml`;
  const walkthrough = check(
    WalkthroughSchema,
    yamlOf(need('walkthrough.yaml'), walkFile),
    walkFile
  );

  checkChoice(walkthrough, technique.params, meta.params, walkFile);

  const baseline = parseBaseline(folder, files['baseline.yaml']);
  const runs = parseRuns(folder, files);
  return {
    slug: name[2],
    number: Number(name[1]),
    meta,
    body: md[2].trim(),
    problem,
    walkthrough,
    ...(baseline ? { baseline } : {}),
    variants: parseVariants(folder, files, baseline !== undefined),
    runs
  };
}

/** The values a knob of a params schema may take, when it is a list of names (an enum). */
function knobValues(params: z.ZodType, knob: string): readonly unknown[] | null {
  type Node = { shape?: Record<string, Node>; options?: unknown[]; unwrap?: () => Node };
  let field = (params as unknown as Node).shape?.[knob];
  while (field?.unwrap && !Array.isArray(field.options)) field = field.unwrap();
  return Array.isArray(field?.options) ? field.options : null;
}

/**
 * A walkthrough's choice by a knob must be by a knob the technique has, with values it
 * accepts, and cover every value the learner can pick unless it has a case for anything else.
 */
function checkChoice(
  walkthrough: Walkthrough,
  params: z.ZodType,
  lessonParams: Record<string, unknown>,
  file: string
): void {
  const choice = walkthrough.choose;
  if (!choice?.by.startsWith('param:')) return;
  const knob = choice.by.slice('param:'.length);
  const field = `field "choose.by"`;
  const known = (params as unknown as { shape?: Record<string, unknown> }).shape;
  if (known && !(knob in known))
    throw new LessonError(file, `${field}: the technique has no knob "${knob}"`);
  choice.cases.forEach((c, i) => {
    if (c.when === undefined) return;
    const parsed = params.safeParse({ ...lessonParams, [knob]: c.when });
    if (!parsed.success)
      throw new LessonError(
        file,
        `field "choose.cases[${i}].when": ${JSON.stringify(c.when)} is not a value of ${knob}`
      );
  });
  if (choice.cases.some((c) => c.when === undefined)) return;
  const values = knobValues(params, knob);
  const missing = values
    ? values.filter((v) => !choice.cases.some((c) => String(c.when) === String(v)))
    : null;
  if (missing === null)
    throw new LessonError(
      file,
      `field "choose.cases": ${knob} can take many values, so the last case needs no "when" ` +
        '(it is taken for anything else)'
    );
  if (missing.length > 0)
    throw new LessonError(
      file,
      `field "choose.cases": no case for ${knob} = ${missing.map(String).join(', ')}, and no case for anything else`
    );
}

/** The optional baseline run: its technique must exist and accept its params. */
function parseBaseline(
  folder: string,
  text: string | undefined,
  name = 'baseline.yaml'
): Baseline | undefined {
  if (text === undefined) return undefined;
  const file = `${folder}/${name}`;
  return checkRun(BaselineSchema, text, file);
}

/** A run file (baseline.yaml, run-<name>.yaml): its technique must exist and accept its params. */
function checkRun<T extends Baseline>(schema: z.ZodType<T>, text: string, file: string): T {
  const run = check(schema, yamlOf(text, file), file);
  const technique = getTechnique(run.technique);
  if (!technique) throw new LessonError(file, unknownTechnique(run.technique));
  check(technique.params, run.params, `${file} (params)`);
  return run;
}

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

const VARIANT_FILE = /^(problem|walkthrough|baseline)\.([a-z]+)\.yaml$/;
const VARIANT_LANGUAGES = ['javascript', 'typescript'] as const;

/**
 * The lesson in other languages: `problem.<language>.yaml` with its `walkthrough.<language>.yaml`
 * (and `baseline.<language>.yaml` when the lesson has a baseline run, since the shared prose
 * talks about it). A variant file of an unknown language, or without its problem, is an error.
 */
function parseVariants(
  folder: string,
  files: Record<string, string>,
  hasBaseline: boolean
): LessonVariants {
  for (const name of Object.keys(files)) {
    const m = VARIANT_FILE.exec(name);
    if (!m) continue;
    if (!(VARIANT_LANGUAGES as readonly string[]).includes(m[2]))
      throw new LessonError(`${folder}/${name}`, `no language "${m[2]}" (javascript, typescript)`);
    if (files[`problem.${m[2]}.yaml`] === undefined)
      throw new LessonError(`${folder}/${name}`, `needs problem.${m[2]}.yaml beside it`);
  }
  const variants: LessonVariants = {};
  for (const language of VARIANT_LANGUAGES) {
    const problemText = files[`problem.${language}.yaml`];
    if (problemText === undefined) continue;
    const problemFile = `${folder}/problem.${language}.yaml`;
    const problem = check(ProblemSchema, yamlOf(problemText, problemFile), problemFile);
    if (problem.language !== language)
      throw new LessonError(problemFile, `field "language": must be ${language} in this file`);
    const walkName = `walkthrough.${language}.yaml`;
    const walkFile = `${folder}/${walkName}`;
    if (files[walkName] === undefined) throw new LessonError(walkFile, 'file is missing');
    const walkthrough = check(WalkthroughSchema, yamlOf(files[walkName], walkFile), walkFile);
    const baselineName = `baseline.${language}.yaml`;
    const baseline = parseBaseline(folder, files[baselineName], baselineName);
    if (hasBaseline && !baseline)
      throw new LessonError(
        `${folder}/${baselineName}`,
        'file is missing (the lesson has baseline.yaml, and its text describes that run)'
      );
    variants[language] = { problem, walkthrough, ...(baseline ? { baseline } : {}) };
  }
  return variants;
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
      [`problem id "${lesson.problem.id}"`, `${folder}/problem.yaml`],
      ...Object.entries(lesson.variants).map(([language, variant]): [string, string] => [
        `problem id "${variant.problem.id}"`,
        `${folder}/problem.${language}.yaml`
      ])
    ];
    for (const [key, file] of keys) {
      const other = seen.get(key);
      if (other !== undefined)
        throw new LessonError(file, `has the same ${key} as ${other}; each lesson needs its own.`);
      seen.set(key, file);
    }
  }
  // Each lesson ends with why the next technique exists; the last has no next.
  for (const { folder, lesson } of parsed.slice(0, -1))
    if (!lesson.meta.next)
      throw new LessonError(
        `${folder}/lesson.md`,
        'field "next": missing — say why the next lesson’s technique exists (every lesson but the last)'
      );
  return parsed.map((p) => p.lesson);
}
