/** The JavaScript sandbox worker gets its own policy: eval for the programs, no connections. */
import { describe, expect, it } from 'vitest';
import {
  isJsSandboxWorker,
  isSandboxWorker,
  securityHeaders
} from '../../server/security-headers.js';

describe('the JavaScript sandbox worker policy', () => {
  it('is sent for the worker script in dev and in a build, and only there', () => {
    const built = '/_app/immutable/workers/sandbox-javascript-C9f1.js';
    const dev = '/src/lib/runtimes/javascript/sandbox-javascript.ts?worker_file&type=module';
    for (const url of [built, dev]) {
      expect(isJsSandboxWorker(url)).toBe(true);
      expect(securityHeaders(url)['Content-Security-Policy']).toBe(
        "default-src 'none'; script-src 'self' 'unsafe-eval'; connect-src 'none'; " +
          "worker-src 'none'; child-src 'none'"
      );
    }
    const python = '/_app/immutable/workers/sandbox-python-B1x2.js';
    expect(isJsSandboxWorker(python)).toBe(false);
    expect(isSandboxWorker(python)).toBe(true);
    expect(securityHeaders(python)['Content-Security-Policy']).not.toContain("'unsafe-eval'");
    expect(securityHeaders('/sandbox')['Content-Security-Policy']).not.toContain("'unsafe-eval'");
  });
});
