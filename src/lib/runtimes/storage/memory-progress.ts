/**
 * Progress kept in memory: used when IndexedDB is missing or fails (private windows, storage
 * disabled), and by tests. It lasts as long as the page. Values are copied in and out, as
 * IndexedDB's structured clone does, so a caller cannot change what is stored by mutation.
 */
import type { LessonRecord, ProgressStore } from '$lib/core/progress/records';

export class MemoryProgressStore implements ProgressStore {
  readonly kind = 'memory' as const;
  readonly #values = new Map<string, unknown>();

  /** `initial`: values as a store might hold them, damaged ones included (for tests). */
  constructor(initial: readonly unknown[] = []) {
    initial.forEach((value, i) => {
      const slug = (value as { slug?: unknown } | null)?.slug;
      this.#values.set(typeof slug === 'string' ? slug : `#${i}`, structuredClone(value));
    });
  }

  async all(): Promise<unknown[]> {
    return [...this.#values.values()].map((v) => structuredClone(v));
  }

  async put(record: LessonRecord): Promise<void> {
    this.#values.set(record.slug, structuredClone(record));
  }

  async remove(slug: string): Promise<void> {
    this.#values.delete(slug);
  }
}
