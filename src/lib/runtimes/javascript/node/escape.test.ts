/**
 * Issue 21's red team against the JavaScript sandbox for Node (what `npm run solve` and the
 * grader run model-written JavaScript in), as regression tests. The CLI's process holds an API
 * key in its environment; a program must reach neither it nor Node: not through stack frames,
 * a walk of the globals, `import()`, `Function('return this')`, a timer's object, or a caller
 * chain. And in case the harness misses a way, the program's process itself must hold no
 * secret and be unable to start commands or workers, read outside the sandbox's files, or
 * write at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecResultSchema } from '../../../core/run/effects';
import { sandboxProcessTests } from '../../../testing/sandbox-process';
import { createNodeJsSandbox, sandboxProcessArgs, type NodeJsSandbox } from './sandbox';

const SECRET_NAME = 'ACL_TEST_API_KEY';
const SECRET = 'sk-test-do-not-leak-0123456789';

let sandbox: NodeJsSandbox;

beforeAll(async () => {
  // As `npm run solve --api-key-env` has it: the key sits in the CLI's own environment.
  process.env[SECRET_NAME] = SECRET;
  sandbox = await createNodeJsSandbox();
});

afterAll(async () => {
  delete process.env[SECRET_NAME];
  await sandbox?.dispose();
});

const lines = (...source: string[]) => source.join('\n') + '\n';

/**
 * JavaScript: `isHost(value)` says whether a value is (or leads at once to) Node's real
 * `process`, a module loader, or the key: anything a program could run commands or read the
 * environment with.
 */
const IS_HOST = lines(
  `const SECRET = ${JSON.stringify(SECRET)};`,
  'function isHost(value) {',
  '  try {',
  "    if (typeof value === 'string') return value.includes(SECRET);",
  "    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;",
  "    for (const name of ['getBuiltinModule', 'binding', '_linkedBinding', 'dlopen', 'mainModule', '_load', 'execSync', 'spawn']) {",
  "      if (typeof value[name] === 'function') return true;",
  '    }',
  '    const env = value.env;',
  "    return typeof env === 'object' && env !== null && Object.values(env).some((v) => String(v).includes(SECRET));",
  '  } catch {',
  '    return false;',
  '  }',
  '}'
);

/** Runs a program whose f() returns what it reached; it must have reached nothing. */
async function expectNothingReached(code: string): Promise<void> {
  const result = ExecResultSchema.parse(
    await sandbox.execute({
      language: 'javascript',
      code: IS_HOST + code,
      entryPoint: 'f',
      tests: [{ input: '', expected: '[]' }],
      timeoutMs: 10_000,
      suite: 'visible'
    })
  );
  expect(result.tests[0], JSON.stringify(result).slice(0, 2000)).toMatchObject({
    status: 'pass',
    actual: '[]'
  });
}

describe('no way from a program to Node', () => {
  it("finds nothing in the stack's frames (Error.prepareStackTrace's getThis / getFunction)", async () => {
    await expectNothingReached(
      lines(
        'function f() {',
        '  const found = [];',
        '  const look = (frames) => {',
        '    for (const frame of frames) {',
        '      for (const get of ["getThis", "getFunction", "getTypeName"]) {',
        '        try { if (isHost(frame[get]?.())) found.push(get + " of " + frame.getFileName?.()); } catch {}',
        '      }',
        '    }',
        '    return "";',
        '  };',
        '  try { Error.prepareStackTrace = (error, frames) => look(frames); } catch {}',
        '  new Error().stack;',
        '  const target = {};',
        '  try { Error.captureStackTrace(target); target.stack; } catch {}',
        '  // the frames of a timer callback and a promise job, whose callers are Node',
        '  return new Promise((resolve) => setTimeout(() => { new Error().stack; resolve(found); }, 0));',
        '}'
      )
    );
  });

  it('finds nothing in a walk of the globals, their properties and prototypes', async () => {
    await expectNothingReached(
      lines(
        'function f() {',
        '  const found = [];',
        '  const seen = new Set();',
        '  const queue = [[globalThis, "globalThis", 0]];',
        '  while (queue.length) {',
        '    const [value, path, depth] = queue.shift();',
        '    if (seen.has(value)) continue;',
        '    seen.add(value);',
        '    if (isHost(value)) found.push(path);',
        '    if (depth === 3) continue;',
        '    let keys = [];',
        '    try { keys = Reflect.ownKeys(value); } catch {}',
        '    for (const key of keys) {',
        '      let next;',
        '      try { next = value[key]; } catch { continue; }',
        '      if ((typeof next === "object" || typeof next === "function") && next !== null) {',
        '        queue.push([next, path + "." + String(key), depth + 1]);',
        '      } else if (isHost(next)) found.push(path + "." + String(key));',
        '    }',
        '    try {',
        '      const proto = Object.getPrototypeOf(value);',
        '      if (proto) queue.push([proto, path + ".__proto__", depth + 1]);',
        '    } catch {}',
        '  }',
        '  return found;',
        '}'
      )
    );
  });

  it("finds nothing through import(), Function('return this'), eval, timers or a caller chain", async () => {
    await expectNothingReached(
      lines(
        'async function f() {',
        '  const found = [];',
        "  for (const name of ['node:child_process', 'child_process', 'node:fs', 'node:process', 'node:worker_threads']) {",
        '    try { await import(name); found.push("import " + name); } catch {}',
        '  }',
        "  const realm = new Function('return this')();",
        "  if (isHost(realm.process)) found.push('Function(return this).process');",
        "  if (isHost((0, eval)('this').process)) found.push('indirect eval');",
        '  if (isHost(globalThis.process) || isHost(process)) found.push("process");',
        '  try { if (isHost(process.constructor)) found.push("process.constructor"); } catch {}',
        '  const timer = setTimeout(() => {}, 0);',
        '  clearTimeout(timer);',
        '  for (const key of Reflect.ownKeys(timer)) if (isHost(timer[key])) found.push("timer " + String(key));',
        '  try { if (isHost(timer.constructor)) found.push("Timeout"); } catch {}',
        '  try { if (isHost(Buffer.constructor) || isHost(Buffer.from("x").constructor)) found.push("Buffer"); } catch {}',
        '  // a sloppy function sees its caller, if that caller is sloppy too',
        '  let caller = null;',
        '  (function sloppy() { caller = sloppy.caller; })();',
        '  try {',
        '    for (let at = caller, i = 0; at && i < 20; at = at.caller, i++) if (isHost(at)) found.push("caller");',
        '  } catch {} // a strict or async function hides its caller',
        '  await new Promise((resolve) => setImmediate(function () {',
        '    try { if (isHost(arguments.callee.caller)) found.push("setImmediate caller"); } catch {}',
        '    resolve();',
        '  }));',
        '  return found;',
        '}'
      )
    );
  });
});

describe('the sandbox process', () => {
  sandboxProcessTests({
    args: () => sandboxProcessArgs(),
    secretName: SECRET_NAME,
    secret: SECRET,
    marker: 'javascript/node/',
    readable: "the sandbox's"
  });
});
