/**
 * The harness's building blocks (Python source): imports, limits, the private timeout
 * exception, the output capture, the import blocker and turning exceptions into `ErrorInfo`.
 * `harness.ts` joins this with the other parts into one source; see its comment for the whole.
 */
export const HARNESS_SUPPORT = String.raw`
import ast
import builtins
import contextvars
import gc
import importlib
import importlib.machinery
import io
import itertools
import json
import operator
import os
import reprlib
import signal
import sys
import types
import warnings

_PROGRAM = '<program>'
# The engine's event device (engine.js): progress events are written to it as JSON lines, so no
# JavaScript function is ever handed to Python.
_EVENTS_PATH = '/dev/acl-events'
_os_open = os.open
_os_write = os.write
_os_close = os.close
_O_WRONLY = os.O_WRONLY
_CHECK = '<check>'
_OUTPUT_LIMIT = 20_000
_REPR_LIMIT = 2_000
_MESSAGE_LIMIT = 2_000
# Modules that reach JavaScript, and through it the network, storage or the page; and the
# module this harness runs in (engine.js), so a program cannot import the judge.
_BLOCKED = frozenset({
    'js', 'pyodide', 'pyodide_js', '_pyodide', '_pyodide_core', 'micropip', '_acl_harness',
})


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


def _event_writer():
    """(report, close): report(text) writes one event line to the engine's device."""
    try:
        fd = _os_open(_EVENTS_PATH, _O_WRONLY)
    except OSError:
        # No device (a program removed it; the file system reset brings it back): the run still
        # works, the host just sees no progress until its result.
        return (lambda text: None), (lambda: None)

    def report(text):
        data = (text + '\n').encode()
        while data:
            data = data[_os_write(fd, data):]

    return report, (lambda: _os_close(fd))


_monotonic = __import__('time').monotonic


def _acl_sleep(seconds):
    """time.sleep once Pyodide's (which needs its JavaScript bridge) is gone: it waits on the
    clock in Python, so the time limit interrupts it like any loop."""
    if seconds < 0:
        raise ValueError('sleep length must be non-negative')
    end = _monotonic() + seconds
    while _monotonic() < end:
        pass


def _clip(text, limit):
    if len(text) <= limit:
        return text
    return text[:limit] + '... [' + str(len(text) - limit) + ' more characters]'


def _frames(exc):
    """The traceback's frames as (filename, line), outermost first."""
    out = []
    tb = exc.__traceback__
    while tb is not None:
        out.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    return out


def _deepest_line(exc, filename):
    """The line of the deepest traceback frame from 'filename', or None."""
    line = None
    for name, lineno in _frames(exc):
        if name == filename and isinstance(lineno, int):
            line = lineno
    return line if isinstance(line, int) and line > 0 else None


def _program_line(exc):
    """The line of the deepest traceback frame in the program, or None."""
    if isinstance(exc, SyntaxError) and exc.filename == _PROGRAM and exc.lineno:
        return exc.lineno if exc.lineno > 0 else None
    return _deepest_line(exc, _PROGRAM)


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


def _safe_repr(value, limit=_REPR_LIMIT, to_text=repr):
    try:
        return _clip(to_text(value), limit)
    except _Timeout:
        raise
    except BaseException as exc:
        return '<repr() failed: ' + type(exc).__name__ + '>'


def _blocked_exit(*args, **kwargs):
    raise SystemExit(args[0] if args else None)


def _blocked_audit_hook(hook):
    # An audit hook cannot be removed, so it would outlive the run and judge later ones.
    raise RuntimeError('The sandbox does not allow audit hooks.')
`;
