/**
 * `npm run bench:js -- --browser`: the same programs in Chromium, through the app's own browser
 * sandbox (`browser-worker.ts`) served by Vite's dev server: the QuickJS worker the app uses
 * against the old V8 worker (`sandbox-javascript.ts`), one program at a time, alternating.
 * Per program, median of the rounds: the run (program and tests) and the round trip (request to
 * result, a fresh worker's start included, with a spare worker started ahead as the app does).
 */
import { chromium } from '@playwright/test';
import { createServer } from 'vite';
import type { ExecRequest, ExecResult } from '../lib/core/run/effects';

/** One round of one program in one engine, as the page measured it. */
export interface BrowserTiming {
  engine: 'QuickJS' | 'V8';
  program: number;
  run: number;
  trip: number;
  result: ExecResult;
}

/** Runs every program `rounds` times in each engine in Chromium; returns every timing. */
export async function browserTimings(
  requests: ExecRequest[],
  rounds: number
): Promise<BrowserTiming[]> {
  const server = await createServer({
    server: { port: 0, host: '127.0.0.1' },
    logLevel: 'error'
  });
  await server.listen();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run']
  });
  try {
    const page = await browser.newPage();
    const origin = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1/';
    await page.goto(origin);
    return await page.evaluate(
      async ({ requests, rounds }) => {
        const path = '/src/lib/runtimes/javascript/browser-worker.ts';
        const mod = (await import(
          /* @vite-ignore */ path
        )) as typeof import('../lib/runtimes/javascript/browser-worker');
        const engines = {
          QuickJS: mod.createBrowserJsSandbox({ maxWorkers: 1 }),
          V8: mod.createBrowserJsSandbox({ maxWorkers: 1, createWorker: mod.createV8JsWorker })
        };
        await Promise.all([engines.QuickJS.warm(), engines.V8.warm()]);
        // One round of everything first, not counted: the dev server compiles on first use.
        for (const request of requests) {
          await engines.QuickJS.execute(request);
          await engines.V8.execute(request);
        }
        const out: BrowserTiming[] = [];
        for (let program = 0; program < requests.length; program++) {
          for (let round = 0; round < rounds; round++) {
            for (const engine of ['QuickJS', 'V8'] as const) {
              const started = performance.now();
              const result = await engines[engine].execute(requests[program]);
              const trip = performance.now() - started;
              out.push({ engine, program, run: result.durationMs, trip, result });
            }
          }
        }
        engines.QuickJS.dispose();
        engines.V8.dispose();
        return out;
      },
      { requests, rounds }
    );
  } finally {
    await browser.close();
    await server.close();
  }
}
