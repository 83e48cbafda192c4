import { test } from 'vitest';
import { createNodeSandbox } from './node-sandbox';
test('latency', async () => {
  const sb = await createNodeSandbox({ graceMs: 1_000 });
  for (let i = 0; i < 40; i++) {
    const t = performance.now();
    const r = await sb.execute({ language: 'python', entryPoint: 'add', suite: 'visible', timeoutMs: 1000, code: 'def add(a, b):\n    while True:\n        pass\n', tests: [{ input: '1, 2', expected: '3' }] });
    console.log(i, r.status, r.tests[0].error?.line, Math.round(r.durationMs), Math.round(performance.now() - t));
  }
  await sb.dispose();
}, 300_000);
