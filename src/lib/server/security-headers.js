// The one place where the app's security headers are defined. They are applied by:
//   - vite.config.ts (dev and `vite preview`), through a connect middleware;
//   - svelte.config.js, which wraps adapter-node's handler so `node build` sends them;
//   - kit.csp, which adds hashes for SvelteKit's inline bootstrap script on rendered pages.
// Cross-origin isolation (COOP + COEP) is what makes SharedArrayBuffer available, which the
// Python sandbox needs to interrupt a running program.

/** @typedef {Record<string, string[]>} Directives */

/** Where WebLLM's prebuilt models come from: Hugging Face (and its CDN) and GitHub. */
const MODEL_HOSTS = [
  'https://huggingface.co',
  'https://*.huggingface.co',
  'https://*.hf.co',
  'https://raw.githubusercontent.com'
];

/**
 * CSP for documents. Kit appends script hashes to `script-src` on the pages it renders. This is
 * the policy of the pages that may call a learner's model (lessons, /models, /playground, /bench,
 * /compare; `src/lib/model-pages.ts`); every other page gets it with `connect-src 'self'`
 * (`narrowPageCsp`, applied by `src/hooks.server.ts`).
 */
/** @type {Directives} */
export const pageDirectives = {
  'default-src': ['self'],
  // wasm-unsafe-eval: Pyodide and WebLLM compile WebAssembly. No inline or remote scripts.
  'script-src': ['self', 'wasm-unsafe-eval'],
  // CodeMirror and Svelte transitions inject <style> elements at run time.
  'style-src': ['self', 'unsafe-inline'],
  'img-src': ['self', 'data:', 'blob:'],
  'font-src': ['self'],
  // WebLLM weights (huggingface.co and its CDN), model libraries (raw.githubusercontent.com),
  // and a learner's own OpenAI-compatible endpoint. The endpoint is whatever address the
  // learner types into the model panel, so it cannot be listed here: this header is the same
  // for every visitor (Kit hashes it into prerendered pages, and the server never sees the
  // setting, which lives in localStorage). So any https: host, and http: too, because a
  // classroom GPU server is typically plain http on the local network (http://10.0.0.5:8000);
  // browsers still refuse http: from an https: page except for localhost, which is the case
  // the README explains. This loosens only where fetch() may go: scripts stay 'self' only,
  // model output is never rendered as HTML, and the sandbox workers keep their own policy.
  'connect-src': [
    'self',
    ...MODEL_HOSTS,
    'https:',
    'http:',
    'http://localhost:*',
    'http://127.0.0.1:*'
  ],
  'worker-src': ['self', 'blob:'],
  // WebContainers run in an iframe served by StackBlitz.
  'frame-src': [
    'https://stackblitz.com',
    'https://*.stackblitz.com',
    'https://*.webcontainer-api.io'
  ],
  'object-src': ['none'],
  'base-uri': ['self'],
  'form-action': ['self'],
  'frame-ancestors': ['self']
};

/**
 * CSP for the worker scripts that run untrusted code: a worker takes its policy from its own
 * script response, so this is what a generated program sees. It may load our own files
 * (Pyodide) and nothing else: no network beyond this origin, no eval of fetched code.
 * @type {Directives}
 */
export const sandboxDirectives = {
  'default-src': ['none'],
  'script-src': ['self', 'wasm-unsafe-eval'],
  // Pyodide fetches its wasm, standard library and lock file from here while it loads; the
  // worker takes fetch away before any program runs (sandbox-python.ts).
  'connect-src': ['self'],
  // worker-src would fall back to script-src ('self'): without these, a program that reached
  // JavaScript could start any of our worker scripts, with that script's own, wider policy.
  'worker-src': ['none'],
  'child-src': ['none']
};

/**
 * CSP for the QuickJS worker (sandbox-quickjs.ts): like the Python one, but it connects
 * nowhere, not even here. The page compiles the QuickJS wasm and hands the worker the module
 * (browser-worker.ts), so the worker needs no fetch at all; sucrase loads as a script chunk.
 * @type {Directives}
 */
export const quickjsSandboxDirectives = {
  ...sandboxDirectives,
  'connect-src': ['none']
};

/**
 * CSP for the JavaScript sandbox worker (sandbox-javascript.ts): it compiles the programs it
 * runs (`new Function`, hence 'unsafe-eval', inside this worker only) and may load our own
 * script chunks (the harness, sucrase for TypeScript), but connects nowhere, not even here.
 * @type {Directives}
 */
export const jsSandboxDirectives = {
  'default-src': ['none'],
  'script-src': ['self', 'unsafe-eval'],
  'connect-src': ['none'],
  'worker-src': ['none'],
  'child-src': ['none']
};

/**
 * CSP for the WebLLM worker (webllm-worker.ts), which runs the model engine and no untrusted
 * code. It downloads weights from Hugging Face (huggingface.co redirects to its CDN hosts) and
 * model libraries from raw.githubusercontent.com, and compiles them (wasm-unsafe-eval). A
 * teacher's self-hosted weights can be on any server they type, so https: and http: are
 * allowed as well; the named hosts stay listed to say where the prebuilt models come from.
 * Scripts still come only from this origin. Distinct from the sandbox workers' policy, which
 * stays this-origin-only.
 * @type {Directives}
 */
