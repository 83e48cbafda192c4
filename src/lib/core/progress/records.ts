/**
 * A learner's progress through the lessons, as this browser keeps it: one record per lesson.
 * Stored data outlives app versions and can be damaged, so whatever a store returns is
 * `unknown` until `parseRecord` has checked it.
 *
 * Checked by hand rather than with zod: the home page reads these records, and zod with the
 * run schemas would more than double its JavaScript. The saved run itself is checked by the
 * permalink decoder (RunSchema) when a lesson page opens it.
 */

import { readPredictionAnswers } from '../lessons/predictions';

/** The lesson's last run, packed the way a permalink packs it (see `share/permalink`). */
interface SavedRun {
  /** the run and its log: JSON, deflate-raw, base64url (`encodeRun`) */
  payload: string;
  /** the player's step when it was saved */
  step: number;
  /** when it was saved (ms since the epoch) */
  savedAt: number;
}

/** One pane of a side-by-side lesson (lesson 10): which run it shows and at which step. */
export interface SavedPane {
  /** the lesson run's name (`walkthrough` or the `<name>` of `run-<name>.yaml`) */
  run: string;
  step: number;
  /** the pane's run and log, packed like `SavedRun.payload`: kept for live runs only */
  payload?: string;
}

/** What a side-by-side lesson showed: its two panes, the stepping mode, and whose model. */
interface SavedPair {
  /** the panes ran the learner's model (else the lesson's scripted runs) */
  live: boolean;
  lockstep: boolean;
  left: SavedPane;
  right: SavedPane;
  /** live runs finished outside the panes (for the table), each with its payload */
  others?: SavedPane[];
  savedAt: number;
}

export interface LessonRecord {
  /** the lesson's slug, e.g. `self-debugging` */
  slug: string;
  /** the lesson page was opened at least once */
  visited: boolean;
  /** a run of the lesson was stepped to its final verdict */
  finished: boolean;
  /** the run on screen when the learner last stepped, if any */
  lastRun?: SavedRun;
  /** a side-by-side lesson's two panes when the learner last stepped, if any */
  pair?: SavedPair;
  /** the learner's predictions: the choice made before each prediction's step */
  predictions?: Record<number, number>;
}

/** The longest payload kept, in characters (a permalink's limit). */
const MAX_PAYLOAD_CHARS = 2_000_000;

/**
 * Where records are kept. Implementations live in `runtimes/storage` (IndexedDB, memory);
 * every method may reject, and callers treat a rejection as "not saved".
 */
export interface ProgressStore {
  /** which kind of storage this is, for the page to say whether progress survives a reload */
  readonly kind: 'indexeddb' | 'memory';
  /** why a store that began in the browser's storage now keeps progress in memory, if it does */
  readonly fault?: StorageFault | null;
  /** every stored value, unchecked */
  all(): Promise<unknown[]>;
  put(record: LessonRecord): Promise<void>;
  remove(slug: string): Promise<void>;
}

/**
 * Why progress is kept only for this page: the browser's storage is `full` (a write hit the
 * quota), or it is `unavailable` (missing, blocked, or failing for another reason).
 */
export type StorageFault = 'full' | 'unavailable';

/** The fault a failed read or write stands for: quota errors mean full storage. */
export function storageFault(error: unknown): StorageFault {
  const name = (error as { name?: unknown } | null)?.name;
  // Firefox's older name for the same quota error.
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED'
    ? 'full'
    : 'unavailable';
}

