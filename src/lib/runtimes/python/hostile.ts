/**
 * Programs that try to hang, crash, escape or poison the Python sandbox, with the verdict each
 * must get. One list for every host: `hostile.test.ts` runs it in Node, and an e2e test can run
 * it in Chromium through the app's sandbox. Data only (and one helper): no Node or DOM
 * imports, so any bundler or test runner can load it.
 *
 * How to use it: for each case, run `hostileRequest(c)`; the run must end within the time limit
 * plus the host's grace period, with `expectStatus` (and, when given, the first test's
 * `expectOutcome` and `expectError`). If the case has `next`, run that next: every test of it
 * must pass (it checks that the hostile run left nothing behind). Then run `CANARY`: it must pass
 * too, with `CANARY_STDOUT` as its output.
 *
 * About files: every run starts from the file system as it was when Python loaded (the engine
 * resets it after each run, see `fs-reset.js`), so whatever a program writes, anywhere, is gone
 * for the next program, and what it deletes comes back.
 */
import type { ExecRequest, ExecResult, TestOutcome } from '../../core/run/effects';

/** The entry point of every program here. */
export const HOSTILE_ENTRY = 'f';

/** The time limit the cases are written for; small, so the suite stays quick. */
export const HOSTILE_TIMEOUT_MS = 1_000;

/** A run that must leave the sandbox healthy; every one of its tests must pass. */
export interface FollowUp {
  code: string;
  tests: ExecRequest['tests'];
}

/** One hostile program and what the sandbox must make of it. */
export interface HostileCase {
  /** a short kebab-case name, for test titles */
  name: string;
  /** the program; its entry point is `f` */
  code: string;
  tests: ExecRequest['tests'];
  /** the run's status */
  expectStatus: ExecResult['status'];
  /**
   * other statuses that are right on some hosts: where the JavaScript stack is deeper
   * (Chromium), a program that crashes Node's Pyodide may instead run into the time limit
   */
  orStatus?: ExecResult['status'][];
  /** the first test's status */
  expectOutcome?: TestOutcome['status'];
  /** the error type: the first test's when `expectOutcome` is given, else the run's */
  expectError?: string;
  /** text the run's stdout must contain */
  expectStdout?: string;
  /** a run right after this one that shows it left nothing behind */
  next?: FollowUp;
  /** what the program tries, and why the verdict is right */
  why: string;
}

const ONE = [{ input: '1', expected: '1' }];
const lines = (...source: string[]) => source.join('\n') + '\n';

/** Builds the request for a hostile case (or a follow-up) with the given time limit. */
export function hostileRequest(
  program: Pick<HostileCase, 'code' | 'tests'>,
  timeoutMs: number = HOSTILE_TIMEOUT_MS
): ExecRequest {
  return {
    language: 'python',
    code: program.code,
    entryPoint: HOSTILE_ENTRY,
    tests: program.tests,
    timeoutMs,
    suite: 'visible'
  };
}

/**
 * A normal program, run after each hostile one: it passes only if printing, imports, builtins,
 * files, tracing and the import blocker are all as they should be.
 */
export const CANARY: FollowUp = {
  code: lines(
    'import io, json, os, sys',
    '',
    'def f(x):',
    '    problems = []',
    '    buffer = io.StringIO()',
    "    print('ok', file=buffer)",
    "    if buffer.getvalue() != 'ok\\n':",
    "        problems.append('print')",
    "    if json.dumps([x]) != '[1]' or len('abc') != 3:",
    "        problems.append('json or len')",
    "    if os.path.exists('/tmp/x') or os.path.exists('notes.txt'):",
    "        problems.append('files')",
    '    if sys.gettrace() is not None or sys.getprofile() is not None:',
    "        problems.append('tracer')",
    "    if os.environ.get('ACL_LEFTOVER') is not None:",
    "        problems.append('environ')",
    '    try:',
    '        import js',
    "        problems.append('js')",
    '    except ImportError:',
    '        pass',
    "    print('canary')",
    '    return problems'
  ),
  tests: [{ input: '1', expected: '[]' }]
};

/** What `CANARY` prints when it passes. */
export const CANARY_STDOUT = 'canary\n';

