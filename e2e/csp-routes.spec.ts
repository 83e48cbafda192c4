/**
 * Only the pages that may call a learner's model (lessons, /models, /playground, /compare) let
 * fetch() reach other origins; every other page connects to this origin only. Read from the
 * headers the server sends, seen in the browser (a cross-origin fetch is refused before it
 * leaves), and kept across client-side navigation: entering a model page from a narrow one
 * loads it as a new document, so it gets its own, wider policy.
 */
import { test, expect } from './fixtures';

const connectSrc = (csp: string | undefined) =>
  /(?:^|;\s*)connect-src ([^;]*)/.exec(csp ?? '')?.[1] ?? null;

test('the server narrows connect-src on pages that call no model', async ({ request }) => {
  const narrow = await request.get('/sandbox');
  expect(connectSrc(narrow.headers()['content-security-policy'])).toBe("'self'");
  const home = await request.get('/');
  expect(connectSrc(home.headers()['content-security-policy'])).toBe("'self'");
  const wide = await request.get('/playground');
  expect(connectSrc(wide.headers()['content-security-policy'])).toMatch(/'self' .*https: http:/);
});

test('on /replay a fetch to another origin is refused by the page itself', async ({ page }) => {
  await page.goto('/replay');
  await expect(page.getByRole('heading', { name: 'Replay a run' })).toBeVisible();
  const violation = page.evaluate(
    () =>
      new Promise<string>((resolve) =>
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective))
      )
  );
  const outcome = await page.evaluate(() =>
    fetch('https://example.com/steal').then(
      () => 'sent',
      () => 'refused'
    )
  );
  expect(outcome).toBe('refused');
  expect(await violation).toBe('connect-src');
  // the `outside` fixture fails the test if the request had left the page
});

test('a model page entered from a narrow page is loaded as its own document', async ({ page }) => {
  await page.goto('/');
  const load = page.waitForRequest(
    (r) => r.isNavigationRequest() && r.url().endsWith('/playground')
  );
  await page.getByRole('link', { name: 'Playground' }).first().click();
  await load;
  await expect(page).toHaveURL(/\/playground$/);
  const csp = await page.evaluate(async () => {
    const response = await fetch(location.href);
    return response.headers.get('content-security-policy') ?? '';
  });
  expect(connectSrc(csp)).toMatch(/https: http:/);
});
