/**
 * Takes JavaScript out of Python's reach (Python source, run once per interpreter by the
 * engine's seal, before any program). Pyodide's JavaScript bridge hands Python "JsProxy"
 * objects; from any one of them (even an empty object or an Error) `.constructor.constructor`
 * is JavaScript's `Function`, which runs any code with the host's powers. So no JsProxy, and no
 * function that makes one, may be reachable from Python:
 *
 * - The engine first unregisters the `js` and `pyodide_js` modules (Pyodide's `JsFinder`).
 * - This code removes, from every container the garbage collector knows (module namespaces,
 *   including the copies Python keeps to re-create built-in modules, class and instance
 *   dictionaries, lists, sets, closure cells, function defaults), every JsProxy, every
 *   function of `_pyodide_core` (`to_js`, `create_proxy`, …) and Pyodide's converters; it
 *   drops Pyodide's modules from `sys.modules` and its finders from `sys.meta_path`, and makes
 *   the JsProxy types that Python could otherwise construct (`JsException("x")` is a JavaScript
 *   `Error`) refuse to be constructed.
 *
 * Pyodide's `time.sleep` needs the bridge, so it is replaced by `_acl_sleep`, which waits in
 * Python (and so is interrupted by the time limit like any loop).
 *
 * After this the engine never runs Python through Pyodide's `runPython` (which needs the modules
 * removed here); it calls the harness's two entry points directly. The tests in
 * `escape.test.ts` walk every object a program can reach and check that none is a JsProxy.
 */
export const HARNESS_LOCKDOWN = String.raw`
def _lock_down():
    core = sys.modules.get('_pyodide_core')
    ffi = sys.modules.get('pyodide.ffi')
    js_proxy = getattr(ffi, 'JsProxy', None)
    dangerous_types = tuple(
        t for t in (
            getattr(core, 'Py2JsConverter', None), getattr(core, 'Js2PyConverter', None),
            getattr(core, 'JsFuncSignature', None),
        ) if isinstance(t, type)
    )

    def dangerous(value):
        if js_proxy is not None and isinstance(value, js_proxy):
            return True
        if dangerous_types and isinstance(value, dangerous_types):
            return True
        if type(value) is types.BuiltinFunctionType:
            owner = getattr(value, '__self__', None)
            return owner is core or getattr(owner, '__name__', None) == '_pyodide_core'
        return False

    for name in [name for name in sys.modules if _is_blocked(name) and name != '_acl_harness']:
        del sys.modules[name]
    sys.meta_path[:] = [
        finder for finder in sys.meta_path
        if type(finder).__module__.split('.')[0] not in ('_pyodide', 'pyodide')
    ]
    for _ in range(2):
        for holder in gc.get_objects():
            kind = type(holder)
            if kind is dict:
                for key in [k for k, v in holder.items() if dangerous(v) or dangerous(k)]:
                    del holder[key]
            elif kind is list:
                if any(map(dangerous, holder)):
                    holder[:] = [v for v in holder if not dangerous(v)]
            elif kind is set:
                for value in [v for v in holder if dangerous(v)]:
                    holder.discard(value)
            elif kind is types.CellType:
                try:
                    if dangerous(holder.cell_contents):
                        holder.cell_contents = None
                except ValueError:
                    pass  # an empty cell
            elif kind is types.FunctionType:
                if holder.__defaults__ and any(map(dangerous, holder.__defaults__)):
                    holder.__defaults__ = tuple(
                        None if dangerous(v) else v for v in holder.__defaults__
                    )
            elif kind is types.ModuleType or isinstance(holder, type):
                continue  # their dicts are dicts above (a class's is read-only: see below)
            else:
                try:
                    attributes = vars(holder)
                except TypeError:
                    continue
                if type(attributes) is dict:
                    for key in [k for k, v in attributes.items() if dangerous(v)]:
                        del attributes[key]
        gc.collect()
    # Class dictionaries were changed directly above: drop the lookup caches that may hold them.
    getattr(sys, '_clear_internal_caches', getattr(sys, '_clear_type_cache', lambda: None))()
    if js_proxy is not None:
        # Constructible JsProxy types (JsException makes a JavaScript Error): no new instances.
        def refuse(cls, *args, **kwargs):
            raise TypeError('The sandbox does not allow JavaScript objects.')

        def all_subclasses(cls):
            for sub in type.__subclasses__(cls):
                yield sub
                yield from all_subclasses(sub)

        for cls in (js_proxy, *all_subclasses(js_proxy)):
            try:
                cls.__new__ = refuse
            except TypeError:
                pass  # an immutable type: the escape tests show whether it can be constructed


_lock_down()
del _lock_down
__import__('time').sleep = _acl_sleep
`;
