/**
 * Short links: a finished lesson run shared as `/r/<id>?step=N` opens at the same step in a
 * fresh browser; presenter mode's QR code holds the short link; a server whose store is down
 * still hands out the long link; and hostile runs posted to /api/runs are refused or stored
 * inert — replaying them runs nothing.
 */
import { test, expect, shot, offline, pythonReady } from './fixtures';
import type { Page } from '@playwright/test';
import { encodeRun } from '../src/lib/core/share/permalink';
import { syntheticLog, syntheticRun } from '../src/lib/testing/tree-log';
import type { Run } from '../src/lib/core/run/run';

const SHORT = /^http:\/\/127\.0\.0\.1:\d+\/r\/[a-z2-7]{12}\?step=(\d+)$/;
const stepCounter = (page: Page) => page.getByTestId('step-counter');

async function finishWalkthrough(page: Page, path: string) {
  await page.goto(path);
  // Python's first load is slow on a busy machine
  await expect(page.getByText('Paused before the next call — press Step')).toBeVisible({
    timeout: 80_000
  });
  // End runs the rest, which needs Python: wait for it to load (slow on a busy machine)
  await pythonReady(page, 80_000);
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toBeVisible();
}

test('Share gives a short link that opens the run at the same step in a fresh browser', async ({
  page,
  browser
}) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await finishWalkthrough(page, '/lessons/self-debugging');
  await expect(stepCounter(page)).toContainText('Step 7 of 7');
  await expect(page.getByTestId('verdict')).toContainText('Solved');

  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this run' });
  const short = dialog.getByRole('textbox', { name: 'Short link' });
  await expect(short).toHaveValue(SHORT);
  const url = await short.inputValue();
  expect(url).toMatch(/\?step=7$/);
  // the long link is always there, and the short one is what was copied
  await expect(
    dialog.getByRole('textbox', { name: 'Permalink (works without our server)' })
  ).toHaveValue(/\/replay#step=7&sum=[0-9a-f]{8}&run=/);
  await expect(dialog).toContainText('Link copied (the short link');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);

  // Screenshots of the dialog with both links: laptop and narrow, light and dark.
  for (const [width, height] of [
    [1280, 800],
    [380, 800]
  ]) {
    await page.setViewportSize({ width, height });
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.screenshot({
        path: `test-results/screenshots/short-links-share-${width}-${theme}.png`
      });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Sharing the same run again at the same step gives the same link.
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(short).toHaveValue(url);
  await dialog.getByRole('button', { name: 'Close' }).click();

  const fresh = await browser.newContext();
  const outside = await offline(fresh);
  const other = await fresh.newPage();
  await other.goto(url);
  await expect(stepCounter(other)).toContainText('Step 7 of 7');
  await expect(other.getByTestId('verdict')).toContainText('Solved');
  await other.keyboard.press('ArrowLeft');
  await expect(stepCounter(other)).toContainText('Step 6 of 7');
  await shot(other, 'short-link-replay');
  // another step of the same run
  await other.goto(url.replace(/\?step=7$/, '?step=2'));
  await expect(stepCounter(other)).toContainText('Step 2 of 7');

  // An unknown id says so in a sentence, with a way home.
  const missing = await other.goto(url.replace(/\/r\/[a-z2-7]+/, '/r/aaaaaaaaaaaa'));
  expect(missing?.status()).toBe(404);
  await expect(other.getByText('There is no shared run at this address')).toBeVisible();
  await expect(other.getByRole('link', { name: 'Go to the home page' })).toBeVisible();
  await fresh.close();
  expect(outside).toEqual([]);
});

test('with the store down, Share says so in a sentence and gives the long link', async ({
  page
}) => {
  await page.route('**/api/runs', (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({
        message:
          'Short links are not available on this server right now; the long link works without it.'
      })
    })
  );
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await finishWalkthrough(page, '/lessons/self-debugging');
  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this run' });
  const long = dialog.getByRole('textbox', { name: 'Permalink' });
  await expect(long).toHaveValue(/\/replay#step=7&/);
  await expect(dialog.getByTestId('short-link-problem')).toHaveText(
    'Short links are not available on this server right now; the long link works without it. The long link below has the whole run.'
  );
  await expect(dialog.getByRole('textbox', { name: 'Short link' })).toHaveCount(0);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await long.inputValue());
});

test("presenter mode's QR code holds the short link of a finished run", async ({ page }) => {
  await finishWalkthrough(page, '/lessons/sampling?present');
  const counter = page.getByTestId('presenter-counter');
  const step = Number((await counter.textContent())?.match(/Step (\d+)/)?.[1]);
  await page.getByRole('button', { name: 'Share with class' }).click();
  const panel = page.getByRole('dialog', { name: 'Share with class' });
  const qr = panel.locator('svg[role="img"]');
  await expect(qr).toHaveAttribute('data-payload', SHORT);
  const url = (await qr.getAttribute('data-payload')) ?? '';
  expect(url).toMatch(new RegExp(`\\?step=${step}$`));
  await expect(panel.getByTestId('share-class-url')).toHaveText(url);
  await expect(panel).toContainText(`Scan to open this run at step ${step}`);
  // a short link needs a small symbol: version 4 holds 50 characters at level L
  expect(Number(await qr.getAttribute('data-modules'))).toBeLessThanOrEqual(17 + 4 * 4);
});

const HOSTILE = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;

