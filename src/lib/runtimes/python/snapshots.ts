/**
 * The memory snapshot that workers of one host start from (see `serve.js` for what it holds and
 * why it is safe: it is taken right after the harness loaded, before any program ran).
 *
 * One worker at a time is asked to make it: the first cold load. Until it is ready, the pool
 * starts no other cold load (on a machine with few cores two cold loads side by side take
 * nearly twice as long each; the first one plus a restore is quicker). If the maker fails
 * before it is ready, the next worker is asked instead; if Pyodide cannot make snapshots at
 * all, workers simply keep loading cold.
 */

/** What a new worker's `init` message asks for. */
export interface SnapshotPlan {
  /** start from this snapshot */
  snapshot: Uint8Array | null;
  /** make a snapshot once loaded and send it with `ready` */
  makeSnapshot: boolean;
}

/** Options of {@link SnapshotStore}. */
export interface SnapshotStoreOptions {
  /** a snapshot saved earlier (e.g. a CLI's cache on disk); workers start from it */
  initial?: Uint8Array | null;
  /** called once with a snapshot a worker made, e.g. to save it */
  onMade?: (snapshot: Uint8Array) => void;
}

/** Holds one host's snapshot; shared by the clients of a pool. */
export class SnapshotStore {
  #bytes: Uint8Array | null;
  readonly #onMade: (snapshot: Uint8Array) => void;
  #making = false;
  #unavailable = false;
  /** how many workers were spawned to load cold, and how many from the snapshot */
  readonly started = { cold: 0, fromSnapshot: 0 };

  constructor(options: SnapshotStoreOptions = {}) {
    this.#bytes = options.initial && options.initial.byteLength > 0 ? options.initial : null;
    this.#onMade = options.onMade ?? (() => {});
  }

  /** True while a worker is making the snapshot and none is held yet. */
  get pending(): boolean {
    return this.#making && this.#bytes === null;
  }

  /** The plan for a worker about to be spawned. */
  plan(): SnapshotPlan {
    if (this.#bytes) {
      this.started.fromSnapshot++;
      return { snapshot: this.#bytes, makeSnapshot: false };
    }
    this.started.cold++;
    if (this.#making || this.#unavailable) return { snapshot: null, makeSnapshot: false };
    this.#making = true;
    return { snapshot: null, makeSnapshot: true };
  }

  /**
   * The worker that was asked to make a snapshot is ready: with it, or without (Pyodide could
   * not make one, so no other worker will be asked).
   */
  made(snapshot: Uint8Array | undefined): void {
    this.#making = false;
    if (snapshot && snapshot.byteLength > 0) {
      this.#bytes = snapshot;
      try {
        this.#onMade(snapshot);
      } catch {
        // saving is a convenience: the snapshot still serves this host
      }
    } else {
      this.#unavailable = true;
    }
  }

  /**
   * A worker could not start from `snapshot` (e.g. one saved by another Pyodide build) and
   * loaded cold instead: it is dropped, and the next worker is asked to make a new one.
   */
  refused(snapshot: Uint8Array): void {
    if (this.#bytes === snapshot) this.#bytes = null;
  }

  /** The maker failed before it was ready: the next worker to spawn is asked instead. */
  abandoned(): void {
    this.#making = false;
  }
}
