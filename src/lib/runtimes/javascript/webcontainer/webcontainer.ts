/**
 * WebContainers (StackBlitz's Node.js in the browser) as the full Node runtime for JavaScript:
 * booted once, the harness mounted as files, each program run as `node javascript/webcontainer/runner.js`
 * with the same harness the workers use, and killed at the time limit.
 *
 * `WebContainer.boot()` loads an iframe from stackblitz.com and, offline, never settles: the
 * boot is raced with a timeout and the caller falls back to the built-in worker runner. Here
 * (no internet) only that path can be tested; everything after a successful boot needs a
 * machine online (see the README). `@webcontainer/api` is loaded only by dynamic import.
 */
import type { WebContainer } from '@webcontainer/api';
import type { ExecRequest, ExecResult, Sandbox } from '../../../core/run/effects';
import { RunEventSchema } from '../../python/client';
import { abortReason } from '../../abort';
import { RunProgress, toExecResult } from '../../python/progress.js';
import { checkReport } from '../client';
import assertSource from '../harness/assert.js?raw';
import equalSource from '../harness/equal.js?raw';
import harnessSource from '../harness/harness.js?raw';
import lockdownSource from '../harness/lockdown.js?raw';
import nodeHostSource from '../node/host.js?raw';
import outputSource from '../harness/output.js?raw';
import primordialsSource from '../harness/primordials.js?raw';
import reprSource from '../harness/repr.js?raw';
import sourceSource from '../harness/source.js?raw';
import runnerSource from './runner.js?raw';
import progressSource from '../../python/progress.js?raw';

/** How long `boot()` may take before the built-in runner is used instead. */
export const BOOT_TIMEOUT_MS = 8_000;

/** What the learner is told when the boot timed out. */
export const OFFLINE_MESSAGE =
  'The Node runtime needs an internet connection; using the built-in runner.';

/** Boot failed or timed out; `message` is the sentence for people. */
export class WebContainerUnavailable extends Error {
  override name = 'WebContainerUnavailable';
}

/** The harness and runner as WebContainer files (same relative layout as in this repo). */
export function files() {
  const file = (contents: string) => ({ file: { contents } });
  return {
    'package.json': file(
      JSON.stringify({ type: 'module', private: true, dependencies: { sucrase: '^3.35.0' } })
    ),
    javascript: {
      directory: {
        harness: {
          directory: {
            'assert.js': file(assertSource),
            'equal.js': file(equalSource),
            'harness.js': file(harnessSource),
            'lockdown.js': file(lockdownSource),
            'output.js': file(outputSource),
            'primordials.js': file(primordialsSource),
            'repr.js': file(reprSource),
            'source.js': file(sourceSource)
          }
        },
        node: { directory: { 'host.js': file(nodeHostSource) } },
        webcontainer: { directory: { 'runner.js': file(runnerSource) } }
      }
    },
    python: { directory: { 'progress.js': file(progressSource) } }
  };
}

/** Loads the API module (tests inject a fake). */
export type LoadWebContainer = () => Promise<{
  WebContainer: { boot(options?: { coep?: 'require-corp' }): Promise<WebContainer> };
}>;

const loadApi: LoadWebContainer = () => import('@webcontainer/api');

/**
 * Boots a WebContainer, or throws `WebContainerUnavailable` with a plain sentence when it does
 * not come up within `timeoutMs` (offline, `boot()` never settles) or fails.
 */
export async function bootWebContainer(
  timeoutMs: number = BOOT_TIMEOUT_MS,
  load: LoadWebContainer = loadApi
): Promise<WebContainerSandbox> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WebContainerUnavailable(OFFLINE_MESSAGE)), timeoutMs);
  });
  const boot = (async () => {
    const { WebContainer } = await load();
    const container = await WebContainer.boot({ coep: 'require-corp' });
    await container.mount(files());
    return container;
  })();
  try {
    const container = await Promise.race([boot, timeout]);
    return new WebContainerSandbox(container);
  } catch (error) {
    if (error instanceof WebContainerUnavailable) {
      // If it comes up after all, it is not wanted any more.
      boot.then((late) => late.teardown()).catch(() => {});
      throw error;
    }
    const detail = error instanceof Error ? error.message : String(error);
    throw new WebContainerUnavailable(
      `The Node runtime could not start (${detail.slice(0, 300)}); using the built-in runner.`
    );
  } finally {
    clearTimeout(timer);
  }
}

