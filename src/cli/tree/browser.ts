/**
 * The tree view in a real browser: the production build (`node build`) on a free port, a
 * synthetic search opened as a permalink in Chromium (nothing runs; the log is replayed), and
 * every → step timed from the key press to the second animation frame after it (the DOM is
 * updated and a frame painted). The 30-node run is the reference, measured in the same run.
 */
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { chromium, type Page } from '@playwright/test';
import { encodeRun, shareHash } from '../../lib/core/share/permalink';
import { LOG_VERSION, type RunEvent } from '../../lib/core/run/events';
import type { Run } from '../../lib/core/run/run';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function runOf(events: RunEvent[]): Run {
  return {
    version: LOG_VERSION,
    technique: 'tree-mcts',
    params: {},
    problem: {
      id: 'bench-identity',
      language: 'python',
      title: 'Benchmark',
      prompt: 'def f(x):\n    """Return x."""\n',
      entryPoint: 'f',
      visibleTests: [{ input: '1', expected: '1' }],
      hiddenTests: [{ input: '2', expected: '2' }]
    },
    model: { kind: 'scripted', id: 'bench', label: 'Synthetic benchmark log', responses: [] },
    seed: 1,
    events
  };
}

/** ms from pressing → to the second frame after it, for each of `steps` steps. */
async function stepTimes(page: Page, steps: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    times.push(
      await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const t0 = performance.now();
            document.body.dispatchEvent(
              new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true })
            );
            requestAnimationFrame(() =>
              requestAnimationFrame(() => resolve(performance.now() - t0))
            );
          })
      )
    );
  }
  return times;
}

export interface BrowserTiming {
  nodes: number;
  steps: number;
  median: number;
  p95: number;
  max: number;
}

export async function browserBench(logs: { nodes: number; events: RunEvent[]; steps: number }[]) {
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
    const results: BrowserTiming[] = [];
    for (const log of logs) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const hash = shareHash(await encodeRun(runOf(log.events)), 0);
      await page.goto(`${origin}/replay${hash}`);
      await page.getByTestId('step-counter').waitFor();
      await page.getByRole('button', { name: 'Step' }).waitFor();
      const times = await stepTimes(page, log.steps);
      const nodes = Number(await page.getByTestId('tree-svg').getAttribute('data-nodes'));
      const sorted = [...times].sort((a, b) => a - b);
      results.push({
        nodes,
        steps: times.length,
        median: sorted[Math.floor(sorted.length / 2)],
        p95: sorted[Math.floor(sorted.length * 0.95)],
        max: sorted[sorted.length - 1]
      });
      await page.close();
    }
    return results;
  } finally {
    await browser.close();
    server.kill();
  }
}
