// npm run bench:delivery: bytes a learner's browser receives from `node build`, as shipped
// (precompressed, cached) and as adapter-node serves the same build by default (the reference),
// in one run. Needs a build (`npm run build`) and Chromium (CHROMIUM_PATH, default
// /usr/bin/chromium). Plain JavaScript: it starts the build's own server files.
//
// For each server, in a fresh browser profile: open lesson 2 until Python is ready (a cold first
// lesson), press Next (client-side navigation to lesson 3), reload lesson 3, and open lesson 4
// by its address. It prints the bytes over the wire (response bodies as sent, compressed or not,
// plus headers), the seconds until the lesson's run waits for its first Step (Python loaded),
// and the ratios shipped / reference. The network is not throttled (its requests come from
// workers, which the page's throttling does not reach); the time a 10 Mbit/s classroom link
// would need for those bytes is computed, and marked as such.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const BUILD = new URL('../../build/', import.meta.url);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHIPPED_PORT = Number(process.env.BENCH_PORT ?? 4391);
const REFERENCE_PORT = SHIPPED_PORT + 1;
const CLASSROOM_BITS_PER_S = 10e6;

if (!existsSync(new URL('kit-handler.js', BUILD))) {
  console.error('No build found: run `npm run build` first.');
  process.exit(1);
}

/** `node build` as shipped, in a child process; resolves once it listens. */
async function startShipped() {
  const child = spawn(process.execPath, [new URL('index.js', BUILD).pathname], {
    env: {
      ...process.env,
      PORT: String(SHIPPED_PORT),
      HOST: '127.0.0.1',
      ORIGIN: `http://127.0.0.1:${SHIPPED_PORT}`
    },
    stdio: ['ignore', 'pipe', 'inherit']
  });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (text) => String(text).includes('Listening') && resolve(undefined));
    child.once('exit', (code) => reject(new Error(`node build exited with ${code}`)));
  });
  return { origin: `http://127.0.0.1:${SHIPPED_PORT}`, close: () => child.kill() };
}

/**
 * The reference: the same build's adapter-node handler with the security headers (which the
 * app needs to run at all), and nothing else — adapter-node's defaults: no compression, a cache
 * header only on `/_app/immutable/`.
 */
async function startReference() {
  process.env.ORIGIN = `http://127.0.0.1:${REFERENCE_PORT}`;
  const { handler } = await import(new URL('kit-handler.js', BUILD).href);
  const { securityHeadersMiddleware } = await import(new URL('security-headers.js', BUILD).href);
  const server = createServer((req, res) =>
    securityHeadersMiddleware(req, res, () => handler(req, res, () => res.writeHead(404).end()))
  );
  await new Promise((resolve) => server.listen(REFERENCE_PORT, '127.0.0.1', () => resolve(null)));
  return { origin: `http://127.0.0.1:${REFERENCE_PORT}`, close: () => server.close() };
}

/**
 * Waits until a lesson's run waits for its first Step: Python is loaded.
 * @param {import('@playwright/test').Page} page
 */
async function pythonReady(page) {
  await page
    .getByTestId('player-status')
    .filter({ hasText: /press Step$/ })
    .waitFor({
      timeout: 180_000
    });
}

/**
 * Runs the four visits against one server; returns bytes and seconds for each.
 * @param {import('@playwright/test').Browser} browser
 * @param {string} origin
 * @returns {Promise<{ name: string, bytes: number, seconds: number }[]>}
 */
async function visits(browser, origin) {
  const context = await browser.newContext({ baseURL: origin });
  const page = await context.newPage();
  let bytes = 0;
  let pythonWorkers = 0;
  page.on('worker', (worker) => {
    if (worker.url().includes('/sandbox-python')) pythonWorkers++;
  });
  page.on('requestfinished', async (/** @type {import('@playwright/test').Request} */ request) => {
    const sizes = await request.sizes().catch(() => null);
    if (sizes) bytes += sizes.responseBodySize + sizes.responseHeadersSize;
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 500));
  /** @type {{ name: string, bytes: number, seconds: number }[]} */
  const rows = [];
  /** @param {string} name @param {() => Promise<void>} go */
  const measure = async (name, go) => {
    await settle();
    const before = bytes;
    const start = performance.now();
    await go();
    await pythonReady(page);
    const seconds = (performance.now() - start) / 1000;
    await settle(); // late responses of this visit count for it
    rows.push({ name, bytes: bytes - before, seconds });
  };
  await measure('cold: open lesson 2', () => page.goto('/lessons/self-debugging').then(() => {}));
  await measure('Next (client-side) to lesson 3', async () => {
    const before = pythonWorkers;
    await page.getByRole('link', { name: /Next/ }).first().click();
    // The lesson left behind also said "press Step": wait for this lesson's own Python worker
    // (each lesson page starts one today), whose player's status is then the one shown. A page
    // that keeps the worker (issue 15's goal) starts none: after 10 s, go on without it
    // (its time then includes those 10 s, which says to change this wait).
    await page.waitForURL((url) => !url.pathname.endsWith('/self-debugging'));
    const deadline = performance.now() + 10_000;
    while (pythonWorkers === before && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
  });
  await measure('reload lesson 3', () => page.reload().then(() => {}));
  await measure('open lesson 4 by address', () =>
    page.goto('/lessons/self-planning').then(() => {})
  );
  await context.close();
  return rows;
}

const mb = (/** @type {number} */ bytes) => `${(bytes / 1e6).toFixed(2)} MB`;

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
});
const shipped = await startShipped();
const reference = await startReference();
try {
  const ours = await visits(browser, shipped.origin);
  const ref = await visits(browser, reference.origin);
  console.log(
    'visit'.padEnd(34),
    'shipped'.padStart(10),
    'reference'.padStart(10),
    'ratio'.padStart(7),
    '  time to Python (shipped / reference)',
    '  10 Mbit/s for the bytes (computed)'
  );
  for (let i = 0; i < ours.length; i++) {
    const a = ours[i];
    const b = ref[i];
    const transfer = (/** @type {number} */ x) =>
      `${((x * 8) / CLASSROOM_BITS_PER_S).toFixed(1)} s`;
    console.log(
      a.name.padEnd(34),
      mb(a.bytes).padStart(10),
      mb(b.bytes).padStart(10),
      `${(a.bytes / b.bytes).toFixed(2)}×`.padStart(7),
      `  ${a.seconds.toFixed(1)} s / ${b.seconds.toFixed(1)} s`.padEnd(40),
      `  ${transfer(a.bytes)} / ${transfer(b.bytes)}`
    );
  }
} finally {
  shipped.close();
  reference.close();
  await browser.close();
}
