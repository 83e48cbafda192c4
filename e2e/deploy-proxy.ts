import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for a deploy, in front of the app under test: every request is passed to `target`
 * and its answer back unchanged, until `deploy(from, to)`; from then on `/service-worker.js` is
 * the same script with its version renamed, which is what a browser sees when a new build
 * goes live (a worker whose bytes differ). Playwright's routes cannot do this: the browser
 * fetches a worker's update itself, where no route sees it.
 */
export async function deployProxy(target: string) {
  let renamed: { from: string; to: string } | null = null;
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const swap = renamed && /^\/service-worker\.js(\?|$)/.test(path) ? renamed : null;
    const headers: IncomingHttpHeaders = { ...req.headers, host: new URL(target).host };
    if (swap) headers['accept-encoding'] = 'identity'; // to edit the text
    const upstream = request(new URL(path, target), { method: req.method, headers }, (answer) => {
      if (!swap) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8').replaceAll(swap.from, swap.to);
        const { etag: _etag, 'content-length': _length, ...rest } = answer.headers;
        res.writeHead(answer.statusCode ?? 502, rest);
        res.end(body);
      });
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    /** From now on, the worker script says `to` wherever it said `from`. */
    deploy(from: string, to: string) {
      renamed = { from, to };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}
