// npm run bench:delivery: what a learner on a busy classroom link gets from `node build`, as
// shipped (precompressed, cached, a service worker) and as adapter-node serves the same build by
// default with no service worker (the reference), in one run. Needs a build (`npm run build`) and
// Chromium (CHROMIUM_PATH, default /usr/bin/chromium). Plain JavaScript: it starts the build's
// own server files.
//
// Both servers sit behind the same throttling proxy (throttle-proxy.js: 10 Mbit/s shared, 40 ms
// round trip), which reaches everything the browser fetches — workers and the service worker
// too — and counts the bytes over the wire. The servers are warmed first (a classroom's server
// has rendered its pages before). For each server, in a fresh browser profile: open lesson 2
// (a cold first lesson), press Next (client-side navigation to lesson 3), reload lesson 3, then
// go offline and open lesson 4 by its address, then every lesson by its address. For each visit
// it prints the bytes (until the link has been quiet for a second: the service worker's
// background caching counts for the visit that caused it), the seconds until the page is
// interactive (its Step button works), the seconds until the first program has run (Step
// pressed until a test table shows) and how many Python workers the visit started; then how
// many lessons opened offline. Last, the time to interactive of a cold first lesson again, in
// several fresh profiles per server taken in turns, as a median and range: one open on a shared
// machine is too noisy to compare with a goal.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, readdirSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { startThrottleProxy } from './throttle-proxy.js';

const BUILD = new URL('../../build/', import.meta.url);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHIPPED_PORT = Number(process.env.BENCH_PORT ?? 4391);
const REFERENCE_PORT = SHIPPED_PORT + 1;
const LINK = { bitsPerSecond: 10e6, roundTripMs: 40 };
/** every lesson's address: its folder name without the number */
const LESSONS = readdirSync(new URL('../../lessons/', import.meta.url))
  .filter((name) => /^\d{2}-/.test(name))
  .map((name) => name.slice(3));

if (!existsSync(new URL('kit-handler.js', BUILD))) {
  console.error('No build found: run `npm run build` first.');
  process.exit(1);
}

/** `node build` as shipped, in a child process; resolves once it listens. */
async function startShipped() {
  const child = spawn(process.execPath, [new URL('index.js', BUILD).pathname], {
    env: { ...process.env, PORT: String(SHIPPED_PORT), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit']
  });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (text) => String(text).includes('Listening') && resolve(undefined));
    child.once('exit', (code) => reject(new Error(`node build exited with ${code}`)));
  });
  return { port: SHIPPED_PORT, close: () => child.kill() };
}

/**
 * The reference: the same build's adapter-node handler with the security headers (which the
 * app needs to run at all), and nothing else — adapter-node's defaults: no compression, a cache
 * header only on `/_app/immutable/` — and no service worker (its script is not found, as if
 * the app had none).
 */
async function startReference() {
  const { handler } = await import(new URL('kit-handler.js', BUILD).href);
  const { securityHeadersMiddleware } = await import(new URL('security-headers.js', BUILD).href);
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/service-worker.js')) return void res.writeHead(404).end();
    securityHeadersMiddleware(req, res, () => handler(req, res, () => res.writeHead(404).end()));
  });
  await new Promise((resolve) => server.listen(REFERENCE_PORT, '127.0.0.1', () => resolve(null)));
  return { port: REFERENCE_PORT, close: () => server.close() };
}

/**
 * @typedef {{ name: string, bytes: number, interactive: number | null,
 *   firstRun: number | null, pythonStarts: number, failed?: string }} Row
 */

/**
 * The bench steps lessons to their verdicts: it turns their prediction stops off, as a learner
 * can with the lesson's checkbox, so no question waits for a choice.
 * @param {import('@playwright/test').BrowserContext} context
 */
async function noPredictionStops(context) {
  await context.addInitScript(() => {
    try {
      localStorage.setItem('acl-predictions', 'off');
    } catch {
      // no storage: no predictions saved either
    }
  });
}

/**
 * Runs the visits against one server behind the throttling proxy.
 * @param {import('@playwright/test').Browser} browser
 * @param {number} target the server's port
 * @returns {Promise<{ rows: Row[],
 *   offline: { opened: number, stepped: number, ran: number, failed: string[] } }>}
 */
