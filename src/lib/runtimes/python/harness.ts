/**
 * The Python half of the sandbox: one harness, shared by the browser worker and the Node worker.
 *
 * The engine runs this source once per interpreter, in its own namespace, then `SEAL_SOURCE`
 * (after a memory snapshot, if one is made), and from then on calls `_acl_run(request_json)`
 * and `_acl_reset()` directly, never running other Python. Everything about the program travels
 * as JSON (never formatted into code), and the harness answers with JSON too:
 *
 * - Progress events are written as JSON lines to the engine's device `/dev/acl-events`:
 *   `{"type": "started"}` when the clock should start, `{"type": "loaded"}` once the program has
 *   loaded, `{"type": "trace"}` when a requested trace is complete, and
 *   `{"type": "test", "index", "outcome"}` per finished test. Events also carry the
 *   stdout/stderr written since the previous event, so a host that has to kill the worker still
 *   has the output (and trace) of what finished. A device rather than a callback: no JavaScript
 *   function (JsProxy) is ever reachable from Python.
 * - The return value is a `HarnessReport` (see `progress.js`) as JSON: the finished outcomes,
 *   how the run ended, the trace and the whole (truncated) output. The engine makes the
 *   `ExecResult`.
 *
 * Each run gets a fresh module named `solution` (not `__main__`, so `if __name__ == "__main__"`
 * demos do not run), a fresh `contextvars.Context`, an empty stdin, and its own stdout/stderr.
 * Tests are parsed before the program runs. A test is a call with an expected value, a probe (a
 * call without one, whose outcome is "ran" with the value's repr) or a HumanEval check
 * (`harness-check.ts`); one of them may be traced line by line (`harness-trace.ts`). Afterwards
 * `_acl_reset` puts the interpreter back to the sealed reference (`harness-guard.ts`); the
 * engine resets the file system.
 *
 * The time limit arrives as SIGINT through Pyodide's interrupt buffer. The harness installs its
 * own handler that raises a private `BaseException`, so a program's `except KeyboardInterrupt`
 * or `except Exception` cannot swallow it, and a `KeyboardInterrupt` raised by the program is an
 * ordinary error rather than a fake timeout.
 *
 * The harness's own functions see a private copy of the builtins taken when it loaded, so a
 * program that patches `builtins.len` cannot break how it is judged. A program can still reach
 * the harness's objects during its own run (frames, `gc`) and forge its own results; what it
 * cannot do is change the next run (see `harness-guard.ts`) or reach JavaScript
 * (`harness-lockdown.ts`). The worker (and in Node its separate process) is the hard boundary.
 */
import { HARNESS_CHECK } from './harness-check';
import { HARNESS_GUARD, HARNESS_SEAL } from './harness-guard';
import { HARNESS_LOCKDOWN } from './harness-lockdown';
import { HARNESS_SUPPORT } from './harness-support';
import { HARNESS_TRACE } from './harness-trace';

/** Must come first: functions capture their globals' `__builtins__` when they are defined. */
const PRIVATE_BUILTINS = String.raw`
__builtins__ = dict(__import__('builtins').__dict__)
_PRISTINE_BUILTINS = __builtins__
`;

