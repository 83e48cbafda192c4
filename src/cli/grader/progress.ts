/**
 * Progress of a grading run: a bar redrawn in place on a terminal, and plain lines every few
 * seconds otherwise (CI logs and files have no carriage returns to redraw with).
 */

/** Where progress goes: a terminal or not. */
export interface ProgressOutput {
  write(text: string): void;
  isTTY?: boolean;
}

/** How the plain lines name the work: "graded 3/10 samples". */
export interface ProgressWords {
  done: string;
  items: string;
}

const BAR_WIDTH = 30;
/** How often a plain line is printed when the output is not a terminal. */
const LINE_EVERY_MS = 5_000;
/** Redraws of the bar are limited, so thousands of fast samples do not flood the terminal. */
const REDRAW_EVERY_MS = 100;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Reports `done / total` as samples finish; call `finish()` once at the end. */
export class Progress {
  readonly #out: ProgressOutput;
  readonly #total: number;
  readonly #now: () => number;
  readonly #start: number;
  #last: number;
  #done = 0;

  readonly #words: ProgressWords;

  constructor(
    out: ProgressOutput,
    total: number,
    now: () => number = () => performance.now(),
    words: ProgressWords = { done: 'graded', items: 'samples' }
  ) {
    this.#out = out;
    this.#words = words;
    this.#total = total;
    this.#now = now;
    this.#start = now();
    this.#last = this.#start;
    if (out.isTTY) this.#draw();
  }

  /** One more sample is graded. */
  tick(): void {
    this.#done++;
    const now = this.#now();
    if (this.#out.isTTY) {
      if (now - this.#last >= REDRAW_EVERY_MS || this.#done === this.#total) {
        this.#last = now;
        this.#draw();
      }
    } else if (now - this.#last >= LINE_EVERY_MS && this.#done < this.#total) {
      this.#last = now;
      this.#out.write(`${this.#words.done} ${this.#line()}\n`);
    }
  }

  /** Ends the bar (or prints the last plain line). */
  finish(): void {
    if (this.#out.isTTY) {
      this.#draw();
      this.#out.write('\n');
    } else {
      this.#out.write(`${this.#words.done} ${this.#line()}\n`);
    }
  }

  #line(): string {
    const percent = this.#total === 0 ? 100 : Math.floor((100 * this.#done) / this.#total);
    return `${this.#done}/${this.#total} ${this.#words.items} (${percent}%) in ${seconds(this.#now() - this.#start)}`;
  }

  #draw(): void {
    const filled =
      this.#total === 0 ? BAR_WIDTH : Math.round((BAR_WIDTH * this.#done) / this.#total);
    const bar = '#'.repeat(filled) + '-'.repeat(BAR_WIDTH - filled);
    // \r and "erase to end of line": the new text may be shorter than the old.
    this.#out.write(`\r[${bar}] ${this.#line()}\x1b[K`);
  }
}