async function visits(browser, target) {
  // A classroom's server is warm: its first render (loading the server's modules) is not a
  // learner's wait. One request per page, straight to the server, before anything is measured.
  for (const path of [
    '/lessons/self-debugging',
    '/lessons/rubber-duck-and-trace',
    '/lessons/self-planning'
  ])
    await (await fetch(`http://127.0.0.1:${target}${path}`)).text();
  const proxy = await startThrottleProxy({ port: 0, target, ...LINK });
  // The server's own origin check (ORIGIN) is not involved: the bench only sends GETs.
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${proxy.port}` });
  await noPredictionStops(context);
  const page = await context.newPage();
  let pythonStarts = 0;
  page.on('worker', (worker) => {
    if (worker.url().includes('sandbox-python')) pythonStarts++;
  });
  /** Waits until nothing has crossed the link for a second (at most 120 s). */
  const quiet = async () => {
    const deadline = performance.now() + 120_000;
    while (performance.now() - proxy.lastActivity < 1000 && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
  };
  const step = page.getByRole('button', { name: 'Step', exact: true });
  const testTable = page.getByRole('region', { name: /^Tests/ }).getByRole('table');
  const stepOf = async () =>
    Number(/Step\s+(\d+)/.exec((await page.getByTestId('step-counter').textContent()) ?? '')?.[1]);
  /** Steps until the first program has run (its tests table shows), one step at a time. */
  const untilFirstRun = async () => {
    for (let presses = 0; presses < 30 && !(await testTable.count()); presses++) {
      const before = await stepOf();
      await step.click();
      await page.waitForFunction(
        (before) => {
          const text = document.querySelector('[data-testid="step-counter"]')?.textContent;
          return Number(/Step\s+(\d+)/.exec(text ?? '')?.[1]) > before;
        },
        before,
        { timeout: 180_000 }
      );
    }
    await testTable.first().waitFor({ timeout: 180_000 });
  };
  const verdict = page.getByTestId('verdict');
  const question = page.getByRole('form', { name: 'The model asks you' });
  /** Steps to the run's verdict, answering a clarifying question if one is asked. */
  const untilVerdict = async () => {
    for (let presses = 0; presses < 150 && !(await verdict.isVisible()); presses++) {
      if (await question.isVisible()) {
        await question.getByRole('textbox').fill('The lower of the two middle values.');
        await question.getByRole('button', { name: 'Send answer' }).click();
        await question.waitFor({ state: 'hidden' });
        continue;
      }
      const before = await stepOf();
      await step.click();
      await page.waitForFunction(
        (before) =>
          document.querySelector('[data-testid="verdict"]') ||
          document.getElementById('ask-title') ||
          Number(
            /Step\s+(\d+)/.exec(
              document.querySelector('[data-testid="step-counter"]')?.textContent ?? ''
            )?.[1]
          ) > before,
        before,
        { timeout: 60_000 }
      );
    }
    await verdict.waitFor({ timeout: 1000 });
  };
  /** @type {Row[]} */
  const rows = [];
  /** @param {string} name @param {() => Promise<unknown>} go */
  const measure = async (name, go) => {
    await quiet();
    const bytesBefore = proxy.bytesDown + proxy.bytesUp;
    const startsBefore = pythonStarts;
    const start = performance.now();
    const seconds = () => (performance.now() - start) / 1000;
    /** @type {Row} */
    const row = { name, bytes: 0, interactive: null, firstRun: null, pythonStarts: 0 };
    try {
      await go();
      await step.and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
      row.interactive = seconds();
      await untilFirstRun();
      row.firstRun = seconds();
    } catch (error) {
      row.failed = String(error).split('\n')[0].slice(0, 80);
    }
    await quiet();
    row.bytes = proxy.bytesDown + proxy.bytesUp - bytesBefore;
    row.pythonStarts = pythonStarts - startsBefore;
    rows.push(row);
  };
  await measure('cold: open lesson 2', () => page.goto('/lessons/self-debugging'));
  await measure('Next (client-side) to lesson 3', async () => {
    await page.getByRole('link', { name: /Next/ }).first().click();
    await page.waitForURL((url) => !url.pathname.endsWith('/self-debugging'));
  });
  await measure('reload lesson 3', () => page.reload());
  await context.setOffline(true);
  await measure('offline: lesson 4 by address', () => page.goto('/lessons/self-planning'));
  // Every lesson by its address, offline: does its page open, and does its run reach its
  // verdict? (A lesson of two runs side by side has no single Step: opening is checked there.)
  const offline = { opened: 0, ran: 0, stepped: 0, failed: /** @type {string[]} */ ([]) };
  for (const slug of LESSONS) {
    const response = await page.goto(`/lessons/${slug}`).catch(() => null);
    if (!response?.ok() || !(await page.locator('h1').count())) continue;
    offline.opened++;
    if (!(await step.count())) continue;
    offline.stepped++;
    // A lesson visited before opens its saved run, a moment after the page: until then no
    // verdict shows even for a finished run, and stepping would wait on a disabled Step.
    await page
      .getByRole('group', { name: 'Your progress in this lesson' })
      .and(page.locator('[data-saved="yes"]'))
      .waitFor({ timeout: 60_000 })
      .catch(() => undefined);
    const failure = await untilVerdict().then(
      () => null,
      (error) => String(error).split('\n')[0].slice(0, 80)
    );
    if (failure) offline.failed.push(`${slug}: ${failure}`);
    else offline.ran++;
  }
  await context.close();
  proxy.close();
  return { rows, offline };
}

/**
 * Seconds from opening lesson 2 in a fresh profile until its Step button works, once. The
 * servers are measured in turns (shipped, reference, shipped, …) so that neither gains from
 * going second on a warmed-up browser or loses to a burst of load on a shared machine.
 * @param {import('@playwright/test').Browser} browser
 * @param {number} target the server's port
 */
async function coldInteractive(browser, target) {
  const proxy = await startThrottleProxy({ port: 0, target, ...LINK });
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${proxy.port}` });
  try {
    const page = await context.newPage();
    const start = performance.now();
    await page.goto('/lessons/self-debugging');
    await page
      .getByRole('button', { name: 'Step', exact: true })
      .and(page.locator(':enabled'))
      .waitFor({ timeout: 120_000 });
    return (performance.now() - start) / 1000;
  } finally {
    await context.close();
    proxy.close();
  }
}

