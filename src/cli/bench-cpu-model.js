// npm run bench:cpu-model [tokens] [runs]: tokens/s of the tests' tiny GGUF model
// (tiny-gguf.js) on llama.cpp in WebAssembly (wllama), in Chromium, on one thread and on the
// pthread pool a cross-origin isolated page gets; prints both and their ratio.
//
// A small server on 127.0.0.1 sends wllama's module and wasm from node_modules and the model,
// with COOP/COEP so the page is isolated and may use threads. The tiny model's numbers say how
// the runtime scales, not how fast a real model is (a 0.5B Q4_K_M model is ~1000x the work per
// token): see docs/models.md.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { chromium } from '@playwright/test';
import { tinyGguf } from './tiny-gguf.js';

const tokens = Number(process.argv[2] ?? 200);
const runs = Number(process.argv[3] ?? 3);
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const esm = 'node_modules/@wllama/wllama/esm';
const model = tinyGguf();
/** @type {Record<string, [string, () => string | Uint8Array]>} */
const files = {
  '/index.js': ['text/javascript', () => readFileSync(`${esm}/index.js`)],
  '/wllama.wasm': ['application/wasm', () => readFileSync(`${esm}/wasm/wllama.wasm`)],
  '/tiny.gguf': ['application/octet-stream', () => model],
  '/': ['text/html', () => '<!doctype html><title>bench</title>']
};
const server = createServer((req, res) => {
  const file = files[new URL(req.url ?? '/', 'http://x').pathname];
  const headers = {
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp'
  };
  if (!file) return res.writeHead(404, headers).end();
  res.writeHead(200, { ...headers, 'content-type': file[0] }).end(file[1]());
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
const address = server.address();
const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  await page.goto(origin);
  /** @param {number} threads */
  const measure = (threads) =>
    page.evaluate(
      async ({ threads, tokens, runs }) => {
        // @ts-expect-error: a URL the bench's own server answers, not a module on disk
        const { Wllama } = await import('/index.js');
        const quiet = { debug() {}, log() {}, warn() {}, error() {} };
        const wllama = new Wllama({ default: '/wllama.wasm' }, { logger: quiet });
        await wllama.loadModelFromUrl(`${location.origin}/tiny.gguf`, {
          n_ctx: 1024,
          n_gpu_layers: 0,
          n_threads: threads,
          useCache: false
        });
        const rates = [];
        for (let run = 0; run < runs; run++) {
          let count = 0;
          let first = 0;
          await wllama.createChatCompletion({
            messages: [{ role: 'user', content: 'Write a function that adds two numbers.' }],
            max_tokens: tokens,
            temperature: 0.8,
            seed: run,
            stream: true,
            onData: () => {
              // Timed from the first token: prompt processing is not generation.
              if (count++ === 0) first = performance.now();
            }
          });
          rates.push(((count - 1) * 1000) / (performance.now() - first));
        }
        const used = wllama.getNumThreads();
        await wllama.exit();
        rates.sort((a, b) => a - b);
        return { threads: used, median: rates[Math.floor(rates.length / 2)], crossOriginIsolated };
      },
      { threads, tokens, runs }
    );
  const many = Math.max(2, Math.floor(cpus().length / 2));
  const single = await measure(1);
  const multi = await measure(many);
  const fmt = (/** @type {{ threads: number, median: number }} */ r) =>
    `${r.median.toFixed(1)} tokens/s on ${r.threads} thread${r.threads === 1 ? '' : 's'}`;
  console.log(`tiny GGUF (${model.length} bytes), ${tokens} tokens, median of ${runs} runs`);
  console.log(`single-threaded: ${fmt(single)}`);
  console.log(
    `multi-threaded:  ${fmt(multi)} (cross-origin isolated: ${multi.crossOriginIsolated})`
  );
  console.log(`ratio multi/single: ${(multi.median / single.median).toFixed(2)}`);
} finally {
  await browser.close();
  server.close();
}
