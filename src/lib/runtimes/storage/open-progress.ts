/**
 * The progress store for this browser: IndexedDB when it works, memory otherwise. A store
 * that fails later (quota, a private window closing its database) hands over to memory for
 * the rest of the page, with one quiet console note: progress is a convenience, never a crash.
 */
import {
  storageFault,
  type LessonRecord,
  type ProgressStore,
  type StorageFault
} from '$lib/core/progress/records';
import { IndexedDbProgressStore } from './indexeddb-progress';
import { MemoryProgressStore } from './memory-progress';

export class FallbackProgressStore implements ProgressStore {
  #store: ProgressStore;
  #fellBack = false;
  #fault: StorageFault | null = null;

  constructor(store: ProgressStore) {
    this.#store = store;
  }

  get kind(): ProgressStore['kind'] {
    return this.#store.kind;
  }

  /** Why progress moved to memory (`full`: the browser's storage is), or null while it has not. */
  get fault(): StorageFault | null {
    return this.#fault;
  }

  async all(): Promise<unknown[]> {
    return this.#try((s) => s.all());
  }

  async put(record: LessonRecord): Promise<void> {
    return this.#try((s) => s.put(record));
  }

  async remove(slug: string): Promise<void> {
    return this.#try((s) => s.remove(slug));
  }

  async #try<T>(call: (store: ProgressStore) => Promise<T>): Promise<T> {
    try {
      return await call(this.#store);
    } catch (error) {
      if (this.#fellBack) throw error;
      this.#fellBack = true;
      this.#fault = storageFault(error);
      console.info(
        'Lesson progress: browser storage failed, so progress is kept in memory for this page only.',
        error
      );
      this.#store = new MemoryProgressStore();
      return call(this.#store);
    }
  }
}

/** Opens IndexedDB if it is there and works, else a store in memory. Never rejects. */
export async function openProgressStore(
  open: () => Promise<ProgressStore> = openIndexedDb
): Promise<ProgressStore> {
  try {
    return new FallbackProgressStore(await open());
  } catch (error) {
    console.info(
      'Lesson progress: browser storage is not available, so progress is kept in memory for this page only.',
      error
    );
    return new MemoryProgressStore();
  }
}

async function openIndexedDb(): Promise<ProgressStore> {
  if (typeof indexedDB === 'undefined') throw new Error('this browser has no IndexedDB');
  return IndexedDbProgressStore.open();
}
