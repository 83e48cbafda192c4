/**
 * The budget of a search, in model calls: every program, strategy list and reflection costs
 * one. The searches ask before each call, so no run ever spends more than it was given, and
 * BFS, MCTS and resample-and-filter can be compared on the same number of calls.
 */
export class Budget {
  #used = 0;
  constructor(readonly total: number) {}

  get used(): number {
    return this.#used;
  }

  get left(): number {
    return this.total - this.#used;
  }

  /** Takes one call if any is left; false (and nothing taken) when the budget is spent. */
  take(): boolean {
    if (this.#used >= this.total) return false;
    this.#used++;
    return true;
  }
}