type ParsedRecord =
  | {
      ok: true;
      record: LessonRecord;
      /** what was wrong with the fields left out, one phrase each (empty when nothing was) */
      dropped: string[];
    }
  | { ok: false; slug: string | null; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isStep = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** What is wrong with a saved run, or null. Fields it does not know are ignored. */
function savedRunProblem(v: unknown): string | null {
  if (!isObject(v)) return 'lastRun: not an object';
  if (typeof v.payload !== 'string' || v.payload.length === 0) return 'lastRun.payload: no text';
  if (v.payload.length > MAX_PAYLOAD_CHARS) return 'lastRun.payload: too long';
  if (!isStep(v.step)) return 'lastRun.step: not a whole number ≥ 0';
  if (!isTime(v.savedAt)) return 'lastRun.savedAt: not a time';
  return null;
}

/** What is wrong with a saved pane (`where` names it), or null. Unknown fields are ignored. */
function savedPaneProblem(v: unknown, where: string): string | null {
  if (!isObject(v)) return `${where}: not an object`;
  if (typeof v.run !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(v.run))
    return `${where}.run: not a run name`;
  if (!isStep(v.step)) return `${where}.step: not a whole number ≥ 0`;
  if (v.payload !== undefined) {
    if (typeof v.payload !== 'string' || v.payload.length === 0) return `${where}.payload: no text`;
    if (v.payload.length > MAX_PAYLOAD_CHARS) return `${where}.payload: too long`;
  }
  return null;
}

const paneOf = ({ run, step, payload }: SavedPane): SavedPane =>
  payload === undefined ? { run, step } : { run, step, payload };

/**
 * A saved pair, or what is wrong with it. Without both panes and the mode there is no pair to
 * show; a damaged entry of `others` (runs kept for the table) is left out alone, into `dropped`.
 */
function readPair(v: unknown, dropped: string[]): SavedPair | string {
  if (!isObject(v)) return 'pair: not an object';
  if (typeof v.live !== 'boolean') return 'pair.live: not true or false';
  if (typeof v.lockstep !== 'boolean') return 'pair.lockstep: not true or false';
  if (!isTime(v.savedAt)) return 'pair.savedAt: not a time';
  const problem = savedPaneProblem(v.left, 'pair.left') ?? savedPaneProblem(v.right, 'pair.right');
  if (problem) return problem;
  const pair: SavedPair = {
    live: v.live,
    lockstep: v.lockstep,
    left: paneOf(v.left as SavedPane),
    right: paneOf(v.right as SavedPane),
    savedAt: v.savedAt
  };
  if (v.others === undefined) return pair;
  if (!Array.isArray(v.others) || v.others.length > 20) {
    dropped.push('pair.others: not a short list');
    return pair;
  }
  const others: SavedPane[] = [];
  for (const [i, other] of v.others.entries()) {
    const where = `pair.others[${i}]`;
    const problem =
      savedPaneProblem(other, where) ??
      ((other as SavedPane).payload === undefined ? `${where}.payload: missing` : null);
    if (problem) dropped.push(problem);
    else others.push(paneOf(other as SavedPane));
  }
  if (others.length > 0) pair.others = others;
  return pair;
}

/**
 * Checks one stored value, field by field: what checks out is kept, a damaged field is left
 * out (and named in `dropped`), fields it does not know (a newer version's) are ignored. Only
 * a value with no lesson slug is refused whole, since nothing says which lesson it was for.
 * Losing `finished` to a damaged saved run would cost the learner what they did.
 */
export function parseRecord(value: unknown): ParsedRecord {
  if (!isObject(value)) return { ok: false, slug: null, reason: 'the record: not an object' };
  const slug = typeof value.slug === 'string' ? value.slug : null;
  if (slug === null || !/^[a-z0-9][a-z0-9-]*$/.test(slug))
    return { ok: false, slug, reason: 'slug: not a lesson slug' };
  const dropped: string[] = [];
  const flag = (name: 'visited' | 'finished'): boolean => {
    const v = value[name];
    if (typeof v === 'boolean') return v;
    if (v !== undefined) dropped.push(`${name}: not true or false`);
    return false;
  };
  const finished = flag('finished');
  // A finished lesson was opened, whatever a damaged `visited` says.
  const record: LessonRecord = { slug, visited: flag('visited') || finished, finished };
  if (value.lastRun !== undefined) {
    const problem = savedRunProblem(value.lastRun);
    if (problem) dropped.push(problem);
    else {
      const { payload, step, savedAt } = value.lastRun as unknown as SavedRun;
      record.lastRun = { payload, step, savedAt };
    }
  }
  if (value.pair !== undefined) {
    const pair = readPair(value.pair, dropped);
    if (typeof pair === 'string') dropped.push(pair);
    else record.pair = pair;
  }
  if (value.predictions !== undefined) {
    const { answers, problem } = readPredictionAnswers(value.predictions);
    if (problem) dropped.push(problem);
    if (Object.keys(answers).length > 0) record.predictions = answers;
  }
  return { ok: true, record, dropped };
}

/** A lesson nobody has opened yet. */
export const emptyRecord = (slug: string): LessonRecord => ({
  slug,
  visited: false,
  finished: false
});
