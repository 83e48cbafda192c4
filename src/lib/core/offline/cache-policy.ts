/**
 * What the service worker (`src/service-worker.ts`) does with each request, as pure functions
 * of URLs and lists, so the rules are tested in Node and the worker only wires them to the
 * Cache Storage and fetch events.
 *
 * Invariants the worker relies on:
 * - every cache this app owns is named with {@link CACHE_PREFIX}; nothing else is ever
 *   deleted (WebLLM keeps its model weights in Cache Storage under its own names);
 * - a deploy's caches are named with its version, so one version's HTML never meets another
 *   version's chunks;
 * - requests to other origins, the app's API and anything but GET are never answered from a
 *   cache (model endpoints, WebLLM's downloads, a class session's events), nor a class's page.
 */

/** The start of every cache name this app owns. */
export const CACHE_PREFIX = 'acl-';

/** The cache of one deploy's app shell, page code, static files and pages. */
export function appCacheName(version: string): string {
  return `${CACHE_PREFIX}app-${version}`;
}

/** The cache of one deploy's runtimes (Pyodide, QuickJS, worker scripts), filled on first use. */
export function runtimeCacheName(version: string): string {
  return `${CACHE_PREFIX}runtimes-${version}`;
}

/**
 * The caches to delete when `version` takes over: this app's caches of other versions. Caches
 * of any other owner (WebLLM's model weights, a library's) are kept.
 */
export function staleCaches(names: readonly string[], version: string): string[] {
  const current = new Set([appCacheName(version), runtimeCacheName(version)]);
  return names.filter((name) => name.startsWith(CACHE_PREFIX) && !current.has(name));
}

/**
 * A big runtime: Pyodide under its versioned path, any WebAssembly, and the worker scripts
 * (the Python and JavaScript sandboxes, the WebLLM engine). Their addresses change with their
 * content, so a cached copy never goes stale; they are cached when first used instead of at
 * install, so a learner who never opens /models never stores WebLLM's 6 MB.
 */
export function isRuntime(pathname: string): boolean {
  return (
    /^\/pyodide\/[^/]+\/[^/]/.test(pathname) ||
    (pathname.startsWith('/_app/immutable/') &&
      (pathname.endsWith('.wasm') || pathname.startsWith('/_app/immutable/workers/')))
  );
}

/** How the worker answers a request. */
export type Strategy =
  /** not answered by the worker: the browser fetches it as if there were none */
  | 'none'
  /** a runtime file: the cache, else the network (then kept) */
  | 'runtime'
  /** a precached file of this build: the cache, else the network */
  | 'asset'
  /** a page: the network, else the cache (offline) */
  | 'page'
  /** a page's data for a client-side navigation: the network, else the cache */
  | 'data';

/** What the worker needs to know about a request. */
export interface RequestFacts {
  url: URL;
  method: string;
  /** `Request.mode`: 'navigate' for a document load */
  mode: string;
  /** the worker's own origin */
  origin: string;
  /** the paths precached at install (build files and static files, runtimes excluded) */
  precached: ReadonlySet<string>;
}

/** The strategy for one request (see {@link Strategy}). */
export function strategyFor({ url, method, mode, origin, precached }: RequestFacts): Strategy {
  if (method !== 'GET' || url.origin !== origin) return 'none';
  const path = url.pathname;
  if (path === '/api' || path.startsWith('/api/')) return 'none';
  // A class's page (and its data) shows the teacher's step now: a cached copy would be stale.
  if (path === '/class' || path.startsWith('/class/')) return 'none';
  if (isRuntime(path)) return 'runtime';
  if (precached.has(path)) return 'asset';
  if (mode === 'navigate') return 'page';
  if (path.endsWith('/__data.json')) return 'data';
  return 'none';
}

/** The precache list: the build's files and the static files, without the runtimes. */
export function precacheList(build: readonly string[], files: readonly string[]): string[] {
  return [...new Set([...build, ...files])].filter((path) => !isRuntime(path));
}

/** The runtime files this build knows of (cached on first use, not at install). */
export function runtimeList(build: readonly string[], files: readonly string[]): string[] {
  return [...new Set([...build, ...files])].filter(isRuntime);
}

const KIT_PARAM = /^x-sveltekit-/;

/**
 * The address a page's data is kept under: SvelteKit adds `x-sveltekit-invalidated` (which
 * loads to rerun) and `x-sveltekit-trailing-slash` to the address it fetches on a client-side
 * navigation; without them the server answers every load's data, which is right whichever
 * loads the client asked for. Other parameters (`?lang=`) select the content and are kept.
 */
export function dataKey(url: URL): string {
  const key = new URL(url);
  for (const name of [...key.searchParams.keys()])
    if (KIT_PARAM.test(name)) key.searchParams.delete(name);
  return key.href;
}

/**
 * The address of a page's data, as SvelteKit fetches it on a client-side navigation (without
 * its own parameters, see {@link dataKey}). `page` is a path with an optional query.
 */
export function dataUrlOf(page: string, origin: string): string {
  const url = new URL(page, origin);
  url.pathname = url.pathname === '/' ? '/__data.json' : `${url.pathname}/__data.json`;
  return url.href;
}

/**
 * The file name of the build's start script (`start.<hash>.js`), which every page of this
 * build loads; null when the build has none (a dev server).
 */
export function startScriptOf(build: readonly string[]): string | null {
  const start = build.find((path) => /\/entry\/start\.[^/]+\.js$/.test(path));
  return start ? start.slice(start.lastIndexOf('/') + 1) : null;
}

/**
 * True when a page's HTML belongs to this build: it loads this build's start script. A page
 * from another deploy (the server was updated while this worker still runs) names other
 * chunks; kept in this version's cache, it would later open offline with chunks it cannot get.
 */
export function isPageOfBuild(html: string, startScript: string | null): boolean {
  return startScript === null || html.includes(`/_app/immutable/entry/${startScript}`);
}