/** Every string in `value`, with the hostile markup appended. */
function poisonAll(value: unknown): unknown {
  if (typeof value === 'string') return value + HOSTILE;
  if (Array.isArray(value)) return value.map(poisonAll);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poisonAll(v)]));
  return value;
}

/** A valid run whose free text — title, prompt, tests, model label and replies — is markup. */
function poisonedRun(): Run {
  const run = syntheticRun(syntheticLog(4));
  run.problem = {
    ...run.problem,
    title: `Title ${HOSTILE}`,
    prompt: `${run.problem.prompt}# ${HOSTILE}\n`,
    visibleTests: [{ input: `'${HOSTILE}'`, expected: `'${HOSTILE}'` }]
  };
  run.model = { kind: 'scripted', id: HOSTILE, label: HOSTILE, responses: [HOSTILE] };
  return run;
}

test('hostile runs posted to /api/runs are refused or stored inert', async ({ page, request }) => {
  const post = (data: unknown) => request.post('/api/runs', { data });
  const sentence = async (response: Awaited<ReturnType<typeof post>>) =>
    ((await response.json()) as { message: string }).message;

  // Refused, each with one sentence: not JSON, no run, another version, over the caps.
  const notJson = await request.post('/api/runs', {
    headers: { 'content-type': 'application/json' },
    data: Buffer.from('run=<script>')
  });
  expect(notJson.status()).toBe(400);
  expect(await sentence(notJson)).toBe('The request body is not JSON.');
  const otherVersion = await post({
    run: await encodeRun({ ...poisonedRun(), version: 999 } as unknown as Run)
  });
  expect(otherVersion.status()).toBe(422);
  expect(await sentence(otherVersion)).toMatch(/newer version of the app \(format 999\)/);
  // a deflate bomb: a few KB that unpack past the 8 MB cap
  const bomb = new Blob([new Uint8Array(9_000_000)])
    .stream()
    .pipeThrough(new CompressionStream('deflate-raw'));
  const bombBytes = Buffer.from(await new Response(bomb).arrayBuffer()).toString('base64url');
  const bombed = await post({ run: bombBytes });
  expect(bombed.status()).toBe(413);
  expect(await sentence(bombed)).toMatch(/too large to open safely/);
  // over the body limit
  expect((await post({ run: 'A'.repeat(3_000_000) })).status()).toBe(413);

  // Script in every string, enums and ids included: the schema refuses it or stores it inert.
  const everywhere = await post({
    run: await encodeRun(poisonAll(syntheticRun(syntheticLog(4))) as Run)
  });
  expect([201, 200, 422]).toContain(everywhere.status());

  // Script in every free-text field: a valid run, stored, and replayed as text.
  const stored = await post({ run: await encodeRun(poisonedRun()) });
  expect([201, 200]).toContain(stored.status());
  const { url } = (await stored.json()) as { url: string };
  const opened = [url];
  if (everywhere.ok()) opened.push(((await everywhere.json()) as { url: string }).url);

  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  for (const link of opened) {
    await page.goto(`${link}?step=3`);
    await expect(stepCounter(page)).toContainText('Step 3 of');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('<script>');
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    await expect(page.locator('script', { hasText: '__pwned' })).toHaveCount(0);
  }
  await shot(page, 'short-link-hostile');
  expect(dialogs).toEqual([]);
});

test("a short link's page fetches its run from /api/runs/<id>, kept for a year", async ({
  page,
  request
}) => {
  const made = await Promise.all(
    [3, 4].map(async (events) => {
      const created = await request.post('/api/runs', {
        data: { run: await encodeRun(syntheticRun(syntheticLog(events))) }
      });
      expect([201, 200]).toContain(created.status());
      return ((await created.json()) as { id: string }).id;
    })
  );
  const [first, second] = made;

  // The run's own address: immutable, its id as ETag, 304 without a body for that tag.
  const run = await request.get(`/api/runs/${second}`);
  expect(run.status()).toBe(200);
  expect(run.headers()['content-type']).toBe('application/json');
  expect(run.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(run.headers()['etag']).toBe(`"${second}"`);
  const again = await request.get(`/api/runs/${second}`, {
    headers: { 'if-none-match': `"${second}"` }
  });
  expect(again.status()).toBe(304);
  expect(await again.body()).toHaveLength(0);
  const missing = await request.get('/api/runs/aaaaaaaaaaaa');
  expect(missing.status()).toBe(404);
  expect(missing.headers()['cache-control']).toBe('no-store');
  expect(await missing.json()).toEqual({
    message: 'There is no shared run at this address: the link may have been mistyped or cut.'
  });

  // The page's data carries the root layout (the theme cookie's value): private, no-store.
  const data = await request.get(`/r/${first}/__data.json`);
  expect(data.headers()['cache-control']).toBe('private, no-store');

  // A client-side navigation to a short link fetches the run, not the page's data.
  await page.goto(`/r/${first}?step=1`);
  await expect(stepCounter(page)).toContainText('Step 1 of');
  const asked: string[] = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  // a link in the page, as the class page's "open the teacher's run" is
  await page.evaluate((href) => {
    const link = document.createElement('a');
    link.href = href;
    link.textContent = 'the other run';
    document.body.append(link);
  }, `/r/${second}?step=2`);
  await page.getByRole('link', { name: 'the other run' }).click();
  await expect(page).toHaveURL(new RegExp(`/r/${second}\\?step=2$`));
  await expect(stepCounter(page)).toContainText('Step 2 of');
  expect(asked).toContain(`/api/runs/${second}`);
  expect(asked.filter((path) => path.endsWith('__data.json'))).toEqual([]);
});
