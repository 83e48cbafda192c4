/**
 * Issue 21's red-team findings against the real Node sandbox, as regression tests: a program
 * must not reach JavaScript (through the harness's globals, frames, closures, `sys.modules`
 * snapshots, `gc`, saved import hooks or Pyodide's built-in module), the sandbox process must
 * hold no secret and be unable to start commands, and no run may change the next run's verdict
 * (a decimal context, a patched harness, a finalizer that patches again).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecResultSchema, type ExecResult } from '../../core/run/effects';
import type { TestCase } from '../../core/problems/problem';
import { sandboxProcessTests } from '../../testing/sandbox-process';
import { createNodeSandbox, sandboxProcessArgs, type NodeSandbox } from './node-sandbox';

const SECRET_NAME = 'ACL_TEST_API_KEY';
const SECRET = 'sk-test-do-not-leak-0123456789';

let sandbox: NodeSandbox;

beforeAll(async () => {
  // As `npm run solve --api-key-env` has it: the key sits in the CLI's own environment.
  process.env[SECRET_NAME] = SECRET;
  sandbox = await createNodeSandbox();
});

afterAll(async () => {
  delete process.env[SECRET_NAME];
  await sandbox?.dispose();
});

const program = (...lines: string[]) => lines.join('\n') + '\n';

async function run(code: string, tests: TestCase[], timeoutMs = 20_000): Promise<ExecResult> {
  const result = await sandbox.execute({
    language: 'python',
    code,
    entryPoint: 'f',
    tests,
    timeoutMs,
    suite: 'visible'
  });
  return ExecResultSchema.parse(result);
}

/** Runs a program whose f() returns what it reached; it must have reached nothing. */
async function expectNothingReached(code: string): Promise<void> {
  const result = await run(code, [{ input: '', expected: '[]' }]);
  expect(result.tests[0], JSON.stringify(result).slice(0, 2000)).toMatchObject({
    status: 'pass',
    actual: '[]'
  });
}

/** The next run after a patching one: a wrong program must still fail. */
async function expectWrongStillFails(): Promise<void> {
  const wrong = await run(program('def f():', '    return 0'), [{ input: '', expected: '1' }]);
  expect(wrong.tests[0].status).toBe('fail');
}

/** Python: is this object (or its type) part of Pyodide's JavaScript bridge? */
const IS_JS = program(
  'import types',
  'def is_js(value):',
  '    try:',
  '        kind = type(value)',
  '        names = {c.__name__ for c in kind.__mro__}',
  "        if 'JsProxy' in names or kind.__name__ in ('Py2JsConverter', 'Js2PyConverter', 'JsFuncSignature'):",
  '            return True',
  '        if kind is types.BuiltinFunctionType:',
  "            owner = getattr(value, '__self__', None)",
  "            return getattr(owner, '__name__', None) == '_pyodide_core'",
  '    except BaseException:',
  '        return False',
  '    return False'
);

