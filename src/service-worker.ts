/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />
/**
 * Offline after the first visit. At install this worker keeps one deploy's app: its shell and
 * every page's code (`build`), the static files, and the HTML and data of every page
 * (`/offline-pages.json`, prerendered), but not the big runtimes: Pyodide, the WebAssembly
 * files and the worker scripts are kept when first used. Pages come from the network while
 * there is one (a deploy's new HTML is seen at once) and from the cache offline.
 *
 * A new deploy installs a new worker, which waits: the page offers "Reload to update" and,
 * when the learner asks, sends `skip-waiting`; until then the old worker keeps answering with
 * the old version's files, so a run in progress never loads a chunk of another build. Only
 * this app's own caches of other versions are deleted (cache-policy.ts): WebLLM's model
 * weights stay where WebLLM keeps them. Other origins, `/api/*` and non-GET requests are never
 * answered from a cache.
 */
import { build, files, prerendered, version } from '$service-worker';
import {
  appCacheName,
  dataKey,
  dataUrlOf,
  isPageOfBuild,
  precacheList,
  runtimeCacheName,
  runtimeList,
  staleCaches,
  startScriptOf,
  strategyFor
} from '$lib/core/offline/cache-policy';

const sw = self as unknown as ServiceWorkerGlobalScope;

const APP = appCacheName(version);
const RUNTIMES = runtimeCacheName(version);
const PAGES_LIST = '/offline-pages.json';
const PRECACHE = precacheList(build, files);
const PRECACHED = new Set(PRECACHE);
const RUNTIME_FILES = runtimeList(build, files);
const START_SCRIPT = startScriptOf(build);

/** The pages to keep, from the prerendered list (absent in dev, where Kit prerenders nothing). */
async function pagesToKeep(): Promise<string[]> {
  if (!prerendered.includes(PAGES_LIST)) return [];
  const response = await fetch(PAGES_LIST, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${PAGES_LIST}: ${response.status}`);
  return (await response.json()) as string[];
}

/** Fetches a page and keeps it, if it is this build's (else the install fails and is retried). */
async function keepPage(cache: Cache, page: string): Promise<void> {
  const response = await fetch(page, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${page}: ${response.status}`);
  if (!isPageOfBuild(await response.clone().text(), START_SCRIPT))
    throw new Error(`${page} is from another deploy than this worker`);
  await cache.put(page, response);
}

async function install(): Promise<void> {
  const cache = await caches.open(APP);
  await cache.addAll(PRECACHE);
  const pages = await pagesToKeep();
  await Promise.all(pages.map((page) => keepPage(cache, page)));
  await cache.addAll(pages.map((page) => new Request(dataUrlOf(page, sw.location.origin))));
}

/**
 * Runtime files the browser already holds in its HTTP cache, copied into this worker's cache.
 * On a first visit the page's workers start before this worker controls the page, so their
 * fetches never pass through here; `only-if-cached` copies what they fetched without a byte
 * over the network (and fails, harmlessly, for what nobody has used).
 */
async function adoptRuntimes(): Promise<void> {
  const cache = await caches.open(RUNTIMES);
  await Promise.all(
    RUNTIME_FILES.map(async (path) => {
      if (await cache.match(path)) return;
      // a runtime file of the previous version, at the same versioned address
      const kept = await caches.match(path);
      if (kept) return cache.put(path, kept);
      const response = await fetch(path, { cache: 'only-if-cached', mode: 'same-origin' }).catch(
        () => null
      );
      if (response?.ok) await cache.put(path, response);
    })
  );
}

async function activate(): Promise<void> {
  // Runtimes of the previous version at unchanged addresses are kept (adoptRuntimes looks in
  // every cache) before the old caches go.
  await adoptRuntimes();
  const names = await caches.keys();
  await Promise.all(staleCaches(names, version).map((name) => caches.delete(name)));
  // On a first install, take the open page, so what it fetches from now on is kept (after an
  // update, skip-waiting has already handed the pages over, and this changes nothing).
  await sw.clients.claim();
}

sw.addEventListener('install', (event) => event.waitUntil(install()));
sw.addEventListener('activate', (event) => event.waitUntil(activate()));

sw.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'skip-waiting') void sw.skipWaiting();
});

/** Cache first: the file's address changes with its content, so a kept copy is never stale. */
async function cacheFirst(request: Request, cacheName: string): Promise<Response> {
  const cache = await caches.open(cacheName);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && response.status === 200 && response.type === 'basic')
    await cache.put(request, response.clone());
  return response;
}

/** Network first for a document load; offline, the kept copy of the page. */
async function page(event: FetchEvent): Promise<Response> {
  const { request } = event;
  const cache = await caches.open(APP);
  try {
    const response = await fetch(request);
    // Refresh the kept copy (the page as the learner last saw it) when it is this build's.
    if (response.ok && response.type === 'basic')
      event.waitUntil(keepIfOfBuild(cache, request.url, response.clone()));
    return response;
  } catch (error) {
    const kept = await cache.match(request.url);
    if (kept) return kept;
    throw error;
  }
}

async function keepIfOfBuild(cache: Cache, url: string, response: Response): Promise<void> {
  if (isPageOfBuild(await response.clone().text(), START_SCRIPT)) await cache.put(url, response);
}

/**
 * Network first for a page's data; offline, the data kept at install (all of the page's loads,
 * see `dataKey`). Data fetched online is not kept: it could come from a newer deploy than this
 * worker's code, which HTML can be checked for and data cannot.
 */
async function data(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    const kept = await (await caches.open(APP)).match(dataKey(new URL(request.url)));
    if (kept) return kept;
    throw error;
  }
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  const strategy = strategyFor({
    url: new URL(request.url),
    method: request.method,
    mode: request.mode,
    origin: sw.location.origin,
    precached: PRECACHED
  });
  if (strategy === 'none') return;
  if (strategy === 'runtime') return event.respondWith(cacheFirst(request, RUNTIMES));
  if (strategy === 'asset') return event.respondWith(cacheFirst(request, APP));
  // A page or its data: the learner is moving on, and a worker started before this one took
  // over may have fetched runtimes since; keep them now (from the HTTP cache, no network).
  event.waitUntil(adoptRuntimes());
  event.respondWith(strategy === 'page' ? page(event) : data(request));
});
