import adapterNode from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { readFileSync, renameSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { pageDirectives } from './src/lib/server/security-headers.js';

/**
 * adapter-node, plus the security headers on every response of `node build`: static files
 * and workers are served by adapter-node's own file server, which SvelteKit's hooks never see,
 * so the headers are applied by wrapping the exported request handler.
 * @returns {import('@sveltejs/kit').Adapter}
 */
function adapterWithHeaders() {
  const inner = adapterNode({ out: 'build', precompress: false });
  return {
    ...inner,
    name: 'adapter-node+security-headers',
    async adapt(builder) {
      await inner.adapt(builder);
      const out = 'build';
      copyFileSync('src/lib/server/security-headers.js', join(out, 'security-headers.js'));

      // `node build`: the server entry mounts the handler on polka; mount the headers first.
      const index = join(out, 'index.js');
      const mount = 'polka({ server: httpServer }).use(handler)';
      const source = readFileSync(index, 'utf8');
      if (!source.includes(mount)) {
        throw new Error(
          `adapter-node's index.js changed: cannot find "${mount}" to add the security headers`
        );
      }
      writeFileSync(
        index,
        "import { securityHeadersMiddleware } from './security-headers.js';\n" +
          source.replace(
            mount,
            'polka({ server: httpServer }).use(securityHeadersMiddleware).use(handler)'
          )
      );

      // Custom servers import `build/handler.js`: export it with the headers applied too.
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
      builder.log.minor('Added the security headers to build/index.js and build/handler.js');
    }
  };
}

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapterWithHeaders(),
    csp: {
      mode: 'hash',
      // @ts-expect-error kit's directive types are a closed union; the values are valid CSP
      directives: pageDirectives
    }
  }
};

export default config;
