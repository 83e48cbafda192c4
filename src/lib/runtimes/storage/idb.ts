/** Promises over IndexedDB's requests and transactions, for the stores of this folder. */

/** Resolves an IDBRequest, rejecting with its error. */
export function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/** Resolves when a write transaction has committed (a request's success is not yet durable). */
export function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** Opens a database, rejecting when IndexedDB is missing, refuses, or another tab blocks it. */
export async function openDatabase(
  factory: IDBFactory,
  name: string,
  version: number,
  upgrade: (db: IDBDatabase) => void
): Promise<IDBDatabase> {
  const request = factory.open(name, version);
  request.onupgradeneeded = () => upgrade(request.result);
  const blocked = new Promise<never>((_, reject) => {
    request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  });
  return Promise.race([done(request), blocked]);
}