/** The median of some numbers, and their range, as text. */
function spread(/** @type {number[]} */ values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return `${median.toFixed(1)} s (${sorted[0].toFixed(1)}–${sorted.at(-1)?.toFixed(1)})`;
}

/** How many cold opens per server for the interactive time (`BENCH_COLD_ROUNDS`). */
const COLD_ROUNDS = Math.max(1, Number(process.env.BENCH_COLD_ROUNDS ?? 5));

const mb = (/** @type {number} */ bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
const secs = (/** @type {number | null} */ s) => (s === null ? '—' : `${s.toFixed(1)} s`);

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
});
const shipped = await startShipped();
const reference = await startReference();
try {
  const { rows: ours, offline } = await visits(browser, shipped.port);
  const { rows: ref, offline: refOffline } = await visits(browser, reference.port);
  console.log(
    `Link: ${LINK.bitsPerSecond / 1e6} Mbit/s, ${LINK.roundTripMs} ms round trip. ` +
      'shipped / reference (adapter-node defaults, no service worker).'
  );
  console.log(
    'visit'.padEnd(32),
    'bytes'.padStart(21),
    ' ratio',
    '  interactive'.padEnd(17),
    '  first program run'.padEnd(21),
    '  Python starts'
  );
  for (let i = 0; i < ours.length; i++) {
    const a = ours[i];
    const b = ref[i];
    const ratio = b.bytes > 0 ? `${(a.bytes / b.bytes).toFixed(2)}×` : '—';
    console.log(
      a.name.padEnd(32),
      `${mb(a.bytes)} / ${mb(b.bytes)}`.padStart(21),
      ratio.padStart(6),
      `  ${secs(a.interactive)} / ${secs(b.interactive)}`.padEnd(17),
      `  ${secs(a.firstRun)} / ${secs(b.firstRun)}`.padEnd(21),
      `  ${a.pythonStarts} / ${b.pythonStarts}`
    );
    if (a.failed) console.log(`  shipped failed: ${a.failed}`);
    if (b.failed) console.log(`  reference failed: ${b.failed}`);
  }
  console.log(
    `offline, every lesson by its address: ${offline.opened} / ${refOffline.opened} of ` +
      `${LESSONS.length} open; ${offline.ran} / ${refOffline.ran} of the ${offline.stepped} ` +
      'with one Step ran to their verdict'
  );
  for (const failure of offline.failed) console.log(`  offline, shipped: ${failure}`);
  /** @type {number[]} */
  const coldShipped = [];
  /** @type {number[]} */
  const coldReference = [];
  for (let round = 0; round < COLD_ROUNDS; round++) {
    coldShipped.push(await coldInteractive(browser, shipped.port));
    coldReference.push(await coldInteractive(browser, reference.port));
  }
  console.log(
    `cold lesson 2 interactive, ${COLD_ROUNDS} fresh profiles each, in turns: median (range) ` +
      `${spread(coldShipped)} / ${spread(coldReference)}`
  );
} finally {
  shipped.close();
  reference.close();
  await browser.close();
}
