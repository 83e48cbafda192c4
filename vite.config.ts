import { sveltekit } from '@sveltejs/kit/vite';
import { runnerImport, type Plugin } from 'vite';
import { configDefaults, defineConfig } from 'vitest/config';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs';
import { securityHeadersMiddleware } from './src/lib/server/security-headers.js';
import { isStoredZip, storedZip } from './src/lib/server/stored-zip.js';

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

/** The installed Pyodide's version: part of its files' address, so a new one is a new URL. */
const PYODIDE_VERSION = (
  JSON.parse(readFileSync('node_modules/pyodide/package.json', 'utf8')) as { version: string }
).version;

/**
 * Pyodide is served from our own origin under a versioned path (`/pyodide/<version>/…`), copied
 * from the npm package into `static/pyodide/<version>` (git-ignored) whenever the installed
 * version changes; other versions' copies are removed. The version in the address lets the
 * server mark the files immutable (a browser keeps them for a year) without ever serving a
 * stale copy after an upgrade.
 *
 * The standard library is copied with its entries stored instead of deflated
 * (`stored-zip.js`): the same files, which brotli then compresses across the archive, 0.9 MB
 * less over the wire than the package's zip.
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
  /** what Pyodide loads when it starts (`package.json` is read by nothing in the browser) */
  const loadedAtStart = files.filter((f) => f !== 'package.json');
  return {
    name: 'acl:pyodide-assets',
    config() {
      const from = 'node_modules/pyodide';
      const root = 'static/pyodide';
      const to = `${root}/${PYODIDE_VERSION}`;
      if (existsSync(root)) {
        for (const entry of readdirSync(root))
          if (entry !== PYODIDE_VERSION)
            rmSync(`${root}/${entry}`, { recursive: true, force: true });
      }
      const stdlib = `${to}/python_stdlib.zip`;
      if (
        [...files, 'sizes.json'].every((f) => existsSync(`${to}/${f}`)) &&
        isStoredZip(readFileSync(stdlib))
      )
        return;
      mkdirSync(to, { recursive: true });
      for (const f of files) cpSync(`${from}/${f}`, `${to}/${f}`);
      writeFileSync(stdlib, storedZip(readFileSync(`${from}/python_stdlib.zip`)));
      // The sizes of the files a cold start loads: the total of the page's progress bar.
      const sizes = Object.fromEntries(
        loadedAtStart.map((f) => [f, statSync(`${to}/${f}`).size] as const)
      );
      writeFileSync(`${to}/sizes.json`, JSON.stringify(sizes) + '\n');
    }
  };
}

/**
 * Test files that share their worker (Vitest's `isolate: false`): its modules, loaded once, and
 * with them one Python sandbox (`src/lib/testing/shared-python.ts`) instead of a Pyodide load per
 * file. Core, state and viz tests drive plain objects; none stubs a module, and the few that
 * stub a global, fake timers or spy on `console` undo it after each test; the Python runtime's
 * checks, probes and traces only run programs. Everything else (the sandboxes' processes, servers,
 * CLIs) keeps a fresh worker per file.
 */
const SHARED_WORKER_TESTS = [
  'src/lib/core/**/*.test.ts',
  'src/lib/state/**/*.test.ts',
  'src/lib/viz/**/*.test.ts',
  'src/lib/runtimes/model/model-for-run.test.ts',
  'src/lib/runtimes/python/{checks,probe,trace}.test.ts'
];

export default defineConfig({
  plugins: [lessonsCheck(), pyodideAssets(), securityHeaders(), sveltekit()],
  worker: { format: 'es' },
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: SHARED_WORKER_TESTS,
          isolate: false
        }
      },
      {
        extends: true,
        test: {
          name: 'isolated',
          include: ['src/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...SHARED_WORKER_TESTS]
        }
      }
    ]
  }
});
