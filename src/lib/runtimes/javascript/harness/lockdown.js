/**
 * Takes away, before any program runs, the globals through which code in a sandbox worker could
 * reach the network, storage, the page or other workers. Shared by the browser worker and the
 * Node sandbox process. In the browser the worker's Content Security Policy
 * (`connect-src 'none'`) is the next line behind it, and terminating the worker the last; in
 * Node, the process's empty environment and permission model (`node-process-port.ts`).
 *
 * Plain JavaScript with JSDoc types because Node's sandbox process runs it without a TypeScript
 * loader.
 */

/** Globals a program must not have. `postMessage` and `close` are the host's (see the workers). */
export const BLOCKED_GLOBALS = [
  'fetch',
  'XMLHttpRequest',
  'importScripts',
  'WebSocket',
  'WebSocketStream',
  'WebTransport',
  'EventSource',
  'indexedDB',
  'webkitIndexedDB',
  'caches',
  'cookieStore',
  'localStorage',
  'sessionStorage',
  'navigator',
  'BroadcastChannel',
  'Worker',
  'SharedWorker',
  'webkitRequestFileSystem',
  'webkitRequestFileSystemSync',
  'webkitResolveLocalFileSystemURL',
  'webkitResolveLocalFileSystemSyncURL',
  'postMessage',
  'close'
];

/**
 * Shadows each name with an own `undefined` that cannot be redefined, and deletes it from the
 * global's prototypes too (a browser puts a worker's operations on the global itself, but a
 * program could look up the prototype chain for them).
 * @param {readonly string[]} names
 * @returns {string[]} the names that could not be taken away (should be none)
 */
export function lockDown(names = BLOCKED_GLOBALS) {
  /** @type {string[]} */
  const failed = [];
  for (const name of names) {
    let proto = Object.getPrototypeOf(globalThis);
    while (proto !== null) {
      if (Object.prototype.hasOwnProperty.call(proto, name)) Reflect.deleteProperty(proto, name);
      proto = Object.getPrototypeOf(proto);
    }
    try {
      Object.defineProperty(globalThis, name, {
        value: undefined,
        writable: false,
        enumerable: false,
        configurable: false
      });
    } catch {
      if (Reflect.get(globalThis, name) !== undefined) failed.push(name);
    }
  }
  return failed;
}

/**
 * What a worker's `navigator` must not give a program that keeps it (the Python worker:
 * Pyodide reads `navigator` itself): storage and the origin private file system, locks shared
 * with the page's tabs, and service workers.
 */
export const BLOCKED_NAVIGATOR = ['storage', 'locks', 'serviceWorker', 'permissions'];

/**
 * Deletes each name from `navigator` and every prototype it inherits from (the accessors live on
 * `WorkerNavigator.prototype`, where shadowing `navigator`'s own property would not reach).
 * @param {readonly string[]} names
 * @returns {string[]} the names still reachable (should be none)
 */
export function lockDownNavigator(names = BLOCKED_NAVIGATOR) {
  const navigator = Reflect.get(globalThis, 'navigator');
  if (typeof navigator !== 'object' || navigator === null) return [];
  for (const name of names) {
    for (let at = navigator; at !== null; at = Object.getPrototypeOf(at)) {
      if (Object.prototype.hasOwnProperty.call(at, name)) Reflect.deleteProperty(at, name);
    }
  }
  return names.filter((name) => name in navigator);
}
