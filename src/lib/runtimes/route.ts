/**
 * One `Sandbox` for every language: requests go by their `language` to the Python sandbox or
 * to the JavaScript one (TypeScript included), which is made on first need.
 */
import type { ExecRequest, ExecResult, Sandbox } from '../core/run/effects';

/** Routes each request to the sandbox of its language; the JavaScript one is made lazily. */
export function routeByLanguage(python: Sandbox, javascript: () => Promise<Sandbox>): Sandbox {
  let js: Promise<Sandbox> | null = null;
  return {
    language: 'python',
    execute(request: ExecRequest, options?: { signal?: AbortSignal }): Promise<ExecResult> {
      if (request.language === 'python') return python.execute(request, options);
      js ??= javascript().catch((error: unknown) => {
        js = null; // a failed load is tried again next time
        throw error;
      });
      return js.then((sandbox) => sandbox.execute(request, options));
    }
  };
}
