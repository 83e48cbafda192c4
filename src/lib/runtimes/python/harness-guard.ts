/**
 * The harness's isolation between runs (Python source). `_enter(run)` swaps in the run's
 * streams and guards; after every run the engine calls `_acl_reset()`, which puts the
 * interpreter back to the reference taken when the worker was sealed (`HARNESS_SEAL`, once per
 * interpreter, after Pyodide and the harness loaded and before any program ran). Every run
 * therefore starts from that same state, however the previous one ended.
 *
 * What is put back: the harness's own namespace and private builtins, the attributes of every
 * module loaded at seal time (builtins, sys, os, json, decimal, …) and of the harness's classes,
 * `sys.modules` (modules first
 * imported by a run are dropped and load afresh next time), `sys.path`, `sys.meta_path`,
 * `sys.path_hooks`, the path importer cache, `os.environ`, warning filters, the recursion and
 * int-digit limits, tracers, profilers and `sys.monitoring` tools, gc settings and callbacks,
 * the SIGINT handler, the working directory, the decimal module's context templates and
 * `random`'s state. Each run also gets a fresh `contextvars.Context`, so `decimal.getcontext()`
 * and other context variables start at their defaults. The file system is reset by the engine
 * (`fs-reset.js`).
 *
 * Why the reference cannot be tampered with: it is made of tuples (immutable) and bound as the
 * default argument of `_acl_reset`; an audit hook refuses changing the code, defaults or class
 * of any function or module that existed at seal time (CPython audits those, not class
 * attributes, which the reset puts back instead), so `_acl_reset` cannot be patched, and a
 * program's own audit hooks are refused. `_acl_reset` restores the harness's namespace and builtins before it looks
 * up any global name. The engine stops tracers, monitoring tools and gc callbacks (through
 * C functions it holds) before calling it, and repeats it after a garbage collection until
 * nothing changes, so a finalizer (`__del__`) cannot re-apply a patch afterwards.
 *
 * Not put back: the contents of objects that modules hold, beyond those named above (e.g. an
 * attribute patched on a standard-library class, a cache filled by a standard-library
 * function). A program can also forge its own run's results (it can reach the harness's objects
 * while it runs); what it cannot do is change how a later run is judged.
 *
 * During a run, `os._exit`/`os.abort` raise `SystemExit` and `sys.addaudithook` is refused: both
 * would outlive the program.
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
# Captured now: the harness must not call anything a program could have replaced.
_BUILTINS_DICT = builtins.__dict__
_settrace = sys.settrace
_setprofile = sys.setprofile
_chdir = os.chdir
_getcwd = os.getcwd
_new_context = contextvars.Context
_type_setattr = type.__setattr__
_type_delattr = type.__delattr__
_MISSING = object()
_chain = itertools.chain.from_iterable
_keys_of = operator.methodcaller('keys')
_values_of = operator.methodcaller('values')
_DECIMAL = sys.modules.get('decimal')
_RANDOM = getattr(sys.modules.get('random'), '_inst', None)


def _is_blocked(name):
    return name.split('.')[0] in _BLOCKED


def _tools_in_use():
    if _MONITORING is None:
        return ()
    return tuple(_MONITORING.get_tool(tool) for tool in _MONITORING_TOOLS)


def _enter(run):
    """Swaps in the run's streams and guards (_acl_reset undoes all of it)."""
    for name in [name for name in sys.modules if _is_blocked(name)]:
        del sys.modules[name]
    sys.meta_path.insert(0, _BlockHost)
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


def _frozen_dict(mapping):
    """A dict's keys and values as two tuples, in order (the reference is immutable)."""
    return tuple(mapping), tuple(mapping.values())


def _put_back(current, keys, values, removed):
    """Makes 'current' hold exactly keys/values again; True if it had changed."""
    # Identity only, at C speed: == could call a planted object's __eq__.
    if (
        len(current) == len(keys)
        and all(map(_is, current, keys))
        and all(map(_is, current.values(), values))
    ):
        return False
    # Kept alive until _acl_reset returns, so no __del__ runs while it is half done.
    removed.append(current.copy())
    current.clear()
    current.update(zip(keys, values))
    return True


def _bulk(entries):
    """What _unchanged compares for many (mapping, keys, values) entries at once."""
    mappings = tuple(entry[0] if isinstance(entry[0], dict) else entry[0].__dict__
                     for entry in entries)
    keys = tuple(key for entry in entries for key in entry[1])
    values = tuple(value for entry in entries for value in entry[2])
    return mappings, keys, values


def _unchanged(mappings, keys, values):
    """True if the mappings still hold exactly these keys and values, in order: one pass at
    C speed over all of them, instead of a Python call per module or class."""
    return (
        sum(map(len, mappings)) == len(keys)
        and all(map(_is, _chain(map(_keys_of, mappings)), keys))
        and all(map(_is, _chain(map(_values_of, mappings)), values))
    )


def _put_back_class(cls, keys, values, removed):
    """Makes a class's attributes keys/values again (through type.__setattr__, which keeps
    Python's method caches right); True if they had changed."""
    current = cls.__dict__
    if (
        len(current) == len(keys)
        and all(map(_is, current, keys))
        and all(map(_is, current.values(), values))
    ):
        return False
    removed.append(dict(current))
    for name in [name for name in current if name not in keys]:
        _type_delattr(cls, name)
    for name, value in zip(keys, values):
        if current.get(name, _MISSING) is not value:
            try:
                _type_setattr(cls, name, value)
            except (AttributeError, TypeError):
                pass  # read-only entries (__dict__, __weakref__) cannot have changed
    return True


def _context_state(context):
    return (
        context.prec, context.rounding, context.Emin, context.Emax, context.capitals,
        context.clamp, tuple(context.flags.items()), tuple(context.traps.items()),
    )


def _restore_context(context, state):
    prec, rounding, emin, emax, capitals, clamp, flags, traps = state
    if _context_state(context) == state:
        return False
    context.prec = prec
    context.rounding = rounding
    context.Emin = emin
    context.Emax = emax
    context.capitals = capitals
    context.clamp = clamp
    for signal_, value in flags:
        context.flags[signal_] = value
    for signal_, value in traps:
        context.traps[signal_] = value
    return True


def _restore_state(ref, removed):
    """Everything but the namespace and the builtins (done by _acl_reset first)."""
    changed = False
    builtins_ref, modules, sys_modules, lists, importer_cache, environ, limits, extras, classes = ref
    changed |= _put_back(_BUILTINS_DICT, *builtins_ref, removed)
    if not _unchanged(*classes[1]):
        for cls, keys, values in classes[0]:
            changed |= _put_back_class(cls, keys, values, removed)
    if not _unchanged(*modules[1]):
        for module_dict, keys, values in modules[0]:
            changed |= _put_back(module_dict, keys, values, removed)
    changed |= _put_back(sys.modules, *sys_modules, removed)
    changed_filters = False
    for target, items in lists:
        if len(target) != len(items) or not all(map(_is, target, items)):
            removed.append(target[:])
            target[:] = items
            changed = changed_filters = True
    changed |= _put_back(sys.path_importer_cache, *importer_cache, removed)
    for name in [name for name in os.environ if name not in environ[0]]:
        del os.environ[name]
        changed = True
    for name, value in zip(*environ):
        if os.environ.get(name) != value:
            os.environ[name] = value
            changed = True
    recursion, int_digits, gc_threshold, tools, cwd = limits
    sys.setrecursionlimit(recursion)
    sys.set_int_max_str_digits(int_digits)
    _settrace(None)
    _setprofile(None)
    for tool, before in zip(_MONITORING_TOOLS, tools):
        if before is None and _MONITORING.get_tool(tool) is not None:
            _MONITORING.clear_tool_id(tool)
            _MONITORING.free_tool_id(tool)
            changed = True
    gc.enable()
    gc.set_threshold(*gc_threshold)
    signal.signal(signal.SIGINT, _on_sigint)
    warnings_module, random_state, contexts = extras
    if changed_filters and warnings_module is not None:
        # The filters' version, which the warning caches compare against.
        lock = getattr(warnings_module, '_lock', None)
        mutated = getattr(warnings_module, '_filters_mutated_lock_held', None)
        if lock is not None and mutated is not None:
            with lock:
                mutated()
        elif hasattr(warnings_module, '_filters_mutated'):
            warnings_module._filters_mutated()
    if random_state is not None and _RANDOM.getstate() != random_state:
        _RANDOM.setstate(random_state)
        changed = True
    for context, state in contexts:
        changed |= _restore_context(context, state)
    try:
        if _getcwd() != cwd:
            _chdir(cwd)
            changed = True
    except OSError:
        pass  # the directory is gone: the engine's file system reset brings it back
    return changed


def _acl_reset(_ref=None):
    """Puts the interpreter back to the sealed reference; True if anything had changed."""
    # No global name is looked up before the namespace and the builtins are the harness's own
    # again: the builtins needed first come from the reference too.
    len_, all_, map_, is_, zip_, namespace, names, private, private_names = _ref[0]
    keep = (namespace.copy(), private.copy())
    changed = False
    for current, (keys, values) in ((namespace, names), (private, private_names)):
        if not (
            len_(current) == len_(keys)
            and all_(map_(is_, current, keys))
            and all_(map_(is_, current.values(), values))
        ):
            current.clear()
            current.update(zip_(keys, values))
            changed = True
    removed = [keep]
    return _restore_state(_ref[1], removed) or changed


def _audit(event, args, _guarded=None, _ids=None, _error=RuntimeError, _id=id, _alive=None):
    # Bound at seal time (defaults): which objects existed then and may not be changed; _alive
    # keeps them alive, so no later object can have one of their ids.
    if event in _guarded:
        if args and _id(args[0]) in _ids:
            raise _error(
                'The sandbox does not allow changing the harness or the standard library ('
                + event + ' on an object that existed before the program).'
            )
    elif event == 'sys.addaudithook':
        raise _error('The sandbox does not allow audit hooks.')
`;

/**
 * Seals the interpreter (Python source, run once in the harness's namespace after Pyodide and
 * the harness loaded): takes the reference `_acl_reset` restores and installs the audit hook
 * that keeps it, and the harness, from being changed. Temporary names are deleted again, so the
 * namespace it records is the one every run starts from.
 */
