import { describe, expect, it } from 'vitest';
import {
  isModelWorker,
  isQuickJsSandboxWorker,
  isSandboxWorker,
  securityHeaders
} from './security-headers.js';

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
});
