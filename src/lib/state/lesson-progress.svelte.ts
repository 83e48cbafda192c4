/**
 * The learner's progress through the lessons in this browser: which were opened, which were
 * finished, and each lesson's last run (saved as the learner steps, debounced). One instance
 * per page tree (the layout makes it and puts it in context); it reads the store once, then
 * keeps its own copy that the menu and the home page read.
 *
 * Stored data is untrusted: a damaged field of a record is dropped with a quiet console note
 * and the rest kept (so a bad saved run never costs `finished`); a saved run that does not
 * decode is dropped, and the lesson starts from its walkthrough.
 */
import { getContext, setContext, untrack } from 'svelte';
import {
  emptyRecord,
  parseRecord,
  storageFault,
  type LessonRecord,
  type ProgressStore,
  type SavedPane,
  type StorageFault
} from '$lib/core/progress/records';
import type { Run } from '$lib/core/run/run';

/** The permalink codec (and the run schema under it) loads with the first lesson page only. */
const codec = () => import('$lib/core/share/permalink');

/** How long stepping must pause before the run is written (ms). */
export const SAVE_DELAY_MS = 400;

export interface SavedRunView {
  run: Run;
  step: number;
  savedAt: number;
}

/** One pane of a side-by-side lesson as the page has it: the run's log only when it is kept. */
export interface PaneView {
  run: string;
  step: number;
  /** the pane's run with its log (live runs only: scripted ones are made again on opening) */
  log?: Run;
}

/** A side-by-side lesson's panes, to save or as restored. */
export interface PairView {
  live: boolean;
  lockstep: boolean;
  left: PaneView;
  right: PaneView;
  /** live runs finished outside the panes, kept for the table */
  others?: { run: string; log: Run }[];
}

export interface SavedPairView extends PairView {
  savedAt: number;
  /** a kept log that could not be decoded was dropped (the pane keeps its run name and step) */
  dropped: boolean;
}

export class LessonProgress {
  /** every lesson's record, by slug (lessons never opened are absent) */
  records = $state.raw<Readonly<Record<string, LessonRecord>>>({});
  /** the store has been read */
  ready = $state(false);
  /** where progress is kept: `memory` means it will not survive a reload */
  kind = $state<ProgressStore['kind'] | null>(null);
  /** why progress is kept in memory, once a write has failed (null while saving works) */
  fault = $state<StorageFault | null>(null);

  readonly #open: () => Promise<ProgressStore>;
  readonly #delayMs: number;
  readonly #now: () => number;
  #store: ProgressStore | null = null;
  #opening: Promise<void> | null = null;
  /** debounced saves waiting for their timer, by slug (bookkeeping, not shown: not reactive) */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #pending = new Map<
    string,
    { timer: ReturnType<typeof setTimeout>; write: () => Promise<void> }
  >();
  /** bumped by clearRun, so that a save already encoding cannot bring a cleared run back */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #generation = new Map<string, number>();
  /** the last write, so flush() can wait for it */
  #writing: Promise<void> = Promise.resolve();
  /** changes waiting for their timer or being written */
  #unsaved = $state(0);

  constructor(
    open: () => Promise<ProgressStore>,
    options: { delayMs?: number; now?: () => number } = {}
  ) {
    this.#open = open;
    this.#delayMs = options.delayMs ?? SAVE_DELAY_MS;
    this.#now = options.now ?? Date.now;
  }

  /**
   * A change is waiting for stepping to pause or is being written. False means every change
   * made so far is in the store, so a reload or another tab finds it.
   */
  get saving(): boolean {
    return this.#unsaved > 0;
  }

  /**
   * Counts a change in or out. Saves are started from the page's effects: reading the count
   * there would make each save's own bookkeeping start the effect, and the save, again.
   */
  #count(delta: number): void {
    untrack(() => (this.#unsaved += delta));
  }

  /** Reads the store (once; later calls wait for the first). Never rejects. */
  open(): Promise<void> {
    this.#opening ??= this.#load();
    return this.#opening;
  }

  async #load(): Promise<void> {
    const store = await this.#open();
    let values: unknown[] = [];
    try {
      values = await store.all();
    } catch (error) {
      console.info('Lesson progress could not be read; starting without it.', error);
    }
    const records: Record<string, LessonRecord> = {};
    for (const value of values) {
      const parsed = parseRecord(value);
      if (parsed.ok) {
        records[parsed.record.slug] = parsed.record;
        // The record is not rewritten here: the next save of the lesson writes the clean one.
        if (parsed.dropped.length > 0) {
          console.info(
            `Lesson progress: kept the record of “${parsed.record.slug}” without ${parsed.dropped.join('; ')}.`
          );
        }
        continue;
      }
      console.info(
        `Lesson progress: dropped a damaged record${parsed.slug ? ` for “${parsed.slug}”` : ''} (${parsed.reason}).`
      );
      if (parsed.slug !== null) await store.remove(parsed.slug).catch(() => undefined);
    }
    this.#store = store;
    this.records = records;
    this.#follow(store);
    this.ready = true;
  }

