/**
 * The harness's line tracer (Python source): records, with `sys.settrace`, what the program's
 * own frames do during one test, as `TraceStep`s (see `ExecTraceSchema` in core/run/effects).
 *
 * Only frames whose code comes from the program (filename `<program>`) are recorded: the test's
 * call expression, a HumanEval check and the standard library are stepped over, though program
 * code they call is recorded. After `max_steps` steps the tracer turns itself off and the
 * program runs on at full speed; the time limit applies throughout (a SIGINT raised while the
 * tracer runs ends the run as usual).
 *
 * Values are shown with `reprlib`, which bounds containers and strings before building the text,
 * so a local holding a million-element list costs little per step.
 */
export const HARNESS_TRACE = String.raw`
_TRACE_REPR_LIMIT = 200
_TRACE_LOCALS_LIMIT = 20
_TRACE_NAME_LIMIT = 100
_NO_VALUE = object()

_trace_repr = reprlib.Repr()
_trace_repr.maxlevel = 3
_trace_repr.maxstring = _TRACE_REPR_LIMIT
_trace_repr.maxother = _TRACE_REPR_LIMIT
_trace_repr.maxlong = _TRACE_REPR_LIMIT
for _name in ('maxlist', 'maxtuple', 'maxdict', 'maxset', 'maxfrozenset', 'maxdeque',
              'maxarray'):
    setattr(_trace_repr, _name, 20)


class _Tracer:
    """Records the program's frames until max_steps; on_end(tracer) is called once when done."""

    def __init__(self, max_steps, on_end):
        self.max_steps = max_steps
        self.on_end = on_end
        self.steps = []
        self.truncated = False
        self.done = False
        # One entry per program frame being traced: True while an exception unwinds it, so its
        # 'return' event carries no value.
        self.stack = []

    def start(self):
        _settrace(self.on_call)

    def stop(self):
        """Stops recording (idempotent); the steps so far are the trace."""
        if self.done:
            return
        self.done = True
        _settrace(None)
        self.on_end(self)

    def result(self):
        return {'steps': self.steps, 'truncated': self.truncated}

    # ---- trace functions -----------------------------------------------------------------

    def on_call(self, frame, event, arg):
        if self.done or frame.f_code.co_filename != _PROGRAM:
            return None
        self.stack.append(False)
        self._record(frame, 'call', _NO_VALUE)
        return self.on_event

    def on_event(self, frame, event, arg):
        # Defensive throughout: an exception escaping a trace function lands in the program.
        if self.done:
            return None
        stack = self.stack
        if event == 'line':
            if stack:
                stack[-1] = False
            self._record(frame, 'line', _NO_VALUE)
        elif event == 'exception':
            if stack:
                stack[-1] = True
            self._record(frame, 'exception', _NO_VALUE)
        elif event == 'return':
            unwinding = stack[-1] if stack else False
            self._record(frame, 'return', _NO_VALUE if unwinding else arg)
            if stack:
                stack.pop()
        return self.on_event

    # ---- recording -----------------------------------------------------------------------

    def _record(self, frame, event, value):
        if len(self.steps) >= self.max_steps:
            self.truncated = True
            self.stop()
            return
        code = frame.f_code
        line = frame.f_lineno
        if not isinstance(line, int) or line < 1:
            line = code.co_firstlineno
        step = {
            'line': line,
            'event': event,
            'function': _clip(code.co_qualname, _TRACE_NAME_LIMIT),
            'depth': max(0, len(self.stack) - 1),
            'locals': self._locals(frame),
        }
        if value is not _NO_VALUE:
            step['returnValue'] = _safe_repr(value, _TRACE_REPR_LIMIT, _trace_repr.repr)
        self.steps.append(step)

    def _locals(self, frame):
        out = {}
        try:
            items = iter(frame.f_locals.items())
            while len(out) < _TRACE_LOCALS_LIMIT:
                name, value = next(items, (None, None))
                if name is None:
                    break
                out[_clip(str(name), _TRACE_NAME_LIMIT)] = _safe_repr(
                    value, _TRACE_REPR_LIMIT, _trace_repr.repr
                )
        except _Timeout:
            raise
        except BaseException:
            pass
        return out
`;
