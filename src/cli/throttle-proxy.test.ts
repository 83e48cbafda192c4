import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Link, startThrottleProxy } from './throttle-proxy.js';

describe('Link', () => {
  it('sends chunks one after another at its rate, then adds the delay', () => {
    const link = new Link(8_000_000, 20); // 1 byte per µs: 1000 bytes take 1 ms
    expect(link.arrival(1000, 0)).toBe(21);
    // written at the same moment: waits for the first chunk to leave
    expect(link.arrival(2000, 0)).toBe(23);
    // written after the link went idle: starts at once
    expect(link.arrival(1000, 100)).toBe(121);
  });
});

describe('startThrottleProxy', () => {
  it('passes a response through unchanged', async () => {
    const body = 'x'.repeat(200_000) + 'end';
    const server = createServer((_req, res) => res.end(body));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(null)));
    const target = (server.address() as AddressInfo).port;
    const proxy = await startThrottleProxy({
      port: 0,
      target,
      bitsPerSecond: 100e6,
      roundTripMs: 10
    });
    try {
      const text = await (await fetch(`http://127.0.0.1:${proxy.port}/`)).text();
      expect(text).toBe(body);
      // the response crossed the link: its body and headers are counted
      expect(proxy.bytesDown).toBeGreaterThan(body.length);
      expect(proxy.bytesUp).toBeGreaterThan(0);
    } finally {
      proxy.close();
      server.close();
    }
  });
});
