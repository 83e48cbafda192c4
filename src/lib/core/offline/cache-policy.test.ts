import { describe, expect, it } from 'vitest';
import {
  appCacheName,
  dataKey,
  dataUrlOf,
  isPageOfBuild,
  isRuntime,
  precacheList,
  runtimeCacheName,
  runtimeList,
  staleCaches,
  startScriptOf,
  strategyFor
} from './cache-policy';

const ORIGIN = 'http://127.0.0.1:4173';
const build = [
  '/_app/immutable/entry/start.Dphg7kth.js',
  '/_app/immutable/entry/app.hIA99P1u.js',
  '/_app/immutable/nodes/4.DyoIxkA4.js',
  '/_app/immutable/assets/0.Csj8YbxC.css',
  '/_app/immutable/assets/emscripten-module.uFzwHH0Y.wasm',
  '/_app/immutable/workers/sandbox-python-B1x2.js',
  '/_app/immutable/workers/webllm-worker-DPr0tEkz.js'
];
const files = ['/favicon.svg', '/pyodide/314.0.7/pyodide.asm.wasm', '/pyodide/314.0.7/pyodide.mjs'];
const precached = new Set(precacheList(build, files));

const strategy = (href: string, init: { method?: string; mode?: string } = {}) =>
  strategyFor({
    url: new URL(href, ORIGIN),
    method: init.method ?? 'GET',
    mode: init.mode ?? 'cors',
    origin: ORIGIN,
    precached
  });

describe('what is precached and what waits for first use', () => {
  it('precaches the page code and static files, not the runtimes', () => {
    expect([...precached].sort()).toEqual(
      [
        '/_app/immutable/entry/start.Dphg7kth.js',
        '/_app/immutable/entry/app.hIA99P1u.js',
        '/_app/immutable/nodes/4.DyoIxkA4.js',
        '/_app/immutable/assets/0.Csj8YbxC.css',
        '/favicon.svg'
      ].sort()
    );
    expect(runtimeList(build, files).sort()).toEqual(
      [
        '/_app/immutable/assets/emscripten-module.uFzwHH0Y.wasm',
        '/_app/immutable/workers/sandbox-python-B1x2.js',
        '/_app/immutable/workers/webllm-worker-DPr0tEkz.js',
        '/pyodide/314.0.7/pyodide.asm.wasm',
        '/pyodide/314.0.7/pyodide.mjs'
      ].sort()
    );
  });

  it('a runtime is a versioned Pyodide file, a wasm or a worker script of the build', () => {
    expect(isRuntime('/pyodide/314.0.7/python_stdlib.zip')).toBe(true);
    expect(isRuntime('/pyodide/pyodide.asm.wasm')).toBe(false); // unversioned: not immutable
    expect(isRuntime('/_app/immutable/workers/chunks/C05apSKl.js')).toBe(true);
    expect(isRuntime('/_app/immutable/chunks/C05apSKl.js')).toBe(false);
    expect(isRuntime('/static/thing.wasm')).toBe(false);
  });
});

describe('how each request is answered', () => {
  it('never touches other origins, the API or anything but GET', () => {
    expect(strategy('https://huggingface.co/mlc-ai/model/resolve/main/params.bin')).toBe('none');
    expect(strategy('http://10.0.0.5:8000/v1/chat/completions', { method: 'POST' })).toBe('none');
    expect(strategy('http://127.0.0.1:9999/lessons/sampling', { mode: 'navigate' })).toBe('none');
    expect(strategy('/api/runs')).toBe('none');
    expect(strategy('/api', { mode: 'navigate' })).toBe('none');
    expect(strategy('/lessons/sampling', { method: 'POST', mode: 'navigate' })).toBe('none');
    expect(strategy('/_app/immutable/entry/start.Dphg7kth.js', { method: 'HEAD' })).toBe('none');
  });

  it('never answers a class from a cache: its page shows the teacher’s step now', () => {
    expect(strategy('/class/K7P4QX', { mode: 'navigate' })).toBe('none');
    expect(strategy('/class/K7P4QX/__data.json?x-sveltekit-invalidated=01')).toBe('none');
    expect(strategy('/api/classes/K7P4QX/events')).toBe('none');
    // only the class pages: a lesson about classes is still a page
    expect(strategy('/classroom', { mode: 'navigate' })).toBe('page');
  });

  it('runtimes and build files from the cache; pages and their data from the network first', () => {
    expect(strategy('/pyodide/314.0.7/pyodide.asm.wasm')).toBe('runtime');
    expect(strategy('/_app/immutable/workers/webllm-worker-DPr0tEkz.js')).toBe('runtime');
    expect(strategy('/_app/immutable/nodes/4.DyoIxkA4.js')).toBe('asset');
    expect(strategy('/favicon.svg')).toBe('asset');
    expect(strategy('/lessons/sampling?lang=javascript', { mode: 'navigate' })).toBe('page');
    expect(strategy('/lessons/sampling/__data.json?x-sveltekit-invalidated=01')).toBe('data');
  });

  it('leaves the rest to the browser: the worker script, the version file, unknown files', () => {
    expect(strategy('/service-worker.js')).toBe('none');
    expect(strategy('/_app/version.json')).toBe('none');
    expect(strategy('/offline-pages.json')).toBe('none');
    expect(strategy('/_app/immutable/chunks/from-another-build.js')).toBe('none');
  });
});

describe('page data', () => {
  it('is kept without SvelteKit’s own parameters, and with the others', () => {
    const asked = new URL(
      '/lessons/self-debugging/__data.json?lang=javascript&x-sveltekit-invalidated=01',
      ORIGIN
    );
    expect(dataKey(asked)).toBe(dataUrlOf('/lessons/self-debugging?lang=javascript', ORIGIN));
    expect(dataKey(asked)).toBe(`${ORIGIN}/lessons/self-debugging/__data.json?lang=javascript`);
    const home = new URL(
      '/__data.json?x-sveltekit-trailing-slash=1&x-sveltekit-invalidated=11',
      ORIGIN
    );
    expect(dataKey(home)).toBe(dataUrlOf('/', ORIGIN));
    expect(dataUrlOf('/', ORIGIN)).toBe(`${ORIGIN}/__data.json`);
  });
});

describe('versions', () => {
  it('deletes only this app’s caches of other versions', () => {
    const names = [
      appCacheName('1'),
      runtimeCacheName('1'),
      appCacheName('2'),
      runtimeCacheName('2'),
      'webllm/model',
      'webllm/wasm',
      'tvmjs',
      'workbox-precache'
    ];
    expect(staleCaches(names, '2')).toEqual([appCacheName('1'), runtimeCacheName('1')]);
  });

  it('keeps a page only when it loads this build’s start script', () => {
    const start = startScriptOf(build);
    expect(start).toBe('start.Dphg7kth.js');
    const page = (script: string) =>
      `<link rel="modulepreload" href="../_app/immutable/entry/${script}">`;
    expect(isPageOfBuild(page('start.Dphg7kth.js'), start)).toBe(true);
    expect(isPageOfBuild(page('start.Zz9newer.js'), start)).toBe(false);
    // a dev server has no build list: nothing to compare with
    expect(startScriptOf([])).toBeNull();
    expect(isPageOfBuild(page('start.Zz9newer.js'), null)).toBe(true);
  });
});