export const modelWorkerDirectives = {
  'default-src': ['none'],
  'script-src': ['self', 'wasm-unsafe-eval'],
  'connect-src': ['self', ...MODEL_HOSTS, 'https:', 'http:']
};

/**
 * CSP for the service worker (src/service-worker.ts): it fetches this origin's files and pages
 * into its caches, and nothing else (it never answers or makes requests to other origins).
 * @type {Directives}
 */
export const serviceWorkerDirectives = {
  'default-src': ['none'],
  'script-src': ['self'],
  'connect-src': ['self'],
  'worker-src': ['none']
};

/**
 * The `connect-src` of pages that call no model (home, /replay, /sandbox, errors): they fetch
 * only this origin's files (Pyodide, the QuickJS wasm, Kit's data), and the WebContainer on
 * /sandbox talks to its frame by messages, which frame-src governs, not connect-src.
 */
export const offlineConnectSrc = ['self'];

/**
 * A page policy as Kit made it (with its script hashes), with `connect-src` narrowed to
 * {@link offlineConnectSrc}; every other directive is kept as it is.
 * @param {string} csp
 */
export function narrowPageCsp(csp) {
  return csp.replace(
    /(^|;\s*)connect-src [^;]*/,
    `$1${serializeCsp({ 'connect-src': offlineConnectSrc })}`
  );
}

const KEYWORDS = new Set([
  'self',
  'none',
  'unsafe-inline',
  'unsafe-eval',
  'wasm-unsafe-eval',
  'strict-dynamic'
]);

/** @param {Directives} directives */
export function serializeCsp(directives) {
  return Object.entries(directives)
    .map(([name, values]) =>
      [name, ...values.map((v) => (KEYWORDS.has(v) ? `'${v}'` : v))].join(' ')
    )
    .join('; ');
}

/**
 * True for the URL of a sandbox worker script, in dev (`?worker_file`) and in a build
 * (`/_app/immutable/workers/sandbox-…`). Sandbox workers are named `sandbox-*.ts`.
 * @param {string} url path and query of the request
 */
export function isSandboxWorker(url) {
  return /\/sandbox-[^/?]*\.(?:ts|js)(?:\?|$)/.test(url);
}

/**
 * True for the URL of the JavaScript sandbox worker script (`sandbox-javascript.ts`), in dev and
 * in a build (`/_app/immutable/workers/sandbox-javascript-….js`).
 * @param {string} url path and query of the request
 */
export function isJsSandboxWorker(url) {
  return /\/sandbox-javascript[^/?]*\.(?:ts|js)(?:\?|$)/.test(url);
}

/**
 * True for the URL of the QuickJS sandbox worker script (`sandbox-quickjs.ts`), in dev and in a
 * build (`/_app/immutable/workers/sandbox-quickjs-….js`).
 * @param {string} url path and query of the request
 */
export function isQuickJsSandboxWorker(url) {
  return /\/sandbox-quickjs[^/?]*\.(?:ts|js)(?:\?|$)/.test(url);
}

/**
 * True for the URL of the WebLLM worker script, in dev and in a build
 * (`/_app/immutable/workers/webllm-worker-….js`).
 * @param {string} url path and query of the request
 */
export function isModelWorker(url) {
  return /\/webllm-worker[^/?]*\.(?:ts|js)(?:\?|$)/.test(url);
}

/**
 * True for the service worker's script (`/service-worker.js`, where SvelteKit puts it).
 * @param {string} url path and query of the request
 */
export function isServiceWorker(url) {
  return /^\/service-worker\.js(?:\?|$)/.test(url);
}

/**
 * Headers for one response. Pages rendered by SvelteKit get their CSP replaced by kit.csp's
 * (same directives plus hashes), so the CSP set here matters for static files and workers.
 * @param {string} url path and query of the request
 * @returns {Record<string, string>}
 */
export function securityHeaders(url) {
  return {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': serializeCsp(
      isJsSandboxWorker(url)
        ? jsSandboxDirectives
        : isQuickJsSandboxWorker(url)
          ? quickjsSandboxDirectives
          : isSandboxWorker(url)
            ? sandboxDirectives
            : isModelWorker(url)
              ? modelWorkerDirectives
              : isServiceWorker(url)
                ? serviceWorkerDirectives
                : pageDirectives
    )
  };
}

/**
 * Connect-style middleware (Vite dev/preview, adapter-node's polka handler).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {() => void} next
 */
export function securityHeadersMiddleware(req, res, next) {
  for (const [name, value] of Object.entries(securityHeaders(req.url ?? '/')))
    res.setHeader(name, value);
  // A 304 updates the browser's stored response with the headers it carries. A page's policy
  // holds the hashes of its own inline scripts (SvelteKit's, in kit.csp); this default policy
  // has none, so sent with a 304 it would replace the page's and block the page's start script
  // on every revalidated visit. A 304 keeps the stored response's policy instead.
  const writeHead = res.writeHead;
  res.writeHead = /** @type {typeof res.writeHead} */ (
    function (/** @type {number} */ status, /** @type {any[]} */ ...rest) {
      if (status === 304) res.removeHeader('Content-Security-Policy');
      return writeHead.call(res, status, ...rest);
    }
  );
  next();
}
