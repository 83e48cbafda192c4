/**
 * One `Sandbox` for every language: requests go by their `language` to the Python sandbox or
 * to the JavaScript one (TypeScript included), which is made on first need.
 */
import type { ExecRequest, ExecResult, Sandbox } from '../core/run/effects';

/** Routes each request to the sandbox of its language; the JavaScript one is made lazily. */
export function routeByLanguage(python: Sandbox, javascript: () => Promise<Sandbox>): Sandbox {
  let js: Promise<Sandbox> | null = null;
  const loadJs = () =>
    (js ??= javascript().catch((error: unknown) => {
      js = null; // a failed load is tried again next time
      throw error;
    }));
  return {
    language: 'python',
    execute(request: ExecRequest, options?: { signal?: AbortSignal }): Promise<ExecResult> {
      if (request.language === 'python') return python.execute(request, options);
      return loadJs().then((sandbox) => sandbox.execute(request, options));
    },
    /** Loads the request's runtime (the JavaScript one is imported here, off the clock). */
    async prepare(request: ExecRequest, options?: { signal?: AbortSignal }): Promise<void> {
      if (request.language === 'python') return python.prepare?.(request, options);
      // A failed load is not this step's to report here: `execute` tries again and says why.
      const sandbox = await loadJs().catch(() => null);
      await sandbox?.prepare?.(request, options);
    }
  };
}