const HARNESS_RUN = String.raw`
class _Run:
    def __init__(self, request, report):
        self.code = request['code']
        self.entry = request['entryPoint']
        self.tests = request['tests']
        trace = request.get('trace')
        self.trace_index = trace['test'] if trace else None
        self.trace_max_steps = trace['maxSteps'] if trace else 0
        self.tracer = None
        self.report = report
        self.stdout = _Capture('<stdout>')
        self.stderr = _Capture('<stderr>')
        # A real module, registered while the run lasts: dataclasses and typing look the
        # program's classes up in sys.modules. Not '__main__', so 'if __name__ == "__main__"'
        # blocks (demos, input() loops) do not run.
        self.module = types.ModuleType('solution')
        self.module.__builtins__ = builtins
        self.namespace = self.module.__dict__
        self.candidate = None
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
            self.candidate = entry
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
        """('call', call, expected), ('probe', call, None), ('check', code, source), or
        ('broken', error, None)."""
        if 'check' in test:
            code, broken = _prepare_check(test['check'])
            return ('broken', broken, None) if code is None else ('check', code, test['check'])
        call, problem = self._compile_call(test['input'])
        if call is None:
            return 'broken', {'type': 'TestInputError', 'message': problem, 'line': None}, None
        if 'expected' not in test:
            return 'probe', call, None
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
            return 'broken', info, None
        return 'call', call, expected

    def _run_call(self, call, expected, outcome, probe=False):
        try:
            actual = eval(call, self.namespace)
        except _Timeout:
            raise
        except BaseException as exc:
            self._check_timeout()
            outcome['status'] = 'error'
            outcome['error'] = _error_info(exc, 'the function')
            return
        finally:
            self._stop_trace()
        self._check_timeout()
        if probe:
            # Nothing to compare with: report what came back.
            outcome['status'] = 'ran'
            outcome['actual'] = _safe_repr(actual)
            return
        try:
            passed = bool(actual == expected)
        except _Timeout:
            raise
        except BaseException as exc:
            self._check_timeout()
            outcome['status'] = 'error'
            outcome['actual'] = _safe_repr(actual)
            outcome['error'] = _error_info(exc, 'the comparison')
            return
        outcome['status'] = 'pass' if passed else 'fail'
        outcome['actual'] = _safe_repr(actual)

    def _run_test(self, index, test, prepared):
        kind, first, second = prepared
        if 'check' in test:
            outcome = {'input': _CHECK_INPUT, 'expected': _CHECK_EXPECTED}
        else:
            outcome = {'input': test['input'], 'expected': test.get('expected', '')}
        outcome['actual'] = None
        outcome['error'] = None
        if kind == 'broken':
            outcome['status'] = 'error'
            outcome['error'] = first
            return outcome
        if index == self.trace_index:
            self.tracer = _Tracer(self.trace_max_steps, self._on_trace_end)
            self.tracer.start()
        if kind == 'check':
            try:
                _run_check(self, first, second, outcome)
            finally:
                self._stop_trace()
        else:
            self._run_call(first, second, outcome, kind == 'probe')
        return outcome

    # ---- tracing -------------------------------------------------------------------------

    def _stop_trace(self):
        if self.tracer is not None:
            self.tracer.stop()

    def _on_trace_end(self, tracer):
        # Sent as soon as it is complete, so it survives a worker killed later in the run.
        self._emit({'type': 'trace', 'trace': tracer.result()})

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
            outcome = self._run_test(index, test, prepared[index])
            self.outcomes.append(outcome)
            self._emit({'type': 'test', 'index': index, 'outcome': outcome})

    def execute(self):
        _active[:] = [self]
        try:
            return self._execute()
        finally:
            _active.clear()

    def _execute(self):
        # The engine calls _acl_reset after this returns, which undoes _enter and anything the
        # program changed.
        _enter(self)
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
            if self.tracer is not None:
                self.tracer.done = True  # no event now: the report below carries it
            _settrace(None)
        return {
            'status': self.status,
            'loaded': self.loaded,
            'outcomes': self.outcomes,
            'error': self.error,
            'timeoutLine': self.timeout_line,
            'trace': None if self.tracer is None else self.tracer.result(),
            'stdout': self.stdout.getvalue(),
            'stderr': self.stderr.getvalue(),
        }


def _acl_run(request_json):
    """Runs one request (JSON: code, entryPoint, tests, trace); returns a HarnessReport as JSON."""
    report, close = _event_writer()
    try:
        run = _Run(json.loads(request_json), report)
        # A fresh context: decimal.getcontext() and other context variables start at their
        # defaults in every run, whatever the previous program set.
        return json.dumps(_new_context().run(run.execute))
    finally:
        close()
`;
/** The harness's Python source, sent to each worker once. */
export const HARNESS_SOURCE = [
  PRIVATE_BUILTINS,
  HARNESS_SUPPORT,
  HARNESS_GUARD,
  HARNESS_TRACE,
  HARNESS_CHECK,
  HARNESS_RUN
].join('\n');

/**
 * Run once per interpreter after the harness loaded (and after the memory snapshot, which must
 * not hold a locked-down interpreter: Pyodide re-registers its modules when it restores one):
 * takes JavaScript out of Python's reach, then seals the reference every run starts from.
 */
export const SEAL_SOURCE = [HARNESS_LOCKDOWN, HARNESS_SEAL].join('\n');
