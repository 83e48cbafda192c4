/**
 * The WebLLM models stored in this browser, read straight from the Cache API (WebLLM's
 * default store: caches "webllm/model", "webllm/config", "webllm/wasm"), so listing them
 * needs neither WebLLM's 2 MB of code nor the network. A model is the folder before
 * `/resolve/` in its files' URLs (`…/mlc-ai/<model id>/resolve/main/params_shard_0.bin`).
 */

/** The part of `CacheStorage` used (a fake one in tests). */
export interface CacheStorageLike {
  keys(): Promise<string[]>;
  open(name: string): Promise<CacheLike>;
}
export interface CacheLike {
  keys(): Promise<readonly { url: string }[]>;
  match(
    url: string
  ): Promise<
    { headers: { get(name: string): string | null }; blob(): Promise<{ size: number }> } | undefined
  >;
  delete(url: string): Promise<boolean>;
}

export const WEBLLM_CACHES = ['webllm/model', 'webllm/config', 'webllm/wasm'] as const;

/** One stored model. */
export interface CachedModel {
  id: string;
  bytes: number;
  files: number;
  /** the weights index is stored: WebLLM can tell which shards are missing */
  hasIndex: boolean;
}

/** The model a stored file belongs to, or null. */
export function modelOfUrl(url: string): string | null {
  const m = /\/([^/]+)\/resolve\/[^/]+\//.exec(url);
  return m ? decodeURIComponent(m[1]) : null;
}

async function sizeOf(cache: CacheLike, url: string): Promise<number> {
  const response = await cache.match(url);
  if (!response) return 0;
  const length = Number(response.headers.get('content-length'));
  if (Number.isFinite(length) && length > 0) return length;
  return (await response.blob()).size;
}

/** Every model with files in WebLLM's caches, largest first. */
export async function listCachedModels(storage: CacheStorageLike): Promise<CachedModel[]> {
  const names = new Set(await storage.keys());
  const found = new Map<string, CachedModel>();
  for (const name of WEBLLM_CACHES) {
    if (!names.has(name)) continue;
    const cache = await storage.open(name);
    for (const { url } of await cache.keys()) {
      const id = modelOfUrl(url);
      if (!id) continue;
      const entry = found.get(id) ?? { id, bytes: 0, files: 0, hasIndex: false };
      entry.bytes += await sizeOf(cache, url);
      entry.files++;
      if (url.endsWith('/tensor-cache.json')) entry.hasIndex = true;
      found.set(id, entry);
    }
  }
  return [...found.values()].sort((a, b) => b.bytes - a.bytes);
}

/**
 * Delete every stored file of a model (weights, tokenizer, config), including a half-finished
 * download whose index never arrived. Returns how many files went.
 */
export async function deleteCachedFiles(storage: CacheStorageLike, id: string): Promise<number> {
  const names = new Set(await storage.keys());
  let deleted = 0;
  for (const name of WEBLLM_CACHES) {
    if (!names.has(name)) continue;
    const cache = await storage.open(name);
    for (const { url } of await cache.keys()) {
      if (modelOfUrl(url) === id && (await cache.delete(url))) deleted++;
    }
  }
  return deleted;
}
