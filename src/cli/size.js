// npm run size: the JavaScript each page runs on its main thread, gzip-compressed as a server
// or CDN would send it, against that page's budget. Starts the production build
// (`node build`) on a free port, opens every page in a fresh Chromium context (a first
// visit), gzips every script the document itself fetched, and fails when a page is over its
// budget or carries a heavy runtime it must not. Workers' scripts are not counted: they
// never block the page, and the heavy runtimes belong there.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

/**
 * Markers of the heavy runtimes inside a chunk (chunk names are hashes, so look inside).
 * WebLLM and Pyodide run only in workers: on a page's main thread they are always a failure.
 */
const HEAVY = {
  CodeMirror: /cm-gutters/,
  'the Python worker': /sandbox-python/,
  QuickJS: /sandbox-quickjs|emscripten-module/,
  Pyodide: /loadPyodide/,
  WebLLM: /web-llm|MLCEngine/
};

/**
 * Each page, its budget in KB of gzip, and the heavy code it may start. A budget is what the
 * page measured when it was set (in `why`, the build of issue 15) plus about 10 %, rounded up
 * to 5 KB: room for a fix or a small feature, not for a new dependency, which should be a
 * conscious change of this table. Nothing may bring WebLLM or Pyodide onto a main thread.
 * @type {{ path: string, budgetKB: number, allow: string[], why: string }[]}
 */
const PAGES = [
  {
    path: '/',
    budgetKB: 55,
    allow: [],
    why: '44.2 KB; the first page anyone sees, and code moved into the layout lands here first (hence a little more room)'
  },
  {
    path: '/lessons/sampling',
    budgetKB: 240,
    allow: ['the Python worker'],
    why: '217.2 KB (222.4 KB before the YAML parser left it): player, run views, the chart; starts the Python worker (not Pyodide itself)'
  },
  {
    path: '/compare',
    budgetKB: 155,
    allow: [],
    why: '146.2 KB: two players side by side, every lesson run as data (lessons 12 and 13, lesson 10 runs of CodeT and AgentCoder, MapCoder and the CPU model added 5 KB)'
  },
  {
    path: '/replay',
    budgetKB: 185,
    allow: [],
    why: '167.9 KB (174.0 KB when set): the player and the import form; a short link (/r/<id>) is the same screen'
  },
  {
    path: '/sandbox',
    budgetKB: 200,
    allow: ['CodeMirror'],
    why: '180.8 KB, of it CodeMirror: the editor is the page'
  },
  {
    path: '/models',
    budgetKB: 100,
    allow: [],
    why: '96.1 KB: the panel; WebLLM (2.2 MB) only in its worker, wllama (55 KB) on a download'
  },
  {
    path: '/bench',
    budgetKB: 160,
    allow: [],
    why: '144.9 KB (issue 19): reading solve folders, the tables and the exports, and the runner (every technique, the model clients) loaded once the page is live'
  },
  {
    path: '/playground',
    budgetKB: 350,
    allow: ['CodeMirror'],
    why: '316.6 KB: the form, whose reference solution is a CodeMirror editor, and the player'
  }
];

