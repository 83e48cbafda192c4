import { describe, expect, it } from 'vitest';
import {
  isModelWorker,
  isQuickJsSandboxWorker,
  isSandboxWorker,
  isServiceWorker,
  narrowPageCsp,
  pageDirectives,
  securityHeaders,
  securityHeadersMiddleware,
  serializeCsp
} from './security-headers.js';
import { handle } from '../../hooks.server';

const csp = (url: string) => securityHeaders(url)['Content-Security-Policy'];

describe('security headers', () => {
  it('pages may reach any http(s) endpoint a learner types, but load scripts only from here', () => {
    const page = csp('/lessons/self-debugging');
    expect(page).toMatch(/connect-src [^;]*'self'[^;]* https: http:/);
    expect(page).toContain("script-src 'self' 'wasm-unsafe-eval'");
  });

  it('the WebLLM worker gets its own policy: model hosts and wasm, scripts from here', () => {
    const url = '/_app/immutable/workers/webllm-worker-DxQ3.js';
    expect(isModelWorker(url)).toBe(true);
    expect(isSandboxWorker(url)).toBe(false);
    expect(isModelWorker('/src/lib/runtimes/model/webllm-worker.ts?worker_file&type=module')).toBe(
      true
    );
    const worker = csp(url);
    expect(worker).toContain("default-src 'none'");
    expect(worker).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(worker).toContain('https://huggingface.co');
    expect(worker).toContain('https://*.hf.co');
    expect(worker).toContain('https://raw.githubusercontent.com');
  });

  it('the Python sandbox worker loads from here only and can start no worker or frame', () => {
    const url = '/_app/immutable/workers/sandbox-python-B1x2.js';
    expect(isSandboxWorker(url)).toBe(true);
    expect(csp(url)).toBe(
      "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; " +
        "worker-src 'none'; child-src 'none'"
    );
  });

  it('the QuickJS sandbox worker connects nowhere and can start no worker or frame', () => {
    for (const url of [
      '/_app/immutable/workers/sandbox-quickjs-Cq9z.js',
      '/src/lib/runtimes/javascript/quickjs/sandbox-quickjs.ts?worker_file&type=module'
    ]) {
      expect(isQuickJsSandboxWorker(url)).toBe(true);
      expect(csp(url)).toBe(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'none'; " +
          "worker-src 'none'; child-src 'none'"
      );
    }
    expect(isQuickJsSandboxWorker('/_app/immutable/workers/sandbox-python-B1x2.js')).toBe(false);
  });

  it('the service worker fetches from here only and loads no other script', () => {
    expect(isServiceWorker('/service-worker.js')).toBe(true);
    expect(isServiceWorker('/lessons/service-worker.js')).toBe(false);
    expect(csp('/service-worker.js')).toBe(
      "default-src 'none'; script-src 'self'; connect-src 'self'; worker-src 'none'"
    );
  });
});

/** The page policy a route is served with, through the app's hook, from Kit's policy. */
async function pagePolicy(pathname: string): Promise<string> {
  const kit = `${serializeCsp(pageDirectives)}; script-src 'self' 'sha256-abc='`;
  const response = await handle({
    event: {
      url: new URL(`http://127.0.0.1${pathname}`),
      cookies: { get: () => undefined },
      locals: {}
    } as unknown as Parameters<typeof handle>[0]['event'],
    resolve: async () =>
      new Response('<!doctype html>', { headers: { 'content-security-policy': kit } })
  });
  return response.headers.get('content-security-policy') ?? '';
}

const connectSrc = (csp: string) => /(?:^|;\s*)connect-src ([^;]*)/.exec(csp)?.[1] ?? null;

describe('connect-src per route', () => {
  it.each(['/lessons/self-debugging', '/models', '/playground', '/compare', '/compare/'])(
    "%s may call a learner's endpoint or WebLLM's hosts",
    async (path) => {
      const connect = connectSrc(await pagePolicy(path));
      expect(connect).toMatch(/^'self' /);
      expect(connect).toContain('https: http:');
      expect(connect).toContain('https://huggingface.co');
    }
  );

  it.each(['/', '/replay', '/sandbox', '/r/abc', '/lessons', '/lessons/a/b', '/nowhere'])(
    '%s connects to this origin only',
    async (path) => {
      expect(connectSrc(await pagePolicy(path))).toBe("'self'");
    }
  );

  it('narrowing changes connect-src and nothing else, script hashes included', () => {
    const kit = `${serializeCsp(pageDirectives)}; script-src 'self' 'sha256-abc='`;
    const narrow = narrowPageCsp(kit);
    expect(narrow.replace("connect-src 'self'", '')).toBe(kit.replace(/connect-src [^;]*/, ''));
  });
});

describe('securityHeadersMiddleware and revalidation', () => {
  it('sends no policy with a 304, so the stored page keeps its own hashes', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((req, res) =>
      securityHeadersMiddleware(req, res, () => {
        if (req.headers['if-none-match']) res.writeHead(304).end();
        else res.writeHead(200, { 'content-type': 'text/html' }).end('<p>page</p>');
      })
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as import('node:net').AddressInfo;
    try {
      const fresh = await fetch(`http://127.0.0.1:${port}/lessons/sampling`);
      expect(fresh.headers.get('content-security-policy')).toContain("script-src 'self'");
      const revalidated = await fetch(`http://127.0.0.1:${port}/lessons/sampling`, {
        headers: { 'if-none-match': '"x"' }
      });
      expect(revalidated.status).toBe(304);
      expect(revalidated.headers.get('content-security-policy')).toBeNull();
      // the other headers still come
      expect(revalidated.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    } finally {
      server.close();
    }
  });
});
