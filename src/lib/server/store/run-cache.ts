/**
 * The runs read most recently, kept in memory so a short link that many people open (a class,
 * a shared post) is read from the database once.
 *
 * No invalidation is needed: a run is stored under a hash of its own text and never changes
 * (`put` inserts or finds the same text; nothing updates or deletes a run). Only runs that
 * exist are kept: an id that was not found may be stored a moment later, by this instance or
 * another, so "not found" is always asked again.
 */

/** 8 million characters: about 16 MB of strings at most, many hundreds of typical runs. */
export const DEFAULT_CACHE_CHARS = 8_000_000;

/**
 * The cache's size from `RUN_CACHE_CHARS`: a whole number of characters from 0 up, where 0
 * turns the cache off (every read asks the database: `npm run bench:server` measures reads
 * that way too). Anything else is the default, with a warning, so a typo never changes it.
 */
export function cacheChars(setting: string | undefined): number {
  if (setting === undefined || setting.trim() === '') return DEFAULT_CACHE_CHARS;
  const value = Number(setting);
  if (Number.isInteger(value) && value >= 0) return value;
  console.warn(
    `RUN_CACHE_CHARS=${JSON.stringify(setting)} is not a whole number from 0 up; using ${DEFAULT_CACHE_CHARS}.`
  );
  return DEFAULT_CACHE_CHARS;
}

/** A least-recently-used cache of payloads by id, bounded by their total length. */
export class RunCache {
  /** in order of use, the least recent first (a Map keeps insertion order) */
  #entries = new Map<string, string>();
  #chars = 0;

  /** @param maxChars the most characters kept in all (0: none); a longer payload is never kept */
  constructor(readonly maxChars: number = DEFAULT_CACHE_CHARS) {}

  /** The payload under `id`, now the most recently used, or undefined. */
  get(id: string): string | undefined {
    const payload = this.#entries.get(id);
    if (payload !== undefined) {
      this.#entries.delete(id);
      this.#entries.set(id, payload);
    }
    return payload;
  }

  /** Keeps `payload` under `id`, dropping the least recently used until it fits. */
  set(id: string, payload: string): void {
    if (payload.length > this.maxChars) return;
    this.#drop(id);
    this.#entries.set(id, payload);
    this.#chars += payload.length;
    for (const oldest of this.#entries.keys()) {
      if (this.#chars <= this.maxChars) break;
      this.#drop(oldest);
    }
  }

  /** The characters kept now. */
  get chars(): number {
    return this.#chars;
  }

  /** The ids kept, the least recently used first. */
  ids(): string[] {
    return [...this.#entries.keys()];
  }

  #drop(id: string): void {
    const payload = this.#entries.get(id);
    if (payload === undefined) return;
    this.#entries.delete(id);
    this.#chars -= payload.length;
  }
}
