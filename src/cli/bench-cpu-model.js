// npm run bench:cpu-model [tokens] [runs]: tokens/s of the tests' tiny GGUF model
// (tiny-gguf.js) on llama.cpp in WebAssembly, in Chromium, on one thread and on the pthread
// pool a cross-origin isolated page gets, for both builds the app runs: wllama 3's 64-bit one
// and wllama 2's 32-bit one (browsers without memory64); prints each, multi/single, and the
// 32-bit build's speed as a share of the 64-bit build's in the same run.
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
const esm32 = 'node_modules/wllama-wasm32/esm';
const model = tinyGguf();
/** @type {Record<string, [string, () => string | Uint8Array]>} */
const files = {
  '/index.js': ['text/javascript', () => readFileSync(`${esm}/index.js`)],
  '/wllama.wasm': ['application/wasm', () => readFileSync(`${esm}/wasm/wllama.wasm`)],
  '/32/index.js': ['text/javascript', () => readFileSync(`${esm32}/index.js`)],
  '/32/st.wasm': ['application/wasm', () => readFileSync(`${esm32}/single-thread/wllama.wasm`)],
  '/32/mt.wasm': ['application/wasm', () => readFileSync(`${esm32}/multi-thread/wllama.wasm`)],
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
  /** wllama 2's 32-bit build: its own API (a sampler seeded at load, `nPredict`, `onNewToken`). */
  /** @param {number} threads */
  const measure32 = (threads) =>
    page.evaluate(
      async ({ threads, tokens, runs }) => {
        // @ts-expect-error: a URL the bench's own server answers, not a module on disk
        const { Wllama } = await import('/32/index.js');
        const quiet = { debug() {}, log() {}, warn() {}, error() {} };
        const paths = {
          'single-thread/wllama.wasm': '/32/st.wasm',
          'multi-thread/wllama.wasm': '/32/mt.wasm'
        };
        const rates = [];
        let used = 0;
        for (let run = 0; run < runs; run++) {
          // The seed is fixed when the model loads: one load per run, as the app does per seed.
          const wllama = new Wllama(paths, { logger: quiet });
          await wllama.loadModelFromUrl(`${location.origin}/tiny.gguf`, {
            n_ctx: 1024,
            n_threads: threads,
            seed: run,
            useCache: false
          });
          let count = 0;
          let first = 0;
          await wllama.createChatCompletion(
            [{ role: 'user', content: 'Write a function that adds two numbers.' }],
            {
              nPredict: tokens,
              sampling: { temp: 0.8 },
              onNewToken: () => {
                if (count++ === 0) first = performance.now();
              }
            }
          );
          rates.push(((count - 1) * 1000) / (performance.now() - first));
          used = wllama.getNumThreads();
          await wllama.exit();
        }
        rates.sort((a, b) => a - b);
        return { threads: used, median: rates[Math.floor(rates.length / 2)], crossOriginIsolated };
      },
      { threads, tokens, runs }
    );
  const many = Math.max(2, Math.floor(cpus().length / 2));
  const single = await measure(1);
  const multi = await measure(many);
  const single32 = await measure32(1);
  const multi32 = await measure32(many);
  const fmt = (/** @type {{ threads: number, median: number }} */ r) =>
    `${r.median.toFixed(1)} tokens/s on ${r.threads} thread${r.threads === 1 ? '' : 's'}`;
  console.log(`tiny GGUF (${model.length} bytes), ${tokens} tokens, median of ${runs} runs`);
  console.log(`cross-origin isolated: ${multi.crossOriginIsolated}`);
  console.log(`64-bit build (wllama 3), single-threaded: ${fmt(single)}`);
  console.log(`64-bit build (wllama 3), multi-threaded:  ${fmt(multi)}`);
  console.log(`32-bit build (wllama 2), single-threaded: ${fmt(single32)}`);
  console.log(`32-bit build (wllama 2), multi-threaded:  ${fmt(multi32)}`);
  console.log(
    `ratio multi/single: 64-bit ${(multi.median / single.median).toFixed(2)}, 32-bit ${(multi32.median / single32.median).toFixed(2)}`
  );
  console.log(
    `32-bit/64-bit: single ${(single32.median / single.median).toFixed(2)}, multi ${(multi32.median / multi.median).toFixed(2)}`
  );
} finally {
  await browser.close();
  server.close();
}
