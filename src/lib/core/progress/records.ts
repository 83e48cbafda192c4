/**
 * A learner's progress through the lessons, as this browser keeps it: one record per lesson.
 * Stored data outlives app versions and can be damaged, so whatever a store returns is
 * `unknown` until `parseRecord` has checked it.
 *
 * Checked by hand rather than with zod: the home page reads these records, and zod with the
 * run schemas would more than double its JavaScript. The saved run itself is checked by the
 * permalink decoder (RunSchema) when a lesson page opens it.
 */

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
  /** every stored value, unchecked */
  all(): Promise<unknown[]>;
  put(record: LessonRecord): Promise<void>;
  remove(slug: string): Promise<void>;
}

type ParsedRecord =
  { ok: true; record: LessonRecord } | { ok: false; slug: string | null; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const onlyKeys = (v: Record<string, unknown>, keys: string[]) =>
  Object.keys(v).find((k) => !keys.includes(k));

/** What is wrong with a saved run, or null. */
function savedRunProblem(v: unknown): string | null {
  if (!isObject(v)) return 'lastRun: not an object';
  const extra = onlyKeys(v, ['payload', 'step', 'savedAt']);
  if (extra) return `lastRun.${extra}: not a field of a saved run`;
  if (typeof v.payload !== 'string' || v.payload.length === 0) return 'lastRun.payload: no text';
  if (v.payload.length > MAX_PAYLOAD_CHARS) return 'lastRun.payload: too long';
  if (!Number.isInteger(v.step) || (v.step as number) < 0)
    return 'lastRun.step: not a whole number ≥ 0';
  if (typeof v.savedAt !== 'number' || !Number.isFinite(v.savedAt))
    return 'lastRun.savedAt: not a time';
  return null;
}

/** What is wrong with a saved pane (`where` names it), or null. */
function savedPaneProblem(v: unknown, where: string): string | null {
  if (!isObject(v)) return `${where}: not an object`;
  const extra = onlyKeys(v, ['run', 'step', 'payload']);
  if (extra) return `${where}.${extra}: not a field of a saved pane`;
  if (typeof v.run !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(v.run))
    return `${where}.run: not a run name`;
  if (!Number.isInteger(v.step) || (v.step as number) < 0)
    return `${where}.step: not a whole number ≥ 0`;
  if (v.payload !== undefined) {
    if (typeof v.payload !== 'string' || v.payload.length === 0) return `${where}.payload: no text`;
    if (v.payload.length > MAX_PAYLOAD_CHARS) return `${where}.payload: too long`;
  }
  return null;
}

/** What is wrong with a saved pair, or null. */
function savedPairProblem(v: unknown): string | null {
  if (!isObject(v)) return 'pair: not an object';
  const extra = onlyKeys(v, ['live', 'lockstep', 'left', 'right', 'others', 'savedAt']);
  if (extra) return `pair.${extra}: not a field of a saved pair`;
  if (typeof v.live !== 'boolean') return 'pair.live: not true or false';
  if (typeof v.lockstep !== 'boolean') return 'pair.lockstep: not true or false';
  if (typeof v.savedAt !== 'number' || !Number.isFinite(v.savedAt))
    return 'pair.savedAt: not a time';
  if (v.others !== undefined) {
    if (!Array.isArray(v.others) || v.others.length > 20) return 'pair.others: not a short list';
    for (const [i, other] of v.others.entries()) {
      const problem = savedPaneProblem(other, `pair.others[${i}]`);
      if (problem) return problem;
      if ((other as SavedPane).payload === undefined) return `pair.others[${i}].payload: missing`;
    }
  }
  return savedPaneProblem(v.left, 'pair.left') ?? savedPaneProblem(v.right, 'pair.right');
}

const paneOf = ({ run, step, payload }: SavedPane): SavedPane =>
  payload === undefined ? { run, step } : { run, step, payload };

/** Checks one stored value; a damaged one says which lesson it was for, when it can tell. */
export function parseRecord(value: unknown): ParsedRecord {
  if (!isObject(value)) return { ok: false, slug: null, reason: 'the record: not an object' };
  const slug = typeof value.slug === 'string' ? value.slug : null;
  const fail = (reason: string): ParsedRecord => ({ ok: false, slug, reason });
  if (slug === null || !/^[a-z0-9][a-z0-9-]*$/.test(slug)) return fail('slug: not a lesson slug');
  const extra = onlyKeys(value, ['slug', 'visited', 'finished', 'lastRun', 'pair']);
  if (extra) return fail(`${extra}: not a field of a lesson record`);
  if (typeof value.visited !== 'boolean') return fail('visited: not true or false');
  if (typeof value.finished !== 'boolean') return fail('finished: not true or false');
  const record: LessonRecord = { slug, visited: value.visited, finished: value.finished };
  if (value.lastRun !== undefined) {
    const problem = savedRunProblem(value.lastRun);
    if (problem) return fail(problem);
    const { payload, step, savedAt } = value.lastRun as unknown as SavedRun;
    record.lastRun = { payload, step, savedAt };
  }
  if (value.pair !== undefined) {
    const problem = savedPairProblem(value.pair);
    if (problem) return fail(problem);
    const { live, lockstep, left, right, others, savedAt } = value.pair as unknown as SavedPair;
    record.pair = { live, lockstep, left: paneOf(left), right: paneOf(right), savedAt };
    if (others) record.pair.others = others.map(paneOf);
  }
  return { ok: true, record };
}

/** A lesson nobody has opened yet. */
export const emptyRecord = (slug: string): LessonRecord => ({
  slug,
  visited: false,
  finished: false
});