describe('no way from Python to JavaScript', () => {
  it("finds no JsProxy in the globals of the harness's functions (type(sys.stdout).write.__globals__)", async () => {
    await expectNothingReached(
      IS_JS +
        program(
          'import sys',
          'def f():',
          '    found = []',
          '    g = type(sys.stdout).write.__globals__',
          '    for name, value in list(g.items()) + list(g["__builtins__"].items()):',
          '        if is_js(value) or "report" in name:',
          '            found.append(name)',
          '    return found'
        )
    );
  });

  it('finds no JsProxy in any frame, local, closure or default up the stack', async () => {
    await expectNothingReached(
      IS_JS +
        program(
          'import sys',
          'def f():',
          '    found = []',
          '    frame = sys._getframe()',
          '    while frame is not None:',
          '        for name, value in list(frame.f_locals.items()) + list(frame.f_globals.items()):',
          '            values = [value]',
          "            values += [c.cell_contents for c in (getattr(value, '__closure__', None) or ()) if c.cell_contents is not None] if hasattr(value, '__closure__') else []",
          "            values += list(getattr(value, '__defaults__', None) or ())",
          '            if any(is_js(v) for v in values):',
          '                found.append(frame.f_code.co_name + ":" + name)',
          '        frame = frame.f_back',
          '    return found'
        )
    );
  });

  it('finds no JsProxy, and no function that makes one, among all objects gc can reach', async () => {
    await expectNothingReached(
      IS_JS +
        program(
          'import gc, sys',
          'def f():',
          '    found = set()',
          '    seen = set()',
          '    todo = gc.get_objects() + list(sys.modules.values())',
          '    while todo:',
          '        value = todo.pop()',
          '        if id(value) in seen:',
          '            continue',
          '        seen.add(id(value))',
          '        if is_js(value):',
          '            found.add(type(value).__name__)',
          '            continue',
          '        todo.extend(gc.get_referents(value))',
          '    return sorted(found)'
        )
    );
  }, 120_000);

  it('cannot import js or pyodide_js by putting back any import hook it can find', async () => {
    await expectNothingReached(
      program(
        'import gc, sys',
        'def f():',
        '    reached = []',
        '    finders = [o for o in gc.get_objects() if hasattr(o, "find_spec") and not isinstance(o, type(sys))]',
        '    finders += [o for o in gc.get_objects() if isinstance(o, list) and any(type(x).__name__ == "JsFinder" for x in o)]',
        '    for finder in finders:',
        '        hooks = finder if isinstance(finder, list) else [finder]',
        '        saved = list(sys.meta_path)',
        '        sys.meta_path[:] = hooks + saved',
        '        for name in ("js", "pyodide_js", "_pyodide_core", "pyodide.ffi"):',
        '            sys.modules.pop(name, None)',
        '            try:',
        '                module = __import__(name)',
        '                if name == "_pyodide_core" and not hasattr(module, "to_js"):',
        '                    continue',
        '                reached.append(name + " via " + type(hooks[0]).__name__)',
        '            except BaseException:',
        '                pass',
        '        sys.meta_path[:] = saved',
        '    return sorted(set(reached))'
      )
    );
  }, 60_000);

  it("cannot re-create Pyodide's built-in module, nor construct a JavaScript object", async () => {
    await expectNothingReached(
      program(
        'import _imp, importlib.machinery',
        'def subclasses(cls):',
        '    for sub in type.__subclasses__(cls):',
        '        yield sub',
        '        yield from subclasses(sub)',
        'def f():',
        '    reached = []',
        "    spec = importlib.machinery.ModuleSpec('_pyodide_core', importlib.machinery.BuiltinImporter)",
        '    core = _imp.create_builtin(spec)',
        "    for name in ('to_js', 'create_proxy', 'create_once_callable', 'run_sync', 'raw_call'):",
        '        if hasattr(core, name):',
        "            reached.append('_pyodide_core.' + name)",
        '    for cls in subclasses(object):',
        "        if 'JsProxy' not in {c.__name__ for c in cls.__mro__}:",
        '            continue',
        "        for args in ((), ('x',), (1,)):",
        '            try:',
        '                made = cls(*args)',
        "                getattr(made, 'constructor')",
        '                reached.append(cls.__name__)',
        '                break',
        '            except BaseException:',
        '                pass',
        '    return reached'
      )
    );
  }, 60_000);

  it('cannot run a command or read the API key from the environment', async () => {
    const result = await run(
      program(
        'import os',
        'def f():',
        `    return [name for name, value in os.environ.items() if name == '${SECRET_NAME}' or '${SECRET}' in value]`
      ),
      [{ input: '', expected: '[]' }]
    );
    expect(result.tests[0].status, JSON.stringify(result)).toBe('pass');
  });
});

