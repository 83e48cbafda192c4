/**
 * The Python half of the sandbox: one harness, shared by the browser worker and the Node worker.
 *
 * The engine runs this source once per interpreter, in its own namespace, then calls
 * `_acl_run(request_json, report)` for each request. Everything about the program travels as
 * JSON (never formatted into code), and the harness answers with JSON too:
 *
 * - `report(event_json)` is called as the run goes: `{"type": "loaded"}` once the program has
 *   loaded, then `{"type": "test", "index", "outcome"}` per finished test. Each event also
 *   carries the stdout/stderr written since the previous event, so a host that has to kill the
 *   worker still has the output of the finished tests.
 * - The return value is a `HarnessReport` (see `progress.js`) as JSON: the finished outcomes,
 *   how the run ended, and the whole (truncated) output. The engine makes the `ExecResult`.
 *
 * Each run gets a fresh module named `solution` (not `__main__`, so `if __name__ == "__main__"`
 * demos do not run), an empty stdin, and its own stdout/stderr. Afterwards the harness puts back
 * what a program may have changed: streams, recursion limit, SIGINT handler, `sys.meta_path`,
 * and the attributes of the modules it relies on (builtins, ast, json, os, …). Tests are parsed
 * before the program runs. `import js` / `pyodide_js` / `pyodide.*` are refused while a program
 * runs, and `os._exit` / `os.abort` raise `SystemExit` instead of ending the interpreter.
 *
 * The time limit arrives as SIGINT through Pyodide's interrupt buffer. The harness installs its
 * own handler that raises a private `BaseException`, so a program's `except KeyboardInterrupt`
 * or `except Exception` cannot swallow it, and a `KeyboardInterrupt` raised by the program is an
 * ordinary error rather than a fake timeout.
 *
 * This guards against accidents, not against a program written to cheat: code in the same
 * interpreter can reach the harness's frames. The worker (terminate, CSP) is the hard boundary.
 */
