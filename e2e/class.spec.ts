/**
 * A class follows the teacher (issue 16): one teacher in presenter mode and three students'
 * browsers. Students see the teacher's step; one steps ahead, then Follow the teacher catches
 * up; the teacher sees 3 following; a student cannot move the class; the server restarts
 * mid-class and the students reconnect by themselves and land on the step the teacher took
 * meanwhile; End class ends it for everyone.
 *
 * The spec runs its own `node build` (on a free port, with a fresh DATA_DIR) instead of the
 * config's server, because it restarts it. The teacher's run is a finished scripted run
 * (an MCTS-shaped log whose executions are stand-ins) restored as the lesson's saved run:
 * no Python is loaded or needed to step through it.
 */
import { test, expect, offline } from './fixtures';
import type { BrowserContext, Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeRun } from '../src/lib/core/share/permalink';
import { syntheticLog, syntheticRun } from '../src/lib/testing/tree-log';
import type { RunEvent } from '../src/lib/core/run/events';

const SHOTS = 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });

/** A port nobody listens on now (the server is started on it twice). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

let port = 0;
let origin = '';
let dataDir = '';
let server: ChildProcess | null = null;
/** The spec is over: a test body that timed out and goes on in the background starts no server. */
let over = false;

/** Starts `node build` on `port` with `dataDir`, and waits until it answers. */
async function startServer(): Promise<void> {
  if (over) throw new Error('the spec is over: no server is started');
  const child = spawn(process.execPath, ['build'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ORIGIN: origin,
      DATA_DIR: dataDir
    },
    stdio: ['ignore', 'inherit', 'inherit']
  });
  server = child;
  // and never outlives this worker
  process.once('exit', () => child.kill('SIGKILL'));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`node build exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${origin}/`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('node build did not answer within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Stops the server as a deploy does (SIGTERM) and waits until it has exited. */
async function stopServer(): Promise<number> {
  const child = server;
  server = null;
  if (!child || child.exitCode !== null) return 0;
  const started = Date.now();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return Date.now() - started;
}

test.beforeAll(async () => {
  port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  dataDir = mkdtempSync(join(tmpdir(), 'acl-class-e2e-'));
  await startServer();
});

test.afterAll(async () => {
  over = true;
  await stopServer();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A finished MCTS-shaped run: the synthetic log with its outcome, as a run ends. */
function finishedRun() {
  const events: RunEvent[] = syntheticLog(5);
  events.push({
    kind: 'note',
    seq: events.length,
    t: events.length,
    note: {
      type: 'outcome',
      status: 'solved',
      code: 'def f(x):\n    return x\n',
      visiblePassed: true,
      hiddenPassed: 1,
      hiddenTotal: 1,
      message: 'The program passes the examples and the hidden tests.'
    }
  });
  return syntheticRun(events);
}

/** Saves `payload` as the lesson's last run in this browser, at `step` (as the app does). */
async function saveLessonRun(page: Page, slug: string, payload: string, step: number) {
  // any document of the origin will do: a static file loads no app, so this is quick
  await page.goto(`${origin}/favicon.svg`);
  await page.evaluate(
    ({ slug, payload, step }) =>
      new Promise<void>((resolve, reject) => {
        // the app's database (runtimes/storage/indexeddb-progress.ts), created if need be
        const open = indexedDB.open('agentic-code-lab', 1);
        open.onupgradeneeded = () =>
          open.result.createObjectStore('lesson-progress', { keyPath: 'slug' });
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('lesson-progress', 'readwrite');
          tx.objectStore('lesson-progress').put({
            slug,
            visited: true,
            finished: true,
            lastRun: { payload, step, savedAt: Date.now() }
          });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { slug, payload, step }
  );
}

const counter = (page: Page) => page.getByTestId('step-counter');
const standing = (page: Page) => page.getByTestId('class-standing');

/** Screenshots at a laptop's and a phone's size, light and dark. */
async function screenshots(page: Page, name: string) {
  for (const [width, height] of [
    [1366, 768],
    [390, 844]
  ]) {
    await page.setViewportSize({ width, height });
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.screenshot({ path: `${SHOTS}/${name}-${width}-${theme}.png` });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1366, height: 768 });
}

test('a class follows the teacher: three students, stepping ahead, following again, a restart', async ({
  page: teacher,
  browser
}) => {
  // Four browsers and a server restarted with its database: about 65 s on this 2-core machine
  // when it is quiet; the bound leaves room for a busy one (nothing here waits on a timer).
  test.setTimeout(120_000);
  const errors: string[] = [];
  teacher.on('pageerror', (error) => errors.push(`teacher: ${error.message}`));
  await teacher.setViewportSize({ width: 1366, height: 768 });
  await saveLessonRun(teacher, 'mcts', await encodeRun(finishedRun()), 2);
  await teacher.goto(`${origin}/lessons/mcts?present`);
  await expect(teacher.getByTestId('presenter-counter')).toContainText('Step 2');

  // Start a class: the code and the QR code of its address, large.
  await teacher.getByRole('button', { name: 'Start a class' }).click();
  const panel = teacher.getByRole('dialog', { name: /^Class [A-Z2-9]{6}$/ });
  await expect(panel).toBeVisible();
  const code = (await panel.getByTestId('class-code').textContent())!.trim();
  const url = `${origin}/class/${code}`;
  await expect(panel.getByTestId('class-url')).toHaveText(url);
  await expect(panel.locator('svg[role="img"]')).toHaveAttribute('data-payload', url);
  await expect(panel.getByTestId('class-followers')).toHaveText('Nobody follows yet');

  // Three students open the class's address: each sees the teacher's step.
  const contexts: BrowserContext[] = [];
  const students: Page[] = [];
  const outside: string[][] = [];
  await Promise.all(
    [1, 2, 3].map(async (n) => {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      outside.push(await offline(context));
      contexts.push(context);
      const student = await context.newPage();
      student.on('pageerror', (error) => errors.push(`student ${n}: ${error.message}`));
      await student.goto(url);
      students[n - 1] = student;
    })
  );
  for (const student of students) {
    await expect(counter(student)).toContainText('Step 2 of');
    await expect(standing(student)).toHaveText('Following the teacher: step 2.');
  }
  await expect(panel.getByTestId('class-followers')).toHaveText('3 following');
  await screenshots(teacher, 'class-teacher-panel');

  // The class goes on with the panel closed: the teacher steps, the students follow.
  await panel.getByRole('button', { name: 'Close (the class goes on)' }).click();
  await expect(teacher.getByTestId('class-button')).toHaveText(`Class ${code} · 3 following`);
  await teacher.keyboard.press('ArrowRight');
  await teacher.keyboard.press('ArrowRight');
  await expect(teacher.getByTestId('presenter-counter')).toContainText('Step 4');
  for (const student of students) await expect(counter(student)).toContainText('Step 4 of');

  // A student steps ahead on their own; the teacher moves on without them.
  const [ahead, behind, third] = students;
  await ahead.keyboard.press('ArrowRight');
  await ahead.keyboard.press('ArrowRight');
  await expect(counter(ahead)).toContainText('Step 6 of');
  await expect(standing(ahead)).toHaveText('You are ahead of the teacher, who is at step 4.');
  await teacher.keyboard.press('ArrowRight');
  await expect(counter(third)).toContainText('Step 5 of');
  await expect(counter(ahead)).toContainText('Step 6 of');
  await expect(standing(ahead)).toHaveText('You are ahead of the teacher, who is at step 5.');
  // the student's view, with its standing and Follow the teacher
  await screenshots(ahead, 'class-student');
  await ahead.getByRole('button', { name: 'Follow the teacher' }).click();
  await expect(counter(ahead)).toContainText('Step 5 of');
  await expect(standing(ahead)).toHaveText('Following the teacher: step 5.');
  // another steps back, and F follows again
  await behind.keyboard.press('ArrowLeft');
  await expect(standing(behind)).toHaveText('You are behind the teacher, who is at step 5.');
  await behind.keyboard.press('f');
  await expect(counter(behind)).toContainText('Step 5 of');
  await expect(standing(behind)).toHaveText('Following the teacher: step 5.');

  // A student cannot move the class: without the teacher's token it is 403 and a sentence.
  for (const token of [null, 'a-guess']) {
    const answer = await third.evaluate(
      async ({ code, token }) => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (token) headers['x-class-token'] = token;
        const response = await fetch(`/api/classes/${code}/step`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ step: 0 })
        });
        return { status: response.status, body: await response.json() };
      },
      { code, token }
    );
    expect(answer).toEqual({
      status: 403,
      body: { message: "Only the teacher's browser can move this class." }
    });
  }
  for (const student of students) await expect(counter(student)).toContainText('Step 5 of');

  // The server restarts mid-class. The students' pages say they are reconnecting; the teacher
  // steps meanwhile (the step waits in the teacher's page); once the server is back, every
  // student lands on that step by themselves.
  const stopMs = await stopServer();
  // the open streams end at once: they do not hold the exit for SHUTDOWN_TIMEOUT (30 s)
  expect(stopMs).toBeLessThan(10_000);
  for (const student of students) {
    await expect(student.getByTestId('class-connection')).toContainText('Reconnecting…');
  }
  await teacher.keyboard.press('ArrowRight');
  await expect(teacher.getByTestId('presenter-counter')).toContainText('Step 6');
  await startServer();
  for (const student of students) {
    await expect(counter(student)).toContainText('Step 6 of');
    await expect(standing(student)).toHaveText('Following the teacher: step 6.');
    await expect(student.getByTestId('class-connection')).toHaveCount(0);
  }
  await expect(teacher.getByTestId('class-button')).toHaveText(`Class ${code} · 3 following`);

  // End class: the students' pages say so and keep the run; a late student reads a sentence.
  await teacher.getByTestId('class-button').click();
  await teacher.getByRole('button', { name: 'End class' }).click();
  await expect(teacher.getByRole('button', { name: 'Start a class' })).toBeVisible();
  for (const student of students) {
    await expect(student.getByText('The teacher ended the class.', { exact: false })).toBeVisible();
    await expect(counter(student)).toContainText('Step 6 of');
  }
  const late = await contexts[0].newPage();
  const page = await late.goto(url);
  // a class page calls no model: it may connect to this server only (its events included)
  const csp = page?.headers()['content-security-policy'] ?? '';
  expect(/(?:^|;\s*)connect-src ([^;]*)/.exec(csp)?.[1]).toBe("'self'");
  expect(page?.headers()['cache-control']).toBe('no-store');
  await expect(late.getByRole('heading', { name: `Class ${code} has ended` })).toBeVisible();
  await expect(late.getByRole('link', { name: 'open the teacher’s run' })).toHaveAttribute(
    'href',
    /^\/r\/[a-z2-7]{12}$/
  );
  const unknown = await late.goto(`${origin}/class/ZZZZZZ`);
  expect(unknown?.status()).toBe(404);
  await expect(late.getByText('There is no class with this code')).toBeVisible();
  await expect(late.getByRole('link', { name: 'Go to the home page' })).toBeVisible();

  for (const context of contexts) await context.close();
  expect(outside.flat(), 'requests that tried to leave localhost').toEqual([]);
  expect(errors).toEqual([]);
});
