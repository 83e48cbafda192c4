/**
 * The stepping gate. A live run awaits `wait()` before every effect; the player releases
 * one effect per Step, or opens the gate to run freely. Back and Restart never touch the
 * gate: they move the player's cursor over the log that already exists.
 */
export class Gate {
  #credits = 0;
  #open = false;
  /** effects parked at the gate, first come first served (parallel effects each wait) */
  #waiters: (() => void)[] = [];
  #onWaiting: (waiting: boolean) => void;

  /** @param onWaiting told whenever the run starts or stops waiting at the gate */
  constructor(onWaiting: (waiting: boolean) => void = () => {}) {
    this.#onWaiting = onWaiting;
  }

  /** True while the run is parked at the gate. */
  get waiting(): boolean {
    return this.#waiters.length > 0;
  }

  /** Called by the run before each live effect. */
  wait(): Promise<void> {
    if (this.#open) return Promise.resolve();
    if (this.#credits > 0) {
      this.#credits--;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#waiters.push(resolve);
      if (this.#waiters.length === 1) this.#onWaiting(true);
    });
  }

  /** Let exactly one more effect through. */
  release(): void {
    const waiter = this.#waiters.shift();
    if (waiter) {
      if (this.#waiters.length === 0) this.#onWaiting(false);
      waiter();
    } else {
      this.#credits++;
    }
  }

  /** Let every effect through until `close()`. */
  open(): void {
    this.#open = true;
    const waiting = this.#waiters.splice(0);
    if (waiting.length > 0) this.#onWaiting(false);
    for (const waiter of waiting) waiter();
    this.#credits = 0;
  }

  /** Park the run again at its next effect. */
  close(): void {
    this.#open = false;
    this.#credits = 0;
  }
}