  /** Takes over where the store now keeps progress (a failing store hands over to memory). */
  #follow(store: ProgressStore): void {
    this.kind = store.kind;
    this.fault = store.fault ?? this.fault;
  }

  /**
   * One sentence on whether progress survives leaving the page, for the pages to show: it
   * changes as soon as a write fails, so the page never says "saved" when nothing was.
   */
  get keptNote(): string {
    if (this.fault === 'full') {
      return 'Your browser’s storage is full, so your progress is kept only while this page is open.';
    }
    if (this.kind === 'memory' || this.fault) {
      return 'This browser cannot store progress: it lasts until you leave the page.';
    }
    return 'Your steps are saved in this browser as you go.';
  }

  /** The lesson's record; a lesson never opened has an empty one. */
  record(slug: string): LessonRecord {
    return this.records[slug] ?? emptyRecord(slug);
  }

  /** How many of these lessons are finished. */
  finishedCount(slugs: readonly string[]): number {
    return slugs.filter((slug) => this.records[slug]?.finished).length;
  }

  // visit and finish are called from the pages' saving effects: what they read of the records
  // is untracked, or each write would start the effect, and a save, again.
  visit(slug: string): Promise<void> {
    if (untrack(() => this.record(slug).visited)) return Promise.resolve();
    return this.#update(slug, (r) => ({ ...r, visited: true }));
  }

  finish(slug: string): Promise<void> {
    if (untrack(() => this.record(slug).finished)) return Promise.resolve();
    return this.#update(slug, (r) => ({ ...r, visited: true, finished: true }));
  }

  /** The learner's predictions in a lesson, by the step each came before. */
  predictions(slug: string): Readonly<Record<number, number>> {
    return this.record(slug).predictions ?? {};
  }

  /** Keeps the choice made for the prediction before step `before` (at once: no timer). */
  predict(slug: string, before: number, choice: number): Promise<void> {
    return this.#update(slug, (r) => ({
      ...r,
      visited: true,
      predictions: { ...r.predictions, [before]: choice }
    }));
  }

  /** Saves the lesson's run at this step once stepping has paused for a moment. */
  saveRun(slug: string, run: Run, step: number): void {
    this.#later(slug, async () => {
      const payload = await (await codec()).encodeRun(run);
      return (r) => ({ ...r, visited: true, lastRun: { payload, step, savedAt: this.#now() } });
    });
  }

  /** Saves a side-by-side lesson's panes once stepping has paused for a moment. */
  savePair(slug: string, pair: PairView): void {
    this.#later(slug, async () => {
      const { encodeRun } = await codec();
      const pane = async ({ run, step, log }: PaneView): Promise<SavedPane> =>
        log ? { run, step, payload: await encodeRun(log) } : { run, step };
      const [left, right, ...others] = await Promise.all(
        [pair.left, pair.right, ...(pair.others ?? []).map((o) => ({ ...o, step: 0 }))].map(pane)
      );
      const saved = {
        live: pair.live,
        lockstep: pair.lockstep,
        left,
        right,
        ...(others.length ? { others } : {})
      };
      return (r) => ({ ...r, visited: true, pair: { ...saved, savedAt: this.#now() } });
    });
  }

  /**
   * Writes the change that `make` prepares (packing a run takes a moment) once stepping has
   * paused: a newer save of the same lesson replaces one still waiting.
   */
  #later(slug: string, make: () => Promise<(record: LessonRecord) => LessonRecord>): void {
    const waiting = this.#pending.get(slug);
    if (waiting) clearTimeout(waiting.timer);
    else this.#count(1); // a save replaced is still one change waiting
    const generation = this.#generation.get(slug) ?? 0;
    const write = async () => {
      this.#pending.delete(slug);
      try {
        let change: (record: LessonRecord) => LessonRecord;
        try {
          change = await make();
        } catch (error) {
          console.info(
            `Lesson progress: the run of “${slug}” could not be packed to save it.`,
            error
          );
          return;
        }
        if ((this.#generation.get(slug) ?? 0) !== generation) return;
        await this.#update(slug, change);
      } finally {
        this.#count(-1);
      }
    };
    this.#pending.set(slug, { timer: setTimeout(() => void write(), this.#delayMs), write });
  }

  /** Writes every save still waiting for its timer, and waits for the writes to finish. */
  async flush(): Promise<void> {
    const waiting = [...this.#pending.values()];
    for (const { timer } of waiting) clearTimeout(timer);
    await Promise.all(waiting.map(({ write }) => write()));
    await this.#writing;
  }

  /**
   * The lesson's saved run, decoded as a permalink is. A saved run that does not decode is
   * dropped (with a console note) and `null` returned.
   */
  async savedRun(slug: string): Promise<SavedRunView | null> {
    await this.open();
    const saved = this.record(slug).lastRun;
    if (!saved) return null;
    const decoded = await (
      await codec()
    ).decodeShareHash(`#step=${saved.step}&run=${saved.payload}`);
    if (decoded.ok) return { run: decoded.run, step: decoded.step, savedAt: saved.savedAt };
    console.info(`Lesson progress: dropped the saved run of “${slug}”: ${decoded.message}`);
    await this.clearRun(slug);
    return null;
  }

  /**
   * A side-by-side lesson's saved panes. A kept log that does not decode is dropped (with a
   * console note): that pane keeps its run name and step, and `dropped` says so.
   */
  async savedPair(slug: string): Promise<SavedPairView | null> {
    await this.open();
    const saved = this.record(slug).pair;
    if (!saved) return null;
    const { decodeShareHash } = await codec();
    let dropped = false;
    const pane = async ({ run, step, payload }: SavedPane): Promise<PaneView> => {
      if (!payload) return { run, step };
      const decoded = await decodeShareHash(`#step=${step}&run=${payload}`);
      if (decoded.ok) return { run, step, log: decoded.run };
      console.info(`Lesson progress: dropped a saved run of “${slug}”: ${decoded.message}`);
      dropped = true;
      return { run, step };
    };
    const [left, right, ...rest] = await Promise.all(
      [saved.left, saved.right, ...(saved.others ?? [])].map(pane)
    );
    const others = rest.flatMap(({ run, log }) => (log ? [{ run, log }] : []));
    const { live, lockstep, savedAt } = saved;
    return { live, lockstep, left, right, ...(others.length ? { others } : {}), savedAt, dropped };
  }

  /**
   * Forgets the lesson's saved run or panes and its predictions, so a fresh start asks them
   * again (visited and finished stay).
   */
  clearRun(slug: string): Promise<void> {
    const waiting = this.#pending.get(slug);
    if (waiting) {
      clearTimeout(waiting.timer);
      this.#count(-1);
    }
    this.#pending.delete(slug);
    this.#generation.set(slug, (this.#generation.get(slug) ?? 0) + 1);
    const { lastRun, pair, predictions } = this.record(slug);
    if (!lastRun && !pair && !predictions) return Promise.resolve();
    return this.#update(
      slug,
      ({ lastRun: _run, pair: _pair, predictions: _predictions, ...rest }) => rest
    );
  }

  /** Changes the record here at once, then writes it; a failed write is a console note. */
  async #update(slug: string, change: (record: LessonRecord) => LessonRecord): Promise<void> {
    this.#count(1);
    try {
      await this.open();
      const next = change(this.record(slug));
      this.records = { ...this.records, [slug]: next };
      const store = this.#store;
      if (!store) return;
      const write = this.#writing.then(() =>
        store.put(next).then(
          () => this.#follow(store),
          (error: unknown) => {
            console.info(`Lesson progress for “${slug}” could not be saved.`, error);
            // The change is on screen but in no store: say so rather than "saved".
            this.kind = 'memory';
            this.fault = storageFault(error);
          }
        )
      );
      this.#writing = write;
      await write;
    } finally {
      this.#count(-1);
    }
  }
}

const KEY = Symbol('lesson-progress');
export const setProgressContext = (progress: LessonProgress) => setContext(KEY, progress);
export const getProgressContext = () => getContext<LessonProgress | undefined>(KEY);
