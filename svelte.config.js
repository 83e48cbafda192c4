import adapterNode from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { copyFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pageDirectives } from './src/lib/server/security-headers.js';
import { listEncodedSizes, precompress } from './src/lib/server/precompress.js';
import { versionMismatch } from './src/lib/server/build-version.js';

/**
 * adapter-node with our own server entry (adapter-node's documented custom-server route): the
 * adapter writes its request handler, and `build/index.js` — what `node build` runs — is
 * `src/lib/server/node-server.js`, which adds the security headers, precompressed static files,
 * cache headers and the short links' read path (see there). Static files are compressed here once, with a cache between
 * builds (`precompress.js`), instead of by the adapter, which would recompress Pyodide's 9.6 MB
 * wasm at the slowest brotli level on every build.
 * @returns {import('@sveltejs/kit').Adapter}
 */
function adapterWithServer() {
  const inner = adapterNode({ out: 'build', precompress: false });
  return {
    ...inner,
    name: 'adapter-node+server',
    async adapt(builder) {
      await inner.adapt(builder);
      const out = 'build';
      // A `svelte-kit sync` during the build (vitest, svelte-check) can give the server another
      // version than the client: every page would fail to start. Stop here with a sentence.
      const mismatch = await versionMismatch(out);
      if (mismatch) throw new Error(mismatch);
      for (const file of [
        'security-headers.js',
        'cache-headers.js',
        'run-read.js',
        'request-chain.js'
      ])
        copyFileSync(join('src/lib/server', file), join(out, file));

      // Custom servers import `build/handler.js`: it gets the security headers too; our own
      // server (below) applies them itself and mounts the adapter's handler directly.
      renameSync(join(out, 'handler.js'), join(out, 'kit-handler.js'));
      writeFileSync(
        join(out, 'handler.js'),
        [
          "import { handler as kitHandler } from './kit-handler.js';",
          "import { securityHeadersMiddleware } from './security-headers.js';",
          "/** SvelteKit's handler with the app's security headers on every response. */",
          'export const handler = (req, res, next) =>',
          '  securityHeadersMiddleware(req, res, () => kitHandler(req, res, next));',
          ''
        ].join('\n')
      );
      copyFileSync('src/lib/server/node-server.js', join(out, 'index.js'));
      rmSync(join(out, 'index.js.map'), { force: true }); // the adapter's, for its own index.js

      const sizes = await precompress(join(out, 'client'), {
        cacheDir: 'node_modules/.cache/acl-precompress'
      });
      // The download bar's total: what each runtime file costs in each encoding.
      await listEncodedSizes(join(out, 'client'));
      const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
      builder.log.minor(
        `Precompressed ${sizes.files} files (${sizes.fresh} new): ${mb(sizes.raw)} raw, ` +
          `${mb(sizes.br)} brotli, ${mb(sizes.gz)} gzip`
      );
    }
  };
}

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapterWithServer(),
    // The layout registers src/service-worker.ts itself (state/app-update.svelte.ts), to offer
    // "Reload to update" when a new version waits.
    serviceWorker: { register: false },
    // A page's small stylesheets go into its HTML: a lesson page loads about twenty of them,
    // each a request that blocks its scripts over a busy link's round trips (six connections
    // at a time). The CSP allows inline styles ('unsafe-inline' in style-src), so Kit adds no
    // hashes for them. Client-side navigations still load the files, from the cache.
    inlineStyleThreshold: 4096,
    csp: {
      mode: 'hash',
      // @ts-expect-error kit's directive types are a closed union; the values are valid CSP
      directives: pageDirectives
    }
  }
};

export default config;