export const HARNESS_SEAL = String.raw`
def _seal(namespace, temporary):
    import warnings as warnings_module
    modules = tuple(
        (module.__dict__,) + _frozen_dict(module.__dict__)
        for name, module in sys.modules.items()
        if isinstance(module, types.ModuleType) and name != '_acl_harness'
        and module.__dict__ is not _BUILTINS_DICT
    )
    # The harness's own classes: a program that patches one (to pass every later test) is
    # undone. (The standard library's are not checked: over 700 classes would cost several
    # milliseconds a run; see docs/security.md.)
    classes = [
        (value,) + _frozen_dict(value.__dict__)
        for value in namespace.values()
        if isinstance(value, type) and value.__module__ == namespace['__name__']
    ]
    warnings_filters = getattr(warnings_module, 'filters', None)
    lists = tuple(
        (target, tuple(target))
        for target in (sys.path, sys.meta_path, sys.path_hooks, warnings_filters)
        if target is not None
    )
    decimal_contexts = ()
    if _DECIMAL is not None:
        decimal_contexts = tuple(
            (context, _context_state(context))
            for context in (_DECIMAL.DefaultContext, _DECIMAL.BasicContext,
                            _DECIMAL.ExtendedContext)
        )
    classes = tuple(classes)
    state = (
        _frozen_dict(_BUILTINS_DICT),
        (modules, _bulk(modules)),
        _frozen_dict(sys.modules),
        lists,
        _frozen_dict(sys.path_importer_cache),
        (tuple(os.environ), tuple(os.environ.values())),
        (sys.getrecursionlimit(), sys.get_int_max_str_digits(), gc.get_threshold(),
         _tools_in_use(), _getcwd()),
        (warnings_module, None if _RANDOM is None else _RANDOM.getstate(), decimal_contexts),
        (classes, _bulk(classes)),
    )
    kept = {key: value for key, value in namespace.items() if key not in temporary}
    first = (
        len, all, map, operator.is_, zip,
        namespace, _frozen_dict(kept), __builtins__, _frozen_dict(__builtins__),
    )
    return first, state


_acl_reset.__defaults__ = (_seal(globals(), ('_seal',)),)
del _seal
_alive = tuple(o for o in gc.get_objects()
               if isinstance(o, (type, types.FunctionType, types.ModuleType)))
_audit.__defaults__ = (
    frozenset({'object.__setattr__', 'object.__delattr__'}),
    frozenset(map(id, _alive)) | {id(_audit), id(_acl_reset)},
    RuntimeError,
    id,
    _alive,
)
del _alive
sys.addaudithook(_audit)
# Everything alive now lives as long as the interpreter: the collections after each run (see
# engine.js) need not look at it again, which makes them a fraction of a millisecond.
gc.collect()
gc.freeze()
`;
