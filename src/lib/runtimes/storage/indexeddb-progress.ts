/**
 * Progress in IndexedDB: one object store, one record per lesson keyed by its slug. Only this
 * origin's pages read it; nothing leaves the browser.
 */
import type { LessonRecord, ProgressStore } from '$lib/core/progress/records';

const DB_NAME = 'agentic-code-lab';
const DB_VERSION = 1;
const STORE = 'lesson-progress';

/** Resolves an IDBRequest, rejecting with its error. */
function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/** Resolves when a write transaction has committed (a request's success is not yet durable). */
function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export class IndexedDbProgressStore implements ProgressStore {
  readonly kind = 'indexeddb' as const;
  readonly #db: IDBDatabase;

  private constructor(db: IDBDatabase) {
    this.#db = db;
  }

  /** Opens (or creates) the database; rejects when IndexedDB is missing or refuses. */
  static async open(factory: IDBFactory = indexedDB): Promise<IndexedDbProgressStore> {
    const request = factory.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(STORE)) {
        request.result.createObjectStore(STORE, { keyPath: 'slug' });
      }
    };
    const blocked = new Promise<never>((_, reject) => {
      request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    });
    return new IndexedDbProgressStore(await Promise.race([done(request), blocked]));
  }

  async all(): Promise<unknown[]> {
    const tx = this.#db.transaction(STORE, 'readonly');
    return done(tx.objectStore(STORE).getAll());
  }

  async put(record: LessonRecord): Promise<void> {
    const tx = this.#db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put(record);
    await committed(tx);
  }

  async remove(slug: string): Promise<void> {
    const tx = this.#db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).delete(slug);
    await committed(tx);
  }
}
