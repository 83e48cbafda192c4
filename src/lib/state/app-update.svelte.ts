/**
 * The service worker's registration and its updates, for the "Reload to update" bar.
 *
 * A new deploy installs a new worker, which waits (src/service-worker.ts): the page keeps its
 * version, runs in progress included, until the learner chooses. `ready` turns true when a new
 * version waits (or another tab has already switched to it); `reload()` asks the waiting worker
 * to take over and reloads this page once it has (`controllerchange`), so the page and the
 * worker never disagree on the version. Registration failing (private mode, a full disk, no
 * service worker support) leaves the site working online: one console.info, no message.
 * One instance per tab, made by the layout.
 */

/** The part of `navigator.serviceWorker` used (a fake one in tests). */
export type WorkerContainer = Pick<
  ServiceWorkerContainer,
  'register' | 'controller' | 'addEventListener'
>;

/** The worker's address: SvelteKit builds `src/service-worker.ts` to it. */
export const WORKER_URL = '/service-worker.js';

export class AppUpdate {
  /** a new version is installed and waits for the learner to reload */
  ready = $state(false);
  readonly #container: WorkerContainer | null;
  readonly #reload: () => void;
  #registration: ServiceWorkerRegistration | null = null;
  #reloadAsked = false;

  /**
   * @param container `navigator.serviceWorker`, or null where there is none
   * @param reload reloads the page (`location.reload`)
   */
  constructor(container: WorkerContainer | null, reload: () => void) {
    this.#container = container;
    this.#reload = reload;
  }

  /** Registers the worker and watches for a waiting new version. */
  async start(): Promise<void> {
    const container = this.#container;
    if (!container) return;
    let registration: ServiceWorkerRegistration | undefined;
    try {
      registration = await container.register(WORKER_URL);
    } catch (error) {
      console.info(`Offline use is off in this browser (${(error as Error).message}).`);
      return;
    }
    // Some hosts stub registration out and resolve with nothing (Playwright's blocking does).
    if (!registration) return;
    this.#registration = registration;
    // A page with no controller is a first visit: the worker taking it over (clients.claim) is
    // no new version. After that, a new controller this page did not ask for means another tab
    // reloaded onto a new version: this page's files are the old ones, so offer the reload.
    let controlled = container.controller !== null;
    container.addEventListener('controllerchange', () => {
      if (this.#reloadAsked) this.#reload();
      else if (controlled) this.ready = true;
      controlled = true;
    });
    const watch = (worker: ServiceWorker | null) =>
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'installed' && container.controller) this.ready = true;
      });
    if (registration.waiting && container.controller) this.ready = true;
    watch(registration.installing);
    registration.addEventListener('updatefound', () => watch(registration.installing));
  }

  /**
   * `start()` once the page has loaded and the browser has a quiet moment (at most 5 s later):
   * installing fetches the whole app for offline use, which must not compete with the page's
   * own first requests on a slow link.
   */
  startWhenIdle(): void {
    const start = () => void this.start();
    const idle = () =>
      'requestIdleCallback' in window
        ? requestIdleCallback(start, { timeout: 5000 })
        : setTimeout(start, 0);
    if (document.readyState === 'complete') idle();
    else addEventListener('load', idle, { once: true });
  }

  /** Switches to the waiting version and reloads the page once the new worker controls it. */
  reload(): void {
    const waiting = this.#registration?.waiting;
    if (!waiting) return this.#reload(); // another tab already switched: reload onto it
    this.#reloadAsked = true;
    waiting.postMessage({ type: 'skip-waiting' });
  }
}

/**
 * This tab's updates: the browser's service workers in a build; none in `vite dev` (where a
 * worker would keep serving files the editor has since changed) or where there is no support.
 */
export function browserAppUpdate(dev: boolean): AppUpdate {
  const container = !dev && 'serviceWorker' in navigator ? navigator.serviceWorker : null;
  return new AppUpdate(container, () => location.reload());
}
