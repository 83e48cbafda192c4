// npm run bench:interactive -- <before> [after]: how soon a cold lesson page is interactive, for
// two builds served side by side in one run, so that a busy shared machine slows both alike.
// `before` and `after` are build folders (after defaults to `build/`); copy a build aside before
// a change (inside the project, e.g. `node_modules/.bench/before`, so that its server finds its
// packages). Both sit behind the same kind of throttled link as `bench:delivery` (10 Mbit/s,
// 40 ms round trip). It prints, per build, the page's own scripts once it is interactive and
// has settled (count, bytes over the wire and decoded, and how much of them ran: Chromium's
// coverage), then the seconds until the Step button works over BENCH_ROUNDS fresh profiles
// (default 7), the builds taken in turns (A B, B A, …), and the after/before ratio per round: a
// ratio, not one absolute time, is what compares on a shared machine.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { startThrottleProxy } from './throttle-proxy.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 7));
const PORT = Number(process.env.BENCH_PORT ?? 4393);
const LINK = { bitsPerSecond: 10e6, roundTripMs: 40 };
const LESSON = '/lessons/self-debugging';

const [before, after = 'build'] = process.argv.slice(2).map((dir) => resolve(dir));
if (!before || ![before, after].every((dir) => existsSync(`${dir}/index.js`))) {
  console.error('Usage: npm run bench:interactive -- <build folder before> [after, default build]');
  process.exit(1);
}

/**
 * A build's `node build` on `port`; resolves once it listens.
 * @param {string} dir
 * @param {number} port
 */
async function serve(dir, port) {
  const child = spawn(process.execPath, [`${dir}/index.js`], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit']
  });
  await new Promise((done, fail) => {
    child.stdout.on('data', (text) => String(text).includes('Listening') && done(undefined));
    child.once('exit', (code) => fail(new Error(`${dir}: the server exited with ${code}`)));
  });
  return child;
}

/**
 * Opens the lesson in a fresh profile through a throttled link until its Step button works.
 * @param {import('@playwright/test').Browser} browser
 * @param {number} port
 * @param {boolean} inspect also read the page's scripts and their coverage
 */
async function open(browser, port, inspect) {
  const proxy = await startThrottleProxy({ port: 0, target: port, ...LINK });
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${proxy.port}` });
  try {
    const page = await context.newPage();
    if (inspect) await page.coverage.startJSCoverage({ resetOnNavigation: false });
    const start = performance.now();
    await page.goto(LESSON);
    await page
      .getByRole('button', { name: 'Step', exact: true })
      .and(page.locator(':enabled'))
      .waitFor({ timeout: 120_000 });
    const seconds = (performance.now() - start) / 1000;
    if (!inspect) return { seconds };
    // What the page has loaded once it has settled (nothing new for a second), its workers'
    // scripts left out: which lazy chunks have arrived at the moment Step works is a race.
    const pageScripts = () =>
      page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .filter((e) => e.name.endsWith('.js') && !e.name.includes('/workers/'))
          .map((e) => {
            const timing = /** @type {PerformanceResourceTiming} */ (e);
            return { wire: timing.encodedBodySize, decoded: timing.decodedBodySize };
          })
      );
    let scripts = await pageScripts();
    for (let quiet = 0, waited = 0; quiet < 2 && waited < 20; waited++) {
      await page.waitForTimeout(500);
      const now = await pageScripts();
      quiet = now.length === scripts.length ? quiet + 1 : 0;
      scripts = now;
    }
    let total = 0;
    let used = 0;
    for (const script of await page.coverage.stopJSCoverage()) {
      if (!script.url.includes('/_app/') || !script.source) continue;
      // Block coverage: inner ranges come after the ranges that hold them, so each byte ends
      // up marked by the innermost range around it.
      const ran = new Uint8Array(script.source.length);
      for (const fn of script.functions)
        for (const range of fn.ranges)
          ran.fill(range.count > 0 ? 1 : 0, range.startOffset, range.endOffset);
      total += script.source.length;
      used += ran.reduce((sum, byte) => sum + byte, 0);
    }
    const sum = (/** @type {'wire' | 'decoded'} */ key) =>
      scripts.reduce((all, script) => all + script[key], 0);
    return {
      seconds,
      count: scripts.length,
      wire: sum('wire'),
      decoded: sum('decoded'),
      total,
      used
    };
  } finally {
    await context.close();
    proxy.close();
  }
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const kb = (/** @type {number} */ bytes) => `${(bytes / 1e3).toFixed(0)} KB`;
const builds = [
  { name: 'before', dir: before, port: PORT },
  { name: 'after', dir: after, port: PORT + 1 }
];
const servers = await Promise.all(builds.map((b) => serve(b.dir, b.port)));
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
});
try {
  for (const b of builds) await open(browser, b.port, false); // warm each server's renders
  for (const b of builds) {
    const s = await open(browser, b.port, true);
    console.log(
      `${b.name.padEnd(6)} ${s.count} scripts, ${kb(s.wire ?? 0)} over the wire, ` +
        `${kb(s.decoded ?? 0)} decoded; ran ${kb(s.used ?? 0)} of ${kb(s.total ?? 0)} (${b.dir})`
    );
  }
  /** @type {number[][]} */
  const seconds = [[], []];
  for (let round = 0; round < ROUNDS; round++)
    for (const i of round % 2 ? [1, 0] : [0, 1])
      seconds[i].push((await open(browser, builds[i].port, false)).seconds);
  for (const [i, b] of builds.entries())
    console.log(
      `${b.name.padEnd(6)} interactive ${seconds[i].map((s) => s.toFixed(2)).join(' ')} s, ` +
        `median ${median(seconds[i]).toFixed(2)} s`
    );
  const ratios = seconds[1].map((s, round) => s / seconds[0][round]);
  console.log(
    `after/before per round ${ratios.map((r) => r.toFixed(2)).join(' ')}, ` +
      `median ${median(ratios).toFixed(2)}`
  );
} finally {
  await browser.close();
  for (const server of servers) server.kill();
}
