/**
 * The browser's JavaScript runtime: which sandbox runs a JavaScript or TypeScript program, and
 * a sentence saying so.
 *
 * Programs run in the built-in runner (`browser-worker.ts`: QuickJS in a worker, with a bounded
 * memory) from the first one on. When the page is cross-origin isolated, the /sandbox page
 * offers the full Node runtime once the learner asks for it (the boot contacts StackBlitz):
 * `start()` boots a WebContainer in the background, once per page session (WebContainers allow
 * one), and programs after it is up run there (a lesson entered from /sandbox loads as a new
 * document, because of its wider CSP, so the container does not follow there). `boot()`
 * never settles offline, so it is raced with a timeout, and then the learner reads that the
 * Node runtime needs an internet connection and the built-in runner stays. Nothing waits for
 * the boot, and lessons never start one themselves: they run as fast offline as online.
 */
import type { ExecRequest, ExecResult, Sandbox } from '../../core/run/effects';
import type { JsSandboxClient } from './client';
import { QUICKJS_MEMORY_MB } from './quickjs/limits';
import type { WebContainerSandbox } from './webcontainer/webcontainer';

/** Which runner is in use, and a sentence for the status line. */
export interface JsRuntimeState {
  mode: 'worker' | 'booting' | 'webcontainer' | 'fallback';
  message: string;
  /** true while something is being started */
  busy: boolean;
}

/** Options of {@link JsRuntime}. */
export interface JsRuntimeOptions {
  onState?: (state: JsRuntimeState) => void;
  /** try a WebContainer; default: when the page is cross-origin isolated */
  webContainer?: boolean;
  /** how long the boot may take; default `BOOT_TIMEOUT_MS` (about 8 s) */
  bootTimeoutMs?: number;
  /** boots a WebContainer (tests inject one); default `bootWebContainer` */
  boot?: (timeoutMs?: number) => Promise<Sandbox & { dispose(): void }>;
}

const WORKER: JsRuntimeState = {
  mode: 'worker',
  message: `JavaScript runs in the built-in runner (QuickJS in a worker, at most ${QUICKJS_MEMORY_MB} MB of memory).`,
  busy: false
};

type Container = Sandbox & { dispose(): void };

/** The page session's one WebContainer boot and, once it came up, the container. */
let sharedBoot: Promise<Container> | null = null;
let sharedContainer: Container | null = null;

/** Routes JavaScript/TypeScript requests to a WebContainer when one is up, else the worker. */
export class JsRuntime implements Sandbox {
  readonly language = 'javascript';
  readonly #options: JsRuntimeOptions;
  #state: JsRuntimeState = WORKER;
  #worker: Promise<JsSandboxClient> | null = null;
  #booting: Promise<void> | null = null;
  #disposed = false;

  constructor(options: JsRuntimeOptions = {}) {
    this.#options = options;
  }

  get state(): JsRuntimeState {
    return this.#state;
  }

  #set(state: JsRuntimeState): void {
    this.#state = state;
    try {
      this.#options.onState?.(state);
    } catch {
      // a failing listener must not break a run
    }
  }

  #wantsContainer(): boolean {
    return this.#options.webContainer ?? Reflect.get(globalThis, 'crossOriginIsolated') === true;
  }

  /** Starts the WebContainer boot if it is wanted and not started; resolves when it settled. */
  start(): Promise<void> {
    if (this.#booting || this.#disposed) return this.#booting ?? Promise.resolve();
    if (!this.#wantsContainer()) {
      this.#set({
        ...WORKER,
        message:
          'JavaScript runs in the built-in runner, QuickJS (this page is not cross-origin ' +
          'isolated, which the Node runtime needs).'
      });
      this.#booting = Promise.resolve();
      return this.#booting;
    }
    this.#set({
      mode: 'booting',
      message:
        'Starting the Node runtime (WebContainer)… Programs run in the built-in worker meanwhile.',
      busy: true
    });
    const boot =
      this.#options.boot ??
      (async (ms?: number): Promise<WebContainerSandbox> => {
        const { bootWebContainer } = await import('./webcontainer/webcontainer');
        return bootWebContainer(ms);
      });
    sharedBoot ??= boot(this.#options.bootTimeoutMs).then((container) => {
      sharedContainer = container;
      return container;
    });
    this.#booting = sharedBoot.then(
      () => {
        if (this.#disposed) return;
        this.#set({
          mode: 'webcontainer',
          message: 'JavaScript runs in Node (a WebContainer).',
          busy: false
        });
      },
      (error: unknown) => {
        const message =
          error instanceof Error && error.name === 'WebContainerUnavailable'
            ? error.message
            : `The Node runtime could not start; using the built-in runner.`;
        this.#set({ mode: 'fallback', message, busy: false });
      }
    );
    return this.#booting;
  }

  #workerSandbox(): Promise<JsSandboxClient> {
    this.#worker ??= import('./browser-worker').then(({ createBrowserJsSandbox }) =>
      createBrowserJsSandbox()
    );
    return this.#worker;
  }

  async execute(request: ExecRequest, options?: { signal?: AbortSignal }): Promise<ExecResult> {
    if (this.#disposed) throw new Error('The JavaScript runtime was shut down.');
    const sandbox = sharedContainer ?? (await this.#workerSandbox());
    return sandbox.execute(request, options);
  }

  dispose(): void {
    // The WebContainer stays for the page session (it can be booted only once per page).
    this.#disposed = true;
    void this.#worker?.then((worker) => worker.dispose());
  }
}
