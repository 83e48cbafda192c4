/**
 * Progress in IndexedDB: one object store, one record per lesson keyed by its slug. Only this
 * origin's pages read it; nothing leaves the browser.
 */
import type { LessonRecord, ProgressStore } from '$lib/core/progress/records';
import { committed, done, openDatabase } from './idb';

const DB_NAME = 'agentic-code-lab';
const DB_VERSION = 1;
const STORE = 'lesson-progress';

export class IndexedDbProgressStore implements ProgressStore {
  readonly kind = 'indexeddb' as const;
  readonly #db: IDBDatabase;

  private constructor(db: IDBDatabase) {
    this.#db = db;
  }

  /** Opens (or creates) the database; rejects when IndexedDB is missing or refuses. */
  static async open(factory: IDBFactory = indexedDB): Promise<IndexedDbProgressStore> {
    const db = await openDatabase(factory, DB_NAME, DB_VERSION, (db) => {
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'slug' });
    });
    return new IndexedDbProgressStore(db);
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