/** Random text no program can guess: it marks the runner's lines in the process output. */
function marker(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return '@@acl-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') + '@@';
}

/** Runs programs as Node scripts in a booted WebContainer (one process per program). */
export class WebContainerSandbox implements Sandbox {
  readonly language = 'javascript';
  readonly #container: WebContainer;
  #installed: Promise<void> | null = null;
  #next = 0;

  constructor(container: WebContainer) {
    this.#container = container;
  }

  /** sucrase, for TypeScript: installed into the container once, on the first TS program. */
  #install(): Promise<void> {
    this.#installed ??= (async () => {
      const install = await this.#container.spawn('npm', ['install', '--no-audit', '--no-fund']);
      if ((await install.exit) !== 0) {
        this.#installed = null;
        throw new Error('Installing sucrase (for TypeScript) in the Node runtime failed.');
      }
    })();
    return this.#installed;
  }

  async execute(request: ExecRequest, options?: { signal?: AbortSignal }): Promise<ExecResult> {
    const signal = options?.signal;
    if (request.language === 'typescript') await this.#install();
    signal?.throwIfAborted();
    const path = `/tmp/request-${++this.#next}.json`;
    await this.#container.fs.mkdir('/tmp', { recursive: true });
    await this.#container.fs.writeFile(path, JSON.stringify(request));
    const mark = marker();
    const process = await this.#container.spawn('node', [
      'javascript/webcontainer/runner.js',
      mark,
      path
    ]);
    const progress = new RunProgress();
    let startedAt = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ended = await new Promise<
      { how: 'done'; report: unknown } | { how: 'exit' | 'timeout' | 'abort' }
    >((resolve) => {
      const arm = (ms: number) => {
        clearTimeout(timer);
        timer = setTimeout(() => resolve({ how: 'timeout' }), ms);
      };
      arm(request.timeoutMs + 5_000);
      signal?.addEventListener('abort', () => resolve({ how: 'abort' }), { once: true });
      // The output may still be arriving when the process exits: give it a moment.
      void process.exit.then(() => setTimeout(() => resolve({ how: 'exit' }), 200));
      let buffer = '';
      const onLine = (line: string) => {
        const at = line.indexOf(mark);
        if (at < 0) return;
        let message: unknown;
        try {
          message = JSON.parse(line.slice(at + mark.length));
        } catch {
          return;
        }
        if (typeof message !== 'object' || message === null) return;
        if (Reflect.get(message, 'type') === 'done') {
          resolve({ how: 'done', report: Reflect.get(message, 'report') });
          return;
        }
        const event = RunEventSchema.safeParse(Reflect.get(message, 'event'));
        if (!event.success) return;
        progress.add(event.data);
        if (event.data.type === 'started') {
          startedAt = performance.now();
          arm(request.timeoutMs);
        }
      };
      void process.output.pipeTo(
        new WritableStream({
          write(chunk) {
            const lines = (buffer + chunk).split(/\r?\n/);
            buffer = lines.pop() ?? '';
            for (const line of lines) onLine(line);
          }
        })
      );
    });
    clearTimeout(timer);
    process.kill();
    const elapsed = performance.now() - startedAt;
    if (ended.how === 'abort') throw abortReason(signal as AbortSignal);
    if (ended.how === 'done') return checkReport(request, ended.report, elapsed);
    if (ended.how === 'timeout') return toExecResult(request, progress.report('timeout'), elapsed);
    return toExecResult(
      request,
      progress.report('error', {
        type: 'SandboxError',
        message: 'The Node process ended without reporting its tests (it may have crashed).',
        line: null
      }),
      elapsed
    );
  }

  dispose(): void {
    this.#container.teardown();
  }
}
