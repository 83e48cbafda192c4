/**
 * The tree view in a real browser: the production build (`node build`) on a free port, a
 * synthetic search opened as a permalink in Chromium (nothing runs; the log is replayed), and
 * every → step timed two ways: from the key press to the second animation frame after it
 * (what the learner waits; never below one frame), and the main thread's own work for the
 * step (script + style + layout + paint, as Chromium counts it: CDP Performance metrics).
 * The 30-node run is the reference, measured in the same run.
 */
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { encodeRun, shareHash } from '../../lib/core/share/permalink';
import type { RunEvent } from '../../lib/core/run/events';
import { syntheticRun } from '../../lib/testing/tree-log';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Opens a log as a permalink at `step`; resolves once the player is ready. */
export type OpenRun = (events: RunEvent[], step?: number) => Promise<Page>;

/** Runs `fn` against the production build served on a free port, in headless Chromium. */
export async function withApp<T>(fn: (open: OpenRun, browser: Browser) => Promise<T>): Promise<T> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ['build'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: 'ignore'
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
  });
  try {
    for (let i = 0; ; i++) {
      try {
        await fetch(`${origin}/`);
        break;
      } catch {
        if (i > 100) throw new Error('the production server did not start: run `npm run build`');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return await fn(async (events, step = 0) => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const hash = shareHash(await encodeRun(syntheticRun(events)), step);
      await page.goto(`${origin}/replay${hash}`);
      await page.getByTestId('step-counter').waitFor();
      await page.getByRole('button', { name: 'Step' }).waitFor();
      return page;
    }, browser);
  } finally {
    await browser.close();
    server.kill();
  }
}

/** Presses → once; ms from the press to the second frame after it. */
export function stepOnce(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const t0 = performance.now();
        document.body.dispatchEvent(
          new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true })
        );
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
      })
  );
}

/** Chromium's own count of main-thread time, ms since the page opened. */
async function mainThread(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
}

export interface Sample {
  /** ms from the input to the second frame after it */
  latency: number;
  /** ms of main-thread work in that time (script, style, layout, paint) */
  work: number;
}

/** Calls `act` `times` times, measuring each: latency and main-thread work. */
export async function sampleEach(
  page: Page,
  times: number,
  act: (i: number) => Promise<number>
): Promise<Sample[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const samples: Sample[] = [];
  for (let i = 0; i < times; i++) {
    const before = await mainThread(cdp);
    const latency = await act(i);
    samples.push({ latency, work: (await mainThread(cdp)) - before });
  }
  await cdp.detach();
  return samples;
}

export type Gesture = 'zoom-in' | 'zoom-out' | 'pan-left' | 'pan-right';

/**
 * One gesture over the middle of the tree, as the learner's mouse sends it: a wheel notch
 * (zooming in or out about the pointer) or a 12 px drag (pointer down, move, up). ms from
 * the input to the second frame after it.
 */
export function gestureOnce(page: Page, gesture: Gesture): Promise<number> {
  return page.evaluate(
    (gesture) =>
      new Promise<number>((resolve) => {
        const svg = document.querySelector('[data-testid="tree-svg"]');
        if (!svg) throw new Error('no tree on the page');
        const box = svg.getBoundingClientRect();
        const x = box.x + box.width / 2;
        const y = box.y + box.height / 2;
        // (no helper functions here: the bundler would wrap them in a name the page lacks)
        const init = { clientX: x, clientY: y, bubbles: true, cancelable: true, view: window };
        const t0 = performance.now();
        if (gesture === 'zoom-in' || gesture === 'zoom-out') {
          svg.dispatchEvent(
            new WheelEvent('wheel', { ...init, deltaY: gesture === 'zoom-out' ? 100 : -100 })
          );
        } else {
          const to = { ...init, clientX: x + (gesture === 'pan-right' ? 12 : -12), button: 0 };
          svg.dispatchEvent(new MouseEvent('mousedown', { ...init, button: 0 }));
          window.dispatchEvent(new MouseEvent('mousemove', to));
          window.dispatchEvent(new MouseEvent('mouseup', to));
        }
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
      }),
    gesture
  );
}
