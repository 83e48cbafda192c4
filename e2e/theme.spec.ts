/**
 * The theme choice is a cookie the server reads: the HTML itself carries <html data-theme>,
 * so the first paint is in the learner's theme (no flash), with no inline script.
 */
import { test, expect, shot } from './fixtures';

const LESSON = '/lessons/sampling';

test('a chosen theme is in the server’s HTML, so the first paint has it', async ({
  page,
  browser,
  baseURL
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(LESSON);
  const toggle = page.getByRole('button', { name: /^Theme:/ });
  await expect(toggle).toHaveText('Theme: system');
  await toggle.click();
  await expect(toggle).toHaveText('Theme: light');
  await toggle.click();
  await expect(toggle).toHaveText('Theme: dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  const cookie = (await page.context().cookies()).find((c) => c.name === 'acl-theme');
  expect(cookie).toMatchObject({ value: 'dark', sameSite: 'Lax', path: '/' });
  const days = (cookie!.expires * 1000 - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(364);

  // The raw HTML, requested with the browser's cookies: the theme is in the <html> tag.
  const response = await page.request.get(LESSON);
  expect(await response.text()).toContain('<html lang="en" data-theme="dark">');
  expect(response.headers()['vary']).toMatch(/cookie/i);

  // The first paint is what the HTML and CSS give before any script: a page with JavaScript
  // off is already dark, and its toggle says so.
  const noScript = await browser.newContext({ javaScriptEnabled: false, colorScheme: 'light' });
  await noScript.addCookies([{ ...cookie!, domain: new URL(baseURL!).hostname }]);
  const first = await noScript.newPage();
  await first.goto(LESSON);
  await expect(first.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(first.getByRole('button', { name: /^Theme:/ })).toHaveText('Theme: dark');
  const background = await first.evaluate(
    () => getComputedStyle(document.documentElement).backgroundColor
  );
  await shot(first, 'theme-dark-first-paint');
  await noScript.close();

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(
    await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)
  ).toBe(background);
  await shot(page, 'theme-dark');

  // Back to the system theme: the cookie goes, and the HTML has no data-theme.
  await toggle.click();
  await expect(toggle).toHaveText('Theme: system');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme');
  expect((await page.context().cookies()).some((c) => c.name === 'acl-theme')).toBe(false);
  expect(await (await page.request.get(LESSON)).text()).toContain('<html lang="en">');
  const light = await page.evaluate(
    () => getComputedStyle(document.documentElement).backgroundColor
  );
  expect(light).not.toBe(background);
  await shot(page, 'theme-light');
});

test('a choice saved before the cookie is moved into it, once', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('acl:theme', 'dark'));
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('button', { name: 'Theme: dark' })).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('acl:theme'))).toBeNull();
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === 'acl-theme')?.value).toBe('dark');
  expect(await (await page.request.get('/')).text()).toContain(
    '<html lang="en" data-theme="dark">'
  );
});

test('a cookie with any other value puts nothing on the page', async ({ page, baseURL }) => {
  await page
    .context()
    .addCookies([{ name: 'acl-theme', value: 'dark%22%20onload%3D%22x', url: baseURL! }]);
  const html = await (await page.request.get('/')).text();
  expect(/<html[^>]*>/.exec(html)?.[0]).toBe('<html lang="en">');
  expect(html).not.toContain('%acl.theme%');
});
