import { sveltekit } from '@sveltejs/kit/vite';
import { runnerImport, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { securityHeadersMiddleware } from './src/lib/server/security-headers.js';

/** COOP/COEP/CSP on every dev and preview response (Vite's `server.headers` is not enough). */
function securityHeaders(): Plugin {
  return {
    name: 'acl:security-headers',
    configureServer(server) {
      server.middlewares.use(securityHeadersMiddleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(securityHeadersMiddleware);
    }
  };
}

/**
 * A broken lesson stops the build with one sentence naming the file and the field. The lessons
 * folder is `lessons/` unless LESSONS_DIR says otherwise (a test points it at broken copies).
 */
function lessonsCheck(dir = process.env.LESSONS_DIR ?? 'lessons'): Plugin {
  return {
    name: 'acl:lessons-check',
    apply: 'build',
    async config() {
      const { module } = await runnerImport<typeof import('./src/lib/server/lessons-check')>(
        '/src/lib/server/lessons-check.ts',
        { configFile: false, logLevel: 'silent' }
      );
      module.checkLessonsDir(dir);
    }
  };
}

/**
 * Pyodide is served from our own origin (`/pyodide/…`), copied from the npm package into
 * `static/pyodide` (git-ignored) whenever the installed version changes.
 */
function pyodideAssets(): Plugin {
  const files = [
    'pyodide.mjs',
    'pyodide.asm.mjs',
    'pyodide.asm.wasm',
    'python_stdlib.zip',
    'pyodide-lock.json',
    'package.json'
  ];
  return {
    name: 'acl:pyodide-assets',
    config() {
      const from = 'node_modules/pyodide';
      const to = 'static/pyodide';
      const version = (dir: string) =>
        existsSync(`${dir}/package.json`)
          ? (JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as { version: string }).version
          : null;
      if (version(to) === version(from) && files.every((f) => existsSync(`${to}/${f}`))) return;
      mkdirSync(to, { recursive: true });
      for (const f of files) cpSync(`${from}/${f}`, `${to}/${f}`);
    }
  };
}

export default defineConfig({
  plugins: [lessonsCheck(), pyodideAssets(), securityHeaders(), sveltekit()],
  worker: { format: 'es' },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
});