describe('the sandbox process', () => {
  sandboxProcessTests({
    args: () => sandboxProcessArgs(),
    secretName: SECRET_NAME,
    secret: SECRET,
    marker: 'python/node-process.js',
    readable: 'Pyodide'
  });
});

describe('no run changes the next run', () => {
  const DECIMAL = program(
    'from decimal import Decimal',
    'def f():',
    '    return str(Decimal(1) / Decimal(7))'
  );
  const SEVENTH = [{ input: '', expected: "'0.1428571428571428571428571429'" }];

  it('starts every run with the default decimal context', async () => {
    expect((await run(DECIMAL, SEVENTH)).tests[0].status).toBe('pass');
    const poison = await run(
      program(
        'import decimal',
        'decimal.getcontext().prec = 3',
        'decimal.DefaultContext.prec = 3',
        'def f():',
        '    return 1'
      ),
      [{ input: '', expected: '1' }]
    );
    expect(poison.tests[0].status).toBe('pass');
    const after = await run(DECIMAL, SEVENTH);
    expect(after.tests[0], JSON.stringify(after)).toMatchObject({ status: 'pass' });
  });

  it("undoes a patch of the harness's classes: a later wrong program still fails", async () => {
    const patch = await run(
      program(
        'import sys',
        'harness = type(sys.stdout).write.__globals__',
        'def always_pass(self, call, expected, outcome, probe=False):',
        "    outcome['status'] = 'pass'",
        "harness['_Run']._run_call = always_pass",
        'def f():',
        '    return 0'
      ),
      [{ input: '', expected: '1' }]
    );
    // Within its own run a program can forge its result (see docs/security.md).
    expect(patch.status).toBe('ok');
    await expectWrongStillFails();
  });

  it("puts back the harness's namespace, and refuses changes to its reset", async () => {
    const patch = await run(
      program(
        'import sys',
        'harness = type(sys.stdout).write.__globals__',
        'class Passing:',
        '    def __eq__(self, other):',
        '        return True',
        "harness['ast'] = type('FakeAst', (), {'literal_eval': staticmethod(lambda text: Passing())})",
        'refused = []',
        "for target, attribute in ((harness['_acl_reset'], '__defaults__'), (harness['_acl_reset'], '__code__'), (harness['_audit'], '__defaults__')):",
        '    try:',
        '        setattr(target, attribute, None if attribute != "__code__" else (lambda: None).__code__)',
        '    except RuntimeError:',
        '        refused.append(attribute)',
        'def f():',
        '    return refused'
      ),
      [{ input: '', expected: "['__defaults__', '__code__', '__defaults__']" }]
    );
    expect(patch.tests[0], JSON.stringify(patch)).toMatchObject({ status: 'pass' });
    await expectWrongStillFails();
  });

  it('undoes a patch that a finalizer re-applies after the run', async () => {
    const patch = await run(
      program(
        'import math',
        'class Again:',
        '    def __del__(self):',
        '        math.sqrt = lambda value: -1',
        'cycle = Again()',
        'cycle.self = cycle',
        'math.sqrt = lambda value: -1',
        'def f():',
        '    return 1'
      ),
      [{ input: '', expected: '1' }]
    );
    expect(patch.tests[0].status).toBe('pass');
    const after = await run(program('import math', 'def f():', '    return math.sqrt(4)'), [
      { input: '', expected: '2.0' }
    ]);
    expect(after.tests[0], JSON.stringify(after)).toMatchObject({ status: 'pass' });
  });

  it('starts every run with the same random state', async () => {
    const draw = program('import random', 'def f():', '    return random.random()');
    const first = await run(draw, [{ input: '', expected: '' }]);
    await run(program('import random', 'random.seed(1)', 'def f():', '    return 1'), [
      { input: '', expected: '1' }
    ]);
    const second = await run(draw, [{ input: '', expected: '' }]);
    expect(second.tests[0].actual).toBe(first.tests[0].actual);
  });
});