async function freePort() {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

const kb = (/** @type {number} */ n) => `${(n / 1024).toFixed(1)} KB`;
const short = (/** @type {string} */ url) => url.replace(/^.*?\/(_app|pyodide)\//, '$1/');

/**
 * The scripts a page's document fetched (its own resource timeline: a worker's fetches are
 * on the worker's) and the workers it started, after the page has settled.
 * @param {import('@playwright/test').Browser} browser
 * @param {string} url
 */
async function scriptsOf(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    /** @type {string[]} */
    const workers = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    // Not 'networkidle': a lesson's worker downloads Python meanwhile, which is not the
    // page's own JavaScript and can take a long time on a busy machine.
    const response = await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    if (!response?.ok()) throw new Error(`${url} answered ${response?.status()}`);
    // Pages import some code after they mount (the playground's editor): the page has
    // settled once its document fetched nothing new for 1.5 s (its own timeline, so the
    // workers' downloads do not count).
    /** @type {string[]} */
    let fetched = [];
    for (let quiet = 0, start = Date.now(); quiet < 3 && Date.now() - start < 30_000;) {
      await page.waitForTimeout(500);
      const now = await page.evaluate(() =>
        performance.getEntriesByType('resource').map((entry) => entry.name)
      );
      quiet = now.length === fetched.length ? quiet + 1 : 0;
      fetched = now;
    }
    const scripts = fetched.filter((name) => /\.m?js(\?|$)/.test(name) && !workers.includes(name));
    const wasm = fetched.filter((name) => /\.wasm(\?|$)/.test(name));
    return { scripts: [...new Set(scripts)], wasm, workers };
  } finally {
    await context.close();
  }
}

/** @type {Map<string, { raw: number, gzip: number, heavy: string[] }>} */
const measured = new Map();
/** @param {string} url */
async function measure(url) {
  let entry = measured.get(url);
  if (!entry) {
    const body = Buffer.from(await (await fetch(url)).arrayBuffer());
    const text = body.toString('utf8');
    entry = {
      raw: body.length,
      gzip: gzipSync(body, { level: 9 }).length,
      heavy: Object.entries(HEAVY)
        .filter(([, marker]) => marker.test(text))
        .map(([name]) => name)
    };
    measured.set(url, entry);
  }
  return entry;
}

/**
 * Every chunk a page could load, not only on opening: a download on /models imports more
 * code. Anything under _app/immutable outside workers/ runs on a main thread, so none of it
 * may hold the runtimes that must stay in workers.
 */
function workerOnlyCodeOnMainThread() {
  const root = 'build/client/_app/immutable';
  /** @type {string[]} */
  const found = [];
  let read = 0;
  for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (file.startsWith('workers') || !file.endsWith('.js')) continue;
    read++;
    const text = readFileSync(join(root, file), 'utf8');
    for (const name of /** @type {const} */ (['WebLLM', 'Pyodide']))
      if (HEAVY[name].test(text)) found.push(`${name} in _app/immutable/${file}`);
  }
  return { found, read };
}

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ['build'], {
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
  stdio: 'ignore'
});

try {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`${origin}/`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
  });
  /** @type {string[]} */
  const failures = [];
  try {
    console.log('Main-thread JavaScript per page, gzip -9 (budget):');
    for (const { path, budgetKB, allow } of PAGES) {
      const { scripts, wasm, workers } = await scriptsOf(browser, origin + path);
      if (scripts.length === 0)
        throw new Error(`${path} loaded no JavaScript: is the build there?`);
      let gzip = 0;
      let raw = 0;
      /** @type {Set<string>} */
      const heavy = new Set();
      /** @type {[string, number][]} */
      const files = [];
      for (const url of scripts) {
        const entry = await measure(url);
        gzip += entry.gzip;
        raw += entry.raw;
        files.push([short(url), entry.gzip]);
        for (const name of entry.heavy) heavy.add(name);
      }
      const over = gzip > budgetKB * 1024;
      const banned = [...heavy].filter((name) => !allow.includes(name));
      if (wasm.length) banned.push(`WebAssembly (${wasm.map(short).join(', ')})`);
      const names = workers.map((w) => short(w).replace(/^.*\/|-[\w-]{8}\.js$/g, ''));
      console.log(
        `  ${over || banned.length ? '✗' : '✓'} ${path.padEnd(18)} ${kb(gzip).padStart(9)}` +
          ` (${budgetKB} KB)  ${String(scripts.length).padStart(2)} files, ${kb(raw)} raw` +
          (heavy.size ? `; has ${[...heavy].join(', ')}` : '') +
          (names.length ? `; workers: ${names.join(', ')}` : '')
      );
      if (over || banned.length) {
        files.sort((a, b) => b[1] - a[1]);
        for (const [name, gz] of files.slice(0, 5))
          console.log(`      ${kb(gz).padStart(9)}  ${name}`);
      }
      if (over) failures.push(`${path} is over its budget: ${kb(gzip)} > ${budgetKB} KB`);
      if (banned.length) failures.push(`${path} loads on its main thread: ${banned.join(', ')}`);
    }
  } finally {
    await browser.close();
  }
  const { found, read } = workerOnlyCodeOnMainThread();
  console.log(
    `  ${found.length ? '✗' : '✓'} WebLLM and Pyodide in no main-thread chunk (${read} read)`
  );
  failures.push(...found.map((f) => `worker-only code on a main thread: ${f}`));
  if (failures.length) throw new Error(failures.join('; '));
} catch (error) {
  console.error(`size: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  server.kill();
}
