import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppUpdate, WORKER_URL, type WorkerContainer } from './app-update.svelte';

/** A service worker in a given state, whose state changes are driven by the test. */
class FakeWorker extends EventTarget {
  messages: unknown[] = [];
  constructor(public state: ServiceWorkerState) {
    super();
  }
  postMessage(message: unknown) {
    this.messages.push(message);
  }
  become(state: ServiceWorkerState) {
    this.state = state;
    this.dispatchEvent(new Event('statechange'));
  }
}

class FakeRegistration extends EventTarget {
  installing: FakeWorker | null = null;
  waiting: FakeWorker | null = null;
}

class FakeContainer extends EventTarget {
  controller: FakeWorker | null;
  registered: string[] = [];
  constructor(
    public registration: FakeRegistration,
    controlled: boolean,
    private failure?: Error
  ) {
    super();
    this.controller = controlled ? new FakeWorker('activated') : null;
  }
  async register(url: string | URL) {
    this.registered.push(String(url));
    if (this.failure) throw this.failure;
    return this.registration as unknown as ServiceWorkerRegistration | undefined;
  }
}

const asContainer = (c: FakeContainer) => c as unknown as WorkerContainer;

describe('AppUpdate', () => {
  // The file's worker is shared with other files (vite.config.ts): console must be whole again.
  afterEach(() => vi.restoreAllMocks());

  it('offers the reload when a new version has installed beside the current one', async () => {
    const registration = new FakeRegistration();
    const container = new FakeContainer(registration, true);
    const update = new AppUpdate(asContainer(container), vi.fn());
    await update.start();
    expect(container.registered).toEqual([WORKER_URL]);
    expect(update.ready).toBe(false);

    const next = new FakeWorker('installing');
    registration.installing = next;
    registration.dispatchEvent(new Event('updatefound'));
    expect(update.ready).toBe(false);
    next.become('installed');
    expect(update.ready).toBe(true);
  });

  it('says nothing on a first visit, when the worker installs and takes the page over', async () => {
    const registration = new FakeRegistration();
    const first = new FakeWorker('installing');
    registration.installing = first;
    const container = new FakeContainer(registration, false);
    const reload = vi.fn();
    const update = new AppUpdate(asContainer(container), reload);
    await update.start();
    first.become('installed');
    container.controller = first;
    container.dispatchEvent(new Event('controllerchange'));
    expect(update.ready).toBe(false);
    expect(reload).not.toHaveBeenCalled();
  });

  it('switches only when asked, and reloads once the new worker controls the page', async () => {
    const registration = new FakeRegistration();
    registration.waiting = new FakeWorker('installed');
    const container = new FakeContainer(registration, true);
    const reload = vi.fn();
    const update = new AppUpdate(asContainer(container), reload);
    await update.start();
    expect(update.ready).toBe(true); // found waiting when the page opened
    expect(registration.waiting.messages).toEqual([]);

    update.reload();
    expect(registration.waiting.messages).toEqual([{ type: 'skip-waiting' }]);
    expect(reload).not.toHaveBeenCalled(); // not before the new worker has taken over
    container.dispatchEvent(new Event('controllerchange'));
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('offers the reload when another tab switched this one to a new version', async () => {
    const container = new FakeContainer(new FakeRegistration(), true);
    const reload = vi.fn();
    const update = new AppUpdate(asContainer(container), reload);
    await update.start();
    container.dispatchEvent(new Event('controllerchange'));
    expect(update.ready).toBe(true);
    expect(reload).not.toHaveBeenCalled();
    update.reload(); // nothing waits any more: just reload onto the new version
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('works on without offline use when registering fails, with one quiet note', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error');
    const container = new FakeContainer(
      new FakeRegistration(),
      false,
      new DOMException('The user denied permission to use Service Worker.', 'SecurityError')
    );
    const update = new AppUpdate(asContainer(container), vi.fn());
    await expect(update.start()).resolves.toBeUndefined();
    expect(update.ready).toBe(false);
    expect(info).toHaveBeenCalledTimes(1);
    expect(info.mock.calls[0][0]).toMatch(/Offline use is off/);
    expect(error).not.toHaveBeenCalled();
    info.mockRestore();
    error.mockRestore();
  });

  it('takes a registration stubbed out to nothing as no offline use', async () => {
    const container = new FakeContainer(new FakeRegistration(), true);
    (container as { registration: FakeRegistration | undefined }).registration = undefined;
    const reload = vi.fn();
    const update = new AppUpdate(asContainer(container), reload);
    await expect(update.start()).resolves.toBeUndefined();
    container.dispatchEvent(new Event('controllerchange'));
    expect(update.ready).toBe(false);
    update.reload();
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('does nothing where there are no service workers', async () => {
    const update = new AppUpdate(null, vi.fn());
    await update.start();
    expect(update.ready).toBe(false);
  });
});
