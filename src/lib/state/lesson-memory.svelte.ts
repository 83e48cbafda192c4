/**
 * What every lesson page's memory shares, whether it shows one run (LessonSession) or two side
 * by side (PairSession): a sentence about what was restored, saving that starts only once the
 * page shows what it should, Start fresh, and a last write when the page goes.
 */
import type { LessonProgress } from './lesson-progress.svelte';

/** What a lesson's progress bar needs of a page's memory. */
export interface LessonMemory {
  /** the saved state is being brought back */
  readonly restoring: boolean;
  /** a sentence about what was restored or why it could not be, '' when nothing to say */
  readonly message: string;
  /** puts the saved state back (or starts afresh); `search` is the address's query */
  open(search: string): Promise<void>;
  /** forgets the saved state and starts the lesson from its first step */
  startFresh(): Promise<void>;
  /** writes a pending save now (the page is going away) */
  flush(): Promise<void>;
  dispose(): void;
}

export interface MemoryOptions {
  slug: string;
  progress: LessonProgress;
  /** starts the lesson from its first step, as if nothing had been saved */
  fresh: () => void;
}

/** "21 Nov 2026, 14:02": when something was saved, in the learner's words. */
export const savedWhen = (ms: number): string =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);

export abstract class SavedMemory implements LessonMemory {
  /** the saved state is being brought back */
  restoring = $state(true);
  /** a sentence about what was restored or why it could not be, '' when nothing to say */
  message = $state('');

  /** saving follows the page only once the page shows what it should */
  protected ready = $state(false);
  protected disposed = false;
  readonly #base: MemoryOptions;
  readonly #cleanup: () => void;

  constructor(options: MemoryOptions) {
    this.#base = options;
    // In the browser this follows the page; on the server (and in Node tests, where
    // Svelte's server build ignores effects) `sync()` is called by hand.
    this.#cleanup = $effect.root(() => {
      $effect(() => this.sync());
    });
  }

  /** Saves what is on screen (debounced) and marks the lesson finished when it is. */
  abstract sync(): void;

  abstract open(search: string): Promise<void>;

  /** Forgets the saved state and starts the lesson from its first step. */
  async startFresh(): Promise<void> {
    const { progress, slug, fresh } = this.#base;
    this.ready = false;
    await progress.clearRun(slug);
    this.message = '';
    fresh();
    this.ready = true;
  }

  /** Writes a pending save now (the page is going away). */
  flush(): Promise<void> {
    return this.#base.progress.flush();
  }

  dispose(): void {
    this.disposed = true;
    this.#cleanup();
    void this.#base.progress.flush();
  }
}