/** The suite: at least one program per way of attacking the sandbox that we know of. */
export const HOSTILE: HostileCase[] = [
  {
    name: 'endless-loop-at-top-level',
    code: lines('while True:', '    pass', 'def f(x):', '    return x'),
    tests: ONE,
    expectStatus: 'timeout',
    expectOutcome: 'not-run',
    why: 'The program never finishes loading; the interrupt stops it and no test runs.'
  },
  {
    name: 'busy-loop-in-a-helper',
    code: lines(
      'def spin(n):',
      '    while n >= 0:',
      '        n += 1',
      'def f(x):',
      '    return spin(x)'
    ),
    tests: ONE,
    expectStatus: 'timeout',
    expectOutcome: 'timeout',
    expectError: 'TimeoutError',
    why: 'A loop one call down is interrupted like any other; the test that ran it times out.'
  },
  {
    name: 'infinite-generator-into-list',
    code: lines(
      'def zeros():',
      '    while True:',
      '        yield 0',
      'def f(x):',
      '    return len(list(zeros()))'
    ),
    tests: ONE,
    expectStatus: 'timeout',
    expectOutcome: 'timeout',
    why:
      'list() keeps pulling from a generator that never ends; the generator runs Python ' +
      'code, so the interrupt reaches it.'
  },
  {
    name: 'sleep-for-a-minute',
    code: lines('import time', 'def f(x):', '    time.sleep(60)', '    return x'),
    tests: ONE,
    expectStatus: 'timeout',
    expectOutcome: 'timeout',
    why: "time.sleep waits in Python (Pyodide's own needs JavaScript), so the interrupt stops it."
  },
  {
    name: 'swallowed-keyboard-interrupt',
    code: lines(
      'def f(x):',
      '    while True:',
      '        try:',
      '            while True:',
      '                pass',
      '        except KeyboardInterrupt:',
      '            pass'
    ),
    tests: ONE,
    expectStatus: 'timeout',
    expectOutcome: 'timeout',
    why: 'The time limit is not a KeyboardInterrupt, so catching one does not stop it.'
  },
  {
    name: 'swallowed-base-exception',
    code: lines(
      'def f(x):',
      '    while True:',
      '        try:',
      '            while True:',
      '                pass',
      '        except BaseException:',
      '            pass'
    ),
    tests: ONE,
    expectStatus: 'timeout',
    expectOutcome: 'timeout',
    why:
      'Catching everything does swallow the interrupt; after the grace period the worker is' +
      ' terminated.'
  },
  {
    name: 'finally-that-loops-again',
    code: lines(
      'def f(x):',
      '    try:',
      '        while True:',
      '            pass',
      '    finally:',
      '        while True:',
      '            pass'
    ),
    tests: ONE,
    expectStatus: 'timeout',
    expectOutcome: 'timeout',
    why:
      'The interrupt is raised once; a finally block that loops again is ended by ' +
      'terminating the worker.'
  },
  {
    name: 'deep-recursion',
    code: lines('def f(x):', '    return f(x + 1) + 1'),
    tests: ONE,
    expectStatus: 'ok',
    expectOutcome: 'error',
    expectError: 'RecursionError',
    why: "Python's recursion limit ends it as an ordinary error of the test."
  },
  {
    name: 'deep-recursion-through-c-with-the-limit-raised',
    code: lines(
      'import functools, sys',
      'sys.setrecursionlimit(10**6)',
      '@functools.lru_cache(maxsize=None)',
      'def depth(n):',
      '    return 0 if n == 0 else depth(n - 1) + 1',
      'def f(x):',
      '    return depth(10**5)'
    ),
    tests: ONE,
    expectStatus: 'error',
    expectError: 'SandboxError',
    orStatus: ['timeout'],
    why:
      'Each level goes through C (lru_cache), which overflows the JavaScript stack before ' +
      "Python's raised limit: Pyodide dies, the run is an error and a fresh worker serves " +
      'the next. In Chromium the stack is deeper and the time limit usually ends it first.'
  },
  {
    name: 'huge-bytearray',
    code: lines('def f(x):', '    return len(bytearray(10**10))'),
    tests: ONE,
    expectStatus: 'ok',
    expectOutcome: 'error',
    expectError: 'OverflowError',
    why:
      "10 GB cannot even be asked for in wasm32's address space: an error at once, not a " +
      'full memory.'
  },
  {
    name: 'huge-list',
    code: lines('def f(x):', '    return len([0] * 10**10)'),
    tests: ONE,
    expectStatus: 'ok',
    expectOutcome: 'error',
    expectError: 'OverflowError',
    why:
      'Ten billion items do not fit a 32-bit index: an error at once, and the interpreter ' +
      'keeps working.'
  },
  {
    name: 'print-50-megabytes',
    code: lines(
      'def f(x):',
      '    chunk = "x" * 1_000_000',
      '    for _ in range(50):',
      '        print(chunk)',
      '    return x'
    ),
    tests: ONE,
    expectStatus: 'ok',
    expectOutcome: 'pass',
    expectStdout: '[output truncated',
    why:
      'Output past the first 20,000 characters is dropped as it is written, so it costs ' +
      'neither memory nor messages.'
  },
  {
    name: 'sys-exit-zero',
    code: lines('import sys', 'def f(x):', '    return x', 'sys.exit(0)'),
    tests: ONE,
    expectStatus: 'error',
    expectError: 'SystemExit',
    why:
      'Exiting with success at the top level must not look like passing: the program did ' +
      'not load.'
  },
  {
    name: 'os-exit-zero',
    code: lines('import os', 'def f(x):', '    os._exit(0)'),
    tests: ONE,
    expectStatus: 'ok',
    expectOutcome: 'error',
    expectError: 'SystemExit',
    why: 'os._exit would end the interpreter itself; during a run it raises SystemExit instead.'
  },
  {
    name: 'raise-system-exit',
    code: lines('def f(x):', '    raise SystemExit'),
    tests: ONE,
    expectStatus: 'ok',
    expectOutcome: 'error',
    expectError: 'SystemExit',
    why: 'A test whose function exits is an error of that test, never a pass.'
  },
  {
    name: 'import-js',
    code: lines('import js', 'def f(x):', '    return x'),
    tests: ONE,
    expectStatus: 'error',
    expectError: 'ModuleNotFoundError',
    why: 'js is the page (or worker) global scope: fetch, storage, postMessage. Refused.'
  },
  {
    name: 'pyfetch',
    code: lines('from pyodide.http import pyfetch', 'def f(x):', '    return x'),
    tests: ONE,
    expectStatus: 'error',
    expectError: 'ModuleNotFoundError',
    why: "Pyodide's own modules reach JavaScript and the network. Refused."
  },
  {
    name: 'import-pyodide-js',
    code: lines('import pyodide_js', 'def f(x):', '    return x'),
    tests: ONE,
    expectStatus: 'error',
    expectError: 'ModuleNotFoundError',
    why:
      "pyodide_js is Pyodide's JavaScript API, which could load packages or run JavaScript." +
      ' Refused.'
  },
  {
    name: 'dunder-import-js',
    code: lines('def f(x):', "    return __import__('js')"),
    tests: ONE,
    expectStatus: 'ok',
    expectOutcome: 'error',
    expectError: 'ModuleNotFoundError',
    why: '__import__ goes through the same import system, and the same refusal.'
  },
  {
    name: 'every-other-route-to-js',
    code: lines(
      'import builtins, importlib, importlib.util, sys',
      '',
      'ROUTES = {',
      "    'eval-compile': lambda: eval(compile(\"__import__('js')\", '<s>', 'eval')),",
      "    'exec': lambda: exec('import js'),",
      "    'import_module': lambda: importlib.import_module('pyodide_js'),",
      "    'builtins': lambda: builtins.__import__('_pyodide_core'),",
      "    'find_spec': lambda: importlib.util.find_spec('js') or importlib.import_module('js'),",
      "    'sys.modules': lambda: sys.modules['js'],",
      "    'pyodide.ffi': lambda: importlib.import_module('pyodide.ffi'),",
      '}',
      '',
      'def f(x):',
      '    reached = []',
      '    for name, route in ROUTES.items():',
      '        try:',
      '            route()',
      '            reached.append(name)',
      '        except (ImportError, KeyError):',
      '            pass',
      '    return reached'
    ),
    tests: [{ input: '1', expected: '[]' }],
    expectStatus: 'ok',
    expectOutcome: 'pass',
    why:
      'eval(compile(...)), exec, importlib, builtins.__import__, find_spec and sys.modules ' +
      'all end at the same blocked import.'
  },
  {
    name: 'reach-javascript-through-the-harness',
    code: lines(
      'import gc, sys',
      '',
      'def is_js(value):',
      '    kind = type(value)',
      "    if 'JsProxy' in {c.__name__ for c in kind.__mro__}:",
      '        return True',
      "    return getattr(getattr(value, '__self__', None), '__name__', None) == '_pyodide_core'",
      '',
      'def subclasses(cls):',
      '    for sub in type.__subclasses__(cls):',
      '        yield sub',
      '        yield from subclasses(sub)',
      '',
      'def f(x):',
      '    reached = []',
      '    harness = type(sys.stdout).write.__globals__',
      '    if any(is_js(v) for v in harness.values()):',
      "        reached.append('harness globals')",
      '    frame = sys._getframe()',
      '    while frame is not None:',
      '        if any(is_js(v) for v in frame.f_locals.values()):',
      "            reached.append('frame ' + frame.f_code.co_name)",
      '        frame = frame.f_back',
      '    if any(is_js(o) for o in gc.get_objects()):',
      "        reached.append('gc')",
      '    for finder in [o for o in gc.get_objects() if type(o).__name__ == "JsFinder"]:',
      '        sys.meta_path.insert(0, finder)',
      '    for name in ("js", "pyodide_js"):',
      '        try:',
      '            __import__(name)',
      '            reached.append(name)',
      '        except ImportError:',
      '            pass',
      '    for cls in subclasses(object):',
      "        if 'JsProxy' in {c.__name__ for c in cls.__mro__}:",
      '            try:',
      "                cls('x').constructor",
      '                reached.append(cls.__name__)',
      '            except BaseException:',
      '                pass',
      '    return reached'
    ),
    tests: [{ input: '1', expected: '[]' }],
    expectStatus: 'ok',
    expectOutcome: 'pass',
    why:
      "From any JavaScript object, .constructor.constructor is JavaScript's Function: no " +
      "JsProxy is left in the harness's globals, frames or gc, no import hook serves js, and " +
      'no JavaScript object can be constructed.'
  },
  {
    name: 'decimal-context-for-the-next-run',
    code: lines(
      'import decimal',
      'decimal.getcontext().prec = 3',
      'decimal.DefaultContext.prec = 3',
      'def f(x):',
      '    return x'
    ),
    tests: ONE,
    expectStatus: 'ok',
    expectOutcome: 'pass',
    next: {
      code: lines('from decimal import Decimal', 'def f(x):', '    return str(Decimal(x) / 7)'),
      tests: [{ input: '1', expected: "'0.1428571428571428571428571429'" }]
    },
    why:
      'Every run gets a fresh context (and the default context is put back), so a precision ' +
      'set by one program does not fail the next, correct one.'
  },
  {
    name: 'patch-the-harness-for-the-next-run',
    code: lines(
      'import sys',
      'harness = type(sys.stdout).write.__globals__',
      'def always_fail(self, call, expected, outcome, probe=False):',
      "    outcome['status'] = 'fail'",
      "harness['_Run']._run_call = always_fail",
      "harness['_safe_repr'] = lambda *args, **kwargs: 'forged'",
      'def f(x):',
      '    return x'
    ),
    tests: ONE,
    expectStatus: 'ok',
    next: {
      code: lines('def f(x):', '    return x'),
      tests: ONE
    },
    why:
      "A program can reach the harness's objects while it runs, but its classes and namespace " +
      'are put back afterwards: the next program is judged by the real harness.'
  },
  {
    name: 'write-files-for-the-next-run',
    code: lines(
      "open('/tmp/x', 'w').write('left behind')",
      "open('notes.txt', 'w').write('left behind')",
      "open('helper.py', 'w').write('VALUE = 42')",
      'import helper',
      'def f(x):',
      '    return x if helper.VALUE == 42 else None'
    ),
    tests: ONE,
    expectStatus: 'ok',
    expectOutcome: 'pass',
    next: {
      code: lines(
        'import os',
        'def f(x):',
        '    try:',
        '        import helper',
        '        found = True',
        '    except ImportError:',
        '        found = False',
        "    return (os.path.exists('/tmp/x'), os.path.exists('notes.txt'), found)"
      ),
      tests: [{ input: '1', expected: '(False, False, False)' }]
    },
    why:
      'A program may use files while it runs, but the next program starts from a clean file' +
      ' system: no leftovers, no module planted in the working directory.'
  },
  {
    name: 'delete-the-standard-library',
    code: lines('import os', "os.remove('/lib/python314.zip')", 'def f(x):', '    return x'),
    tests: ONE,
    expectStatus: 'ok',
    expectOutcome: 'pass',
    next: {
      code: lines('import fractions', 'def f(x):', '    return fractions.Fraction(x, 2) * 2'),
      tests: ONE
    },
    why:
      'What a program deletes comes back: the next program can still import from the ' +
      'standard library.'
  },
  {
    name: 'patch-print-for-the-next-run',
    code: lines(
      'import builtins, os, sys, warnings',
      'builtins.print = lambda *args, **kwargs: None',
      "os.environ['ACL_LEFTOVER'] = '1'",
      "sys.path.insert(0, '/tmp')",
      "warnings.simplefilter('error')",
      'sys.settrace(lambda *args: None)',
      "os.chdir('/tmp')",
      'def f(x):',
      '    return x'
    ),
    tests: ONE,
    expectStatus: 'ok',
    expectOutcome: 'pass',
    next: {
      code: lines(
        'import io, os, sys, warnings',
        'def f(x):',
        '    buffer = io.StringIO()',
        "    print('visible', file=buffer)",
        "    warnings.warn('only a warning')",
        "    return (buffer.getvalue(), os.environ.get('ACL_LEFTOVER'), '/tmp' in sys.path,",
        "            os.getcwd() == '/tmp')"
      ),
      tests: [{ input: '1', expected: "('visible\\n', None, False, False)" }]
    },
    why:
      'Builtins, environment variables, sys.path, warning filters, tracers and the working ' +
      'directory are put back after every run.'
  },
  {
    name: 'patch-sys-modules-for-the-next-run',
    code: lines(
      'import sys, types',
      "fake = types.ModuleType('json')",
      "fake.dumps = lambda value: 'patched'",
      "sys.modules['json'] = fake",
      "sys.modules['fractions'] = fake",
      'import math',
      'math.sqrt = lambda value: -1',
      'def f(x):',
      '    return x'
    ),
    tests: ONE,
    expectStatus: 'ok',
    expectOutcome: 'pass',
    next: {
      code: lines(
        'import json, math, fractions',
        'def f(x):',
        "    return (json.dumps([x]), math.sqrt(4), hasattr(fractions, 'Fraction'))"
      ),
      tests: [{ input: '1', expected: "('[1]', 2.0, True)" }]
    },
    why:
      'Modules replaced in sys.modules, or patched, are put back; modules a run imported ' +
      'are dropped, so the next run imports them afresh.'
  },
  {
    name: 'audit-hook',
    code: lines(
      'import sys',
      'def deny(event, args):',
      "    if event == 'import':",
      "        raise RuntimeError('no imports for you')",
      'sys.addaudithook(deny)',
      'def f(x):',
      '    return x'
    ),
    tests: ONE,
    expectStatus: 'error',
    expectError: 'RuntimeError',
    why:
      'An audit hook can never be removed and would judge every later run, so adding one is' +
      ' refused.'
  },
  {
    name: 'monitoring-tool-left-behind',
    code: lines(
      'import sys',
      'mon = sys.monitoring',
      "mon.use_tool_id(3, 'spy')",
      'seen = []',
      'mon.register_callback(3, mon.events.PY_START, lambda code, offset: seen.append(code))',
      'mon.set_events(3, mon.events.PY_START)',
      'def f(x):',
      '    return x'
    ),
    tests: ONE,
    expectStatus: 'ok',
    expectOutcome: 'pass',
    next: {
      code: lines(
        'import sys',
        'def f(x):',
        '    return x if sys.monitoring.get_tool(3) is None else 0'
      ),
      tests: ONE
    },
    why:
      'A sys.monitoring tool outlives the program that registered it; it is freed after the run, ' +
      'so it neither slows down nor watches the next one.'
  }
];