export const HARNESS_SOURCE = String.raw`
import ast
import builtins
import gc
import io
import json
import os
import signal
import sys
import types

_PROGRAM = '<program>'
_OUTPUT_LIMIT = 20_000
_REPR_LIMIT = 2_000
_MESSAGE_LIMIT = 2_000
# Modules that reach JavaScript, and through it the network, storage or the page.
_BLOCKED = frozenset({'js', 'pyodide', 'pyodide_js', '_pyodide', '_pyodide_core', 'micropip'})


class _Timeout(BaseException):
    """Raised by the SIGINT handler when the host's time limit is up."""


class _Capture(io.TextIOBase):
    """A text stream that keeps the first _OUTPUT_LIMIT characters and hands out new text."""

    def __init__(self, name):
        self.name = name
        self._parts = []
        self._size = 0
        self._taken = 0
        self._full = False

    def writable(self):
        return True

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError('write() argument must be str, not ' + type(text).__name__)
        if self._full:
            return len(text)
        room = _OUTPUT_LIMIT - self._size
        if len(text) > room:
            self._parts.append(text[:room])
            self._parts.append(
                '\n[output truncated: only the first ' + str(_OUTPUT_LIMIT)
                + ' characters are kept]\n'
            )
            self._size = _OUTPUT_LIMIT
            self._full = True
        else:
            self._parts.append(text)
            self._size += len(text)
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False

    def take(self):
        """The text written since the previous take()."""
        new = ''.join(self._parts[self._taken:])
        self._taken = len(self._parts)
        return new

    def getvalue(self):
        return ''.join(self._parts)


class _BlockHost:
    """A meta path finder that refuses the modules in _BLOCKED (it runs before Pyodide's)."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name.split('.')[0] in _BLOCKED:
            raise ModuleNotFoundError(
                'No module named ' + repr(name) + ' (the sandbox does not allow it)', name=name
            )
        return None


def _clip(text, limit):
    if len(text) <= limit:
        return text
    return text[:limit] + '... [' + str(len(text) - limit) + ' more characters]'


def _program_line(exc):
    """The line of the deepest traceback frame in the program, or None."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == _PROGRAM and isinstance(tb.tb_lineno, int):
            line = tb.tb_lineno
        tb = tb.tb_next
    if isinstance(exc, SyntaxError) and exc.filename == _PROGRAM and exc.lineno:
        line = exc.lineno
    return line if isinstance(line, int) and line > 0 else None


def _error_info(exc, where):
    """ErrorInfo for an exception; 'where' says what was running, for the exit message."""
    if isinstance(exc, SystemExit):
        message = (
            'The program exited early (' + where + ' called exit with code '
            + repr(exc.code) + '); '
            + 'exiting is an error, the tests need the function to return.'
        )
    elif isinstance(exc, SyntaxError):
        message = str(exc.msg)
    else:
        try:
            message = str(exc)
        except BaseException:
            message = '(the exception could not be turned into text)'
    info = {
        'type': _clip(type(exc).__name__, 200),
        'message': _clip(message, _MESSAGE_LIMIT),
        'line': _program_line(exc),
    }
    # Drop the frames: a MemoryError's locals may still hold the memory.
    exc.__traceback__ = None
    return info


def _safe_repr(value):
    try:
        return _clip(repr(value), _REPR_LIMIT)
    except _Timeout:
        raise
    except BaseException as exc:
        return '<repr() failed: ' + type(exc).__name__ + '>'


def _blocked_exit(*args, **kwargs):
    raise SystemExit(args[0] if args else None)


class _Run:
    def __init__(self, request, report):
        self.code = request['code']
        self.entry = request['entryPoint']
        self.tests = request['tests']
        self.report = report
        self.stdout = _Capture('<stdout>')
        self.stderr = _Capture('<stderr>')
        # A real module, registered while the run lasts: dataclasses and typing look the
        # program's classes up in sys.modules. Not '__main__', so 'if __name__ == "__main__"'
        # blocks (demos, input() loops) do not run.
        self.module = types.ModuleType('solution')
        self.module.__builtins__ = builtins
        self.namespace = self.module.__dict__
        self.outcomes = []
        self.loaded = False
        self.error = None
        self.status = 'ok'
        self.timeout_line = None
        self.armed = False
        self.timed_out = False

    # ---- the time limit ------------------------------------------------------------------

    def on_sigint(self, frame):
        self.timed_out = True
        if self.armed:
            # Once: the host repeats SIGINT until it hears back, and the harness's own
            # clean-up must not be interrupted.
            self.armed = False
            line = None
            while frame is not None:
                if frame.f_code.co_filename == _PROGRAM:
                    line = frame.f_lineno
                    break
                frame = frame.f_back
            self.timeout_line = line if isinstance(line, int) and line > 0 else None
            raise _Timeout()

    def _check_timeout(self):
        # The program swallowed the _Timeout (bare except) and carried on: still a timeout.
        if self.timed_out:
            raise _Timeout()

    # ---- events --------------------------------------------------------------------------

    def _emit(self, event):
        event['stdout'] = self.stdout.take()
        event['stderr'] = self.stderr.take()
        self.report(json.dumps(event))

    # ---- loading -------------------------------------------------------------------------

    def _load(self):
        try:
            code = compile(self.code, _PROGRAM, 'exec', dont_inherit=True)
        except (SyntaxError, ValueError) as exc:
            self.error = _error_info(exc, 'the program')
            return
        try:
            exec(code, self.namespace)
        except _Timeout:
            raise
        except BaseException as exc:
            self._check_timeout()
            self.error = _error_info(exc, 'the program')
            return
        self._check_timeout()
        entry = self.namespace.get(self.entry)
        if entry is None:
            self.error = {
                'type': 'NameError',
                'message': 'The program does not define ' + repr(self.entry) + '.',
                'line': None,
            }
        elif not callable(entry):
            self.error = {
                'type': 'TypeError',
                'message': repr(self.entry) + ' is a ' + type(entry).__name__ + ', not a function.',
                'line': None,
            }
        else:
            self.loaded = True

    # ---- one test ------------------------------------------------------------------------

    def _compile_call(self, source):
        """Compiles the call; None and a message if the input is not just arguments."""
        text = self.entry + '(\n' + source + '\n)'
        try:
            tree = ast.parse(text, '<test input>', 'eval')
        except (SyntaxError, ValueError) as exc:
            detail = exc.msg if isinstance(exc, SyntaxError) else str(exc)
            return None, 'The test input is not valid Python arguments: ' + _clip(str(detail), 500)
        body = tree.body
        if not (
            isinstance(body, ast.Call)
            and isinstance(body.func, ast.Name)
            and body.func.id == self.entry
        ):
            return None, 'The test input is not a list of call arguments.'
        return compile(tree, '<test input>', 'eval', dont_inherit=True), None

    def _prepare(self, test):
        """(call, expected, None), or (None, None, error) when the test itself is broken."""
        call, problem = self._compile_call(test['input'])
        if call is None:
            return None, None, {'type': 'TestInputError', 'message': problem, 'line': None}
        try:
            try:
                expected = ast.literal_eval(test['expected'])
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                # Not a plain literal, e.g. float('inf'): evaluate it with builtins only.
                expected = eval(test['expected'], {'__builtins__': builtins})
        except _Timeout:
            raise
        except BaseException as exc:
            self._check_timeout()
            info = _error_info(exc, 'the expected value')
            info['type'] = 'TestExpectedError'
            info['message'] = 'The expected value could not be evaluated: ' + info['message']
            return None, None, info
        return call, expected, None

    def _run_test(self, test, prepared):
        outcome = {
            'input': test['input'], 'expected': test['expected'], 'actual': None, 'error': None
        }
        call, expected, broken = prepared
        if broken is not None:
            outcome['status'] = 'error'
            outcome['error'] = broken
            return outcome
        try:
            actual = eval(call, self.namespace)
        except _Timeout:
            raise
        except BaseException as exc:
            self._check_timeout()
            outcome['status'] = 'error'
            outcome['error'] = _error_info(exc, 'the function')
            return outcome
        self._check_timeout()
        try:
            passed = bool(actual == expected)
        except _Timeout:
            raise
        except BaseException as exc:
            self._check_timeout()
            outcome['status'] = 'error'
            outcome['actual'] = _safe_repr(actual)
            outcome['error'] = _error_info(exc, 'the comparison')
            return outcome
        outcome['status'] = 'pass' if passed else 'fail'
        outcome['actual'] = _safe_repr(actual)
        return outcome

    # ---- the whole run -------------------------------------------------------------------

    def _body(self):
        # Tests are parsed before the program runs, so a program that patches ast or eval
        # cannot change what it is compared against.
        prepared = [self._prepare(test) for test in self.tests]
        self._load()
        if not self.loaded:
            self.status = 'error'
            return
        self._emit({'type': 'loaded'})
        for index, test in enumerate(self.tests):
            outcome = self._run_test(test, prepared[index])
            self.outcomes.append(outcome)
            self._emit({'type': 'test', 'index': index, 'outcome': outcome})

    def execute(self):
        _active[:] = [self]
        try:
            return self._execute()
        finally:
            _active.clear()

    def _execute(self):
        saved = _enter(self)
        try:
            self.armed = True
            try:
                # The host starts the clock now, so setting up the run does not count.
                self.report(json.dumps({'type': 'started'}))
                self._check_timeout()
                self._body()
            except _Timeout:
                self.status = 'timeout'
            finally:
                self.armed = False
        finally:
            _leave(saved)
        return {
            'status': self.status,
            'loaded': self.loaded,
            'outcomes': self.outcomes,
            'error': self.error,
            'timeoutLine': self.timeout_line,
            'stdout': self.stdout.getvalue(),
            'stderr': self.stderr.getvalue(),
        }


_active = []


def _on_sigint(signum, frame):
    # Installed for good: a SIGINT that arrives between runs (the host repeats it until it
    # hears back) is ignored instead of raising KeyboardInterrupt in the engine's calls.
    if _active:
        _active[0].on_sigint(frame)


signal.signal(signal.SIGINT, _on_sigint)

_EXITS = tuple(
    (owner, name)
    for owner in (os, sys.modules.get('posix'))
    if owner is not None
    for name in ('_exit', 'abort')
)
# Modules whose attributes are put back after each run, so a program that patches them
# (builtins.len = ..., ast.literal_eval = ...) cannot change how later runs are judged.
_GUARDED = tuple(
    sys.modules[name]
    for name in ('builtins', 'ast', 'json', 'json.decoder', 'json.encoder', 'io', 'os', 'posix',
                 'signal', 'types', 'gc')
    if name in sys.modules
)


def _enter(run):
    """Swaps in the run's streams, limits and guards; returns what _leave restores."""
    saved = {
        'streams': (sys.stdin, sys.stdout, sys.stderr),
        'recursion': sys.getrecursionlimit(),
        'int_digits': sys.get_int_max_str_digits(),
        'guarded': [(module, dict(module.__dict__)) for module in _GUARDED],
        'meta_path': list(sys.meta_path),
        'solution': sys.modules.get('solution'),
        'exits': [(owner, name, getattr(owner, name)) for owner, name in _EXITS],
        'modules': {k: m for k, m in sys.modules.items() if k.split('.')[0] in _BLOCKED},
        'cwd': os.getcwd(),
    }
    for name in saved['modules']:
        del sys.modules[name]
    # Pyodide's JsFinder serves 'js' and 'pyodide_js'; without it, removing _BlockHost
    # from sys.meta_path does not bring them back.
    sys.meta_path[:] = [_BlockHost] + [f for f in sys.meta_path if type(f).__name__ != 'JsFinder']
    sys.modules['solution'] = run.module
    for owner, name, _ in saved['exits']:
        # os._exit and os.abort would end the interpreter itself, not just the program.
        setattr(owner, name, _blocked_exit)
    signal.signal(signal.SIGINT, _on_sigint)
    sys.stdin = io.StringIO('')
    sys.stdout = run.stdout
    sys.stderr = run.stderr
    return saved


def _leave(saved):
    # First put back the modules this function itself uses, in case the program patched them.
    for module, attributes in saved['guarded']:
        current = module.__dict__
        for name in [name for name in current if name not in attributes]:
            del current[name]
        current.update(attributes)
    sys.stdin, sys.stdout, sys.stderr = saved['streams']
    signal.signal(signal.SIGINT, _on_sigint)
    sys.setrecursionlimit(saved['recursion'])
    sys.set_int_max_str_digits(saved['int_digits'])
    # A tracer or profiler left behind would slow down, or spy on, the next run.
    sys.settrace(None)
    sys.setprofile(None)
    gc.enable()
    for owner, name, value in saved['exits']:
        setattr(owner, name, value)
    sys.meta_path[:] = saved['meta_path']
    sys.modules.update(saved['modules'])
    if saved['solution'] is None:
        sys.modules.pop('solution', None)
    else:
        sys.modules['solution'] = saved['solution']
    try:
        os.chdir(saved['cwd'])
    except OSError:
        pass


def _acl_run(request_json, report):
    """Runs one request (JSON with code, entryPoint, tests); returns a HarnessReport as JSON."""
    return json.dumps(_Run(json.loads(request_json), report).execute())
`;
