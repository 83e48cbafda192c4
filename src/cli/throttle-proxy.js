// A TCP proxy that makes a loopback server look like a busy classroom link: every byte, in
// either direction, waits for its turn on a shared link of a fixed rate, then for half the
// round trip. All connections share one link each way, as a learner's connections share one
// Wi-Fi share. Throttling here, not in the browser, reaches everything the page starts —
// workers and the service worker included, which Chromium's per-page emulation does not.
import { createConnection, createServer } from 'node:net';

/** Bytes one connection may have queued on the link (a typical TCP receive window). */
const WINDOW = 64 * 1024;

/**
 * One direction of a link: when each chunk written at `now` arrives at the other end.
 * Pure (the clock is passed in), so it is tested without a network.
 */
export class Link {
  /**
   * @param {number} bitsPerSecond the link's rate
   * @param {number} delayMs one-way delay (half the round trip)
   */
  constructor(bitsPerSecond, delayMs) {
    this.bitsPerSecond = bitsPerSecond;
    this.delayMs = delayMs;
    /** when the link has sent everything queued so far (ms, the caller's clock) */
    this.freeAt = 0;
  }

  /**
   * Queues `bytes` written at `now`; returns the time they arrive.
   * @param {number} bytes
   * @param {number} now
   */
  arrival(bytes, now) {
    const start = Math.max(now, this.freeAt);
    this.freeAt = start + (bytes * 8 * 1000) / this.bitsPerSecond;
    return this.freeAt + this.delayMs;
  }
}

/**
 * Starts a throttling proxy on 127.0.0.1:`port` (0: any free port) to 127.0.0.1:`target`.
 * @param {{ port: number, target: number, bitsPerSecond: number, roundTripMs: number }} options
 * @returns {Promise<{ port: number, bytesDown: number, bytesUp: number, lastActivity: number,
 *   close: () => void }>} the byte counts (each direction, as sent over the link) and the
 *   time (`performance.now()`) anything last crossed it read live
 */
export async function startThrottleProxy({ port, target, bitsPerSecond, roundTripMs }) {
  const down = new Link(bitsPerSecond, roundTripMs / 2);
  const up = new Link(bitsPerSecond, roundTripMs / 2);
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  const counts = { bytesDown: 0, bytesUp: 0, lastActivity: 0 };

  /**
   * Pipes `from` into `to` through `link`, in order, holding each chunk until it arrives.
   * @param {import('node:net').Socket} from
   * @param {import('node:net').Socket} to
   * @param {Link} link
   */
  function pipe(from, to, link) {
    let last = Promise.resolve();
    // Like a TCP window: a connection has at most WINDOW bytes queued on the link, so a new
    // response does not wait behind the whole of a big download; connections take turns.
    let queued = 0;
    from.on('data', (chunk) => {
      counts[link === down ? 'bytesDown' : 'bytesUp'] += chunk.length;
      counts.lastActivity = performance.now();
      const wait = link.arrival(chunk.length, performance.now()) - performance.now();
      queued += chunk.length;
      if (queued > WINDOW) from.pause();
      const previous = last;
      last = new Promise((resolve) => setTimeout(resolve, Math.max(0, wait))).then(async () => {
        await previous;
        if (!to.destroyed) to.write(chunk);
        queued -= chunk.length;
        if (queued <= WINDOW / 2 && from.isPaused()) from.resume();
      });
    });
    from.on('end', () => void last.then(() => to.end()));
  }

  const server = createServer((client) => {
    const upstream = createConnection({ port: target, host: '127.0.0.1' });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      socket.on('close', () => sockets.delete(socket));
    }
    pipe(client, upstream, up);
    pipe(upstream, client, down);
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(null)));
  return {
    get bytesDown() {
      return counts.bytesDown;
    },
    get bytesUp() {
      return counts.bytesUp;
    },
    get lastActivity() {
      return counts.lastActivity;
    },
    port: /** @type {import('node:net').AddressInfo} */ (server.address()).port,
    close() {
      server.close();
      for (const socket of sockets) socket.destroy();
    }
  };
}
