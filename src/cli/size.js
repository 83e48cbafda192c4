// npm run size: the JavaScript the home page makes a browser download, gzip-compressed as a
// server or CDN would send it. Starts the production build (`node build`) on a free port,
// loads the page in Chromium, gzips every script it fetched, and
// fails if the total is over the budget: heavy runtimes must stay off the first page.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const BUDGET_KB = 90;

async function freePort() {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
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
  // What a browser really fetches: Kit's entry imports the page's chunks at run time, so the
  // HTML alone does not list them. Load the page in Chromium and collect every script.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
  });
  /** @type {Set<string>} */
  const urls = new Set();
  /** @type {string[]} */
  const wasm = [];
  try {
    const page = await browser.newPage();
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') urls.add(response.url());
      if (/\.wasm(\?|$)/.test(response.url())) wasm.push(response.url());
    });
    await page.goto(`${origin}/`, { waitUntil: 'networkidle' });
  } finally {
    await browser.close();
  }
  if (urls.size === 0) throw new Error('the home page loaded no JavaScript: is the build there?');

  /** @type {string[]} */
  const heavy = wasm.map((url) => `${url.replace(/^.*\/_app\//, '_app/')} (WebAssembly)`);
  let raw = 0;
  let gzip = 0;
  /** @type {[string, number, number][]} */
  const rows = [];
  for (const url of urls) {
    const body = Buffer.from(await (await fetch(url)).arrayBuffer());
    const gz = gzipSync(body, { level: 9 }).length;
    raw += body.length;
    gzip += gz;
    const name = url.replace(/^.*\/_app\//, '_app/');
    rows.push([name, body.length, gz]);
    // Chunk names are hashes, so look inside: these markers belong to the heavy runtimes.
    const marker =
      /cm-gutters|loadPyodide|sandbox-python|sandbox-quickjs|emscripten-module|web-llm/.exec(
        body.toString('utf8')
      );
    if (marker) heavy.push(`${name} (contains "${marker[0]}")`);
  }
  rows.sort((a, b) => b[2] - a[2]);
  const kb = (/** @type {number} */ n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`Home page JavaScript (${urls.size} files):`);
  for (const [name, r, g] of rows)
    console.log(`  ${kb(g).padStart(9)} gz  ${kb(r).padStart(9)}  ${name}`);
  console.log(`Total: ${kb(gzip)} gzip (${kb(raw)} uncompressed); budget ${BUDGET_KB} KB gzip`);
  if (heavy.length) throw new Error(`heavy runtimes on the home page: ${heavy.join(', ')}`);
  if (gzip > BUDGET_KB * 1024) throw new Error(`the home page's JavaScript is over budget`);
} catch (error) {
  console.error(`size: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  server.kill();
}
