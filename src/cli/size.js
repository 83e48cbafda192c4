// npm run size: the JavaScript the home page makes a browser download, gzip-compressed as a
// server or CDN would send it. Starts the production build (`node build`) on a free port,
// reads the modules the page loads (modulepreload links and the bootstrap's imports) and
// fails if the total is over the budget: heavy runtimes must stay off the first page.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 90;

async function freePort() {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ['build'], {
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
  stdio: 'ignore'
});

try {
  let html = '';
  for (let i = 0; i < 100 && !html; i++) {
    try {
      html = await (await fetch(`${origin}/`)).text();
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  if (!html) throw new Error('the production server did not start: run `npm run build` first');

  /** @type {Set<string>} */
  const urls = new Set();
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g))
    urls.add(m[1]);
  for (const m of html.matchAll(/import\("([^"]+\.js)"\)/g)) urls.add(m[1]);
  for (const m of html.matchAll(/<script[^>]+src="([^"]+)"/g)) urls.add(m[1]);

  let raw = 0;
  let gzip = 0;
  /** @type {[string, number, number][]} */
  const rows = [];
  for (const url of urls) {
    const body = Buffer.from(await (await fetch(new URL(url, `${origin}/`))).arrayBuffer());
    const gz = gzipSync(body, { level: 9 }).length;
    raw += body.length;
    gzip += gz;
    rows.push([url.replace(/^.*\/_app\//, '_app/'), body.length, gz]);
  }
  rows.sort((a, b) => b[2] - a[2]);
  const kb = (/** @type {number} */ n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`Home page JavaScript (${urls.size} files):`);
  for (const [name, r, g] of rows)
    console.log(`  ${kb(g).padStart(9)} gz  ${kb(r).padStart(9)}  ${name}`);
  console.log(`Total: ${kb(gzip)} gzip (${kb(raw)} uncompressed); budget ${BUDGET_KB} KB gzip`);
  const heavy = rows.filter(([name]) => /pyodide|codemirror|web-llm|d3/i.test(name));
  if (heavy.length)
    throw new Error(`heavy runtimes on the home page: ${heavy.map((r) => r[0]).join(', ')}`);
  if (gzip > BUDGET_KB * 1024) throw new Error(`the home page's JavaScript is over budget`);
} catch (error) {
  console.error(`size: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  server.kill();
}
