/**
 * The model panel with a WebGPU adapter that is software and lacks shader-f16 (Chromium's
 * SwiftShader, under --enable-unsafe-webgpu; see playwright.config.ts). No model can download
 * here: the attempt must end in the network-failure explanation with nothing else broken.
 */
import type { Route } from '@playwright/test';
import { test, expect, shot } from './fixtures';

const MODEL_HOSTS =
  /^https:\/\/(huggingface\.co|[^/]*\.huggingface\.co|[^/]*\.hf\.co|raw\.githubusercontent\.com)\//;

test('SwiftShader: fallback adapter, only q4f32 recommended, a download ends in a network failure', async ({
  page,
  outside
}) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/models');
  const report = page.getByTestId('device-report');
  await expect(report).toContainText('that is software, not a GPU');
  await expect(report).toContainText('lacks 16-bit shaders (shader-f16)');
  const facts = page.getByRole('region', { name: 'This device' });
  await expect(facts.getByRole('definition').nth(3)).toHaveText('yes'); // fallback adapter
  await expect(facts.getByRole('definition').nth(4)).toHaveText('no'); // shader-f16

  await expect(page.getByTestId('recommended')).toContainText(/q4f32_1-MLC/);
  const models = page.getByRole('region', { name: 'Models that run in this browser' });
  const items = models.getByRole('listitem');
  const count = await items.count();
  expect(count).toBeGreaterThan(4);
  for (let i = 0; i < count; i++) {
    const item = items.nth(i);
    const name = (await item.getAttribute('aria-label')) ?? '';
    const fit = await item.getByTestId('fit').innerText();
    if (name.includes('q4f16')) {
      expect(fit).toContain('Does not fit');
      expect(fit).toContain('shader-f16');
    } else {
      expect(name).toContain('q4f32');
    }
    if (fit.includes('Fits this device')) expect(name).toContain('q4f32');
  }
  await shot(page, 'models-panel-swiftshader');
  await page.screenshot({ path: 'test-results/screenshots/models-panel-swiftshader-1280x800.png' });

  const recommended = (await page.getByTestId('recommended').locator('strong').innerText()).trim();
  const download = page.getByRole('region', { name: 'Download', exact: true });

  // Cancel: the model host answers slowly (then the fixture blocks it), so the download is
  // still in flight when Cancel is pressed; the worker is ended and the page says so.
  const slowly = async (route: Route) => {
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    await route.fallback().catch(() => {});
  };
  await page.context().route(MODEL_HOSTS, slowly);
  await models
    .getByRole('listitem', { name: recommended })
    .getByRole('button', { name: 'Download', exact: true })
    .click();
  await expect(download).toBeVisible();
  await download.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Download cancelled' })).toBeVisible();
  await expect(download).toHaveCount(0);
  await page.context().unroute(MODEL_HOSTS, slowly);
  const workerStarted = page.waitForEvent('worker', (w) => /webllm-worker/.test(w.url()));

  await models
    .getByRole('listitem', { name: recommended })
    .getByRole('button', { name: 'Download', exact: true })
    .click();
  await expect(download).toBeVisible();
  // The engine runs in its own worker, whose script carries its own policy (model hosts).
  const worker = await workerStarted;
  const policy = (await page.request.get(worker.url())).headers()['content-security-policy'];
  expect(policy).toContain('https://huggingface.co');
  expect(policy).toContain("'wasm-unsafe-eval'");
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The download was interrupted', { timeout: 90_000 });
  await expect(alert.getByRole('button', { name: 'Try the download again' })).toBeVisible();
  await shot(page, 'models-download-failed');

  // Nothing else broke: the page still answers, the endpoint form still checks its input.
  const form = page.getByRole('form', { name: /model server/ });
  await form.getByLabel('Address').fill('ftp://models.example');
  await form.getByLabel('Model name').fill('m');
  await form.getByRole('button', { name: 'Save and use' }).click();
  await expect(form.getByRole('alert')).toContainText('must start with http:// or https://');
  expect(errors).toEqual([]);

  // The download tried the model hosts, which fixtures.ts blocks; nothing else tried to leave.
  const tried = outside.splice(0);
  expect(
    tried.every((url) => MODEL_HOSTS.test(url)),
    tried.join('\n')
  ).toBe(true);
});
