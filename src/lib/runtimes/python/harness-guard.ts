/**
 * The harness's isolation between runs (Python source): `_enter(run)` swaps in the run's
 * streams and guards and takes a snapshot of the interpreter's shared state; `_leave(saved)`
 * puts that state back, so whatever a program changed cannot affect how later runs behave or
 * are judged.
 *
 * What is put back: the attributes of every module that was loaded before the run (builtins,
 * sys, os, json, …, but not Pyodide's own, which programs cannot import), `sys.modules` (modules
 * first imported by the run are dropped and load afresh next time, so a patched or fake module
 * does not survive), `sys.path`, `sys.meta_path`, `sys.path_hooks`, the path importer cache,
 * `os.environ`, warning filters, the recursion and int-digit limits, tracers, profilers and
 * `sys.monitoring` tools, gc settings, the SIGINT handler and the working directory. The file
 * system is reset by the engine (`fs-reset.js`). During a run, `os._exit`/`os.abort` raise
 * `SystemExit` and `sys.addaudithook` is refused: both would outlive the program.
 *
 * Not put back: the contents of objects that modules hold (e.g. a class attribute patched on a
 * stdlib class, `random`'s state). This guards against accidents, not against cheating.
 */
export const HARNESS_GUARD = String.raw`
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
# Imported now, so they are part of the state every run starts from: a module first imported by
# a run is dropped afterwards (a patched one must not survive) and costs a fresh import in each
# run that wants it; decimal alone takes tens of milliseconds in Pyodide.
_PRELOADED = (
    'abc', 'array', 'bisect', 'collections', 'collections.abc', 'contextlib', 'copy',
    'dataclasses', 'datetime', 'decimal', 'enum', 'fractions', 'functools', 'heapq',
    'itertools', 'math', 'numbers', 'operator', 'random', 're', 'statistics', 'string',
    'textwrap', 'time', 'typing', 'unicodedata',
)
for _name in _PRELOADED:
    try:
        importlib.import_module(_name)
    except ImportError:
        pass
_FileFinder = importlib.machinery.FileFinder
_is = operator.is_
_MONITORING = getattr(sys, 'monitoring', None)
_MONITORING_TOOLS = range(6)
# Captured now: _leave must not call anything a program could have replaced before it has put
# the modules back.
_BUILTINS_DICT = builtins.__dict__
_settrace = sys.settrace
_setprofile = sys.setprofile
_chdir = os.chdir
_getcwd = os.getcwd


def _is_blocked(name):
    return name.split('.')[0] in _BLOCKED


def _tools_in_use():
    if _MONITORING is None:
        return ()
    return tuple(_MONITORING.get_tool(tool) for tool in _MONITORING_TOOLS)


def _enter(run):
    """Swaps in the run's streams, limits and guards; returns what _leave restores."""
    modules = dict(sys.modules)
    saved = {
        'builtins': dict(_BUILTINS_DICT),
        'modules': modules,
        # Pyodide's own modules are left alone: programs cannot import them, and its runtime
        # is what runs this very call.
        'attributes': [
            (module, dict(module.__dict__))
            for name, module in modules.items()
            if isinstance(module, types.ModuleType) and not _is_blocked(name)
        ],
        'streams': (sys.stdin, sys.stdout, sys.stderr),
        'recursion': sys.getrecursionlimit(),
        'int_digits': sys.get_int_max_str_digits(),
        'gc_threshold': gc.get_threshold(),
        'path': list(sys.path),
        'meta_path': list(sys.meta_path),
        'path_hooks': list(sys.path_hooks),
        'importer_cache': dict(sys.path_importer_cache),
        'environ': dict(os.environ),
        'tools': _tools_in_use(),
        'warnings': warnings.catch_warnings(),
        'cwd': _getcwd(),
    }
    saved['warnings'].__enter__()
    for name in [name for name in sys.modules if _is_blocked(name)]:
        del sys.modules[name]
    # Pyodide's JsFinder serves 'js' and 'pyodide_js'; without it, removing _BlockHost
    # from sys.meta_path does not bring them back.
    sys.meta_path[:] = [_BlockHost] + [f for f in sys.meta_path if type(f).__name__ != 'JsFinder']
    # Directory listings cached by an earlier run may name files the file system reset removed.
    # (Not importlib.invalidate_caches(): it re-reads the stdlib zip's directory, ~5 ms.)
    for finder in list(sys.path_importer_cache.values()):
        if isinstance(finder, _FileFinder):
            finder.invalidate_caches()
    sys.modules['solution'] = run.module
    for owner, name in _EXITS:
        # os._exit and os.abort would end the interpreter itself, not just the program.
        setattr(owner, name, _blocked_exit)
    sys.addaudithook = _blocked_audit_hook
    signal.signal(signal.SIGINT, _on_sigint)
    sys.stdin = io.StringIO('')
    sys.stdout = run.stdout
    sys.stderr = run.stderr
    return saved


def _restore_dict(current, saved, removed):
    """Makes 'current' hold exactly 'saved' again; values it drops go to 'removed'."""
    # Identity only, at C speed: == could call a planted object's __eq__.
    if (
        len(current) == len(saved)
        and all(map(_is, current, saved))
        and all(map(_is, current.values(), saved.values()))
    ):
        return
    # Kept alive until the end of _leave, so no __del__ runs while modules are half restored.
    removed.append(dict(current))
    current.clear()
    current.update(saved)


def _leave(saved):
    removed = []
    # First the modules, with dict methods only: until then any name may have been replaced.
    _restore_dict(_BUILTINS_DICT, saved['builtins'], removed)
    for module, attributes in saved['attributes']:
        _restore_dict(module.__dict__, attributes, removed)
    _restore_dict(sys.modules, saved['modules'], removed)
    sys.stdin, sys.stdout, sys.stderr = saved['streams']
    saved['warnings'].__exit__(None, None, None)
    signal.signal(signal.SIGINT, _on_sigint)
    sys.setrecursionlimit(saved['recursion'])
    sys.set_int_max_str_digits(saved['int_digits'])
    # A tracer, profiler or monitoring tool left behind would slow down, or spy on, later runs.
    _settrace(None)
    _setprofile(None)
    for tool, before in zip(_MONITORING_TOOLS, saved['tools']):
        if before is None and _MONITORING.get_tool(tool) is not None:
            _MONITORING.clear_tool_id(tool)
            _MONITORING.free_tool_id(tool)
    gc.enable()
    gc.set_threshold(*saved['gc_threshold'])
    sys.path[:] = saved['path']
    sys.meta_path[:] = saved['meta_path']
    sys.path_hooks[:] = saved['path_hooks']
    _restore_dict(sys.path_importer_cache, saved['importer_cache'], removed)
    environ = saved['environ']
    for name in [name for name in os.environ if name not in environ]:
        del os.environ[name]
    for name, value in environ.items():
        if os.environ.get(name) != value:
            os.environ[name] = value
    try:
        _chdir(saved['cwd'])
    except OSError:
        pass  # the directory is gone: the engine's file system reset brings it back
`;
