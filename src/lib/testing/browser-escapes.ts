/**
 * Programs that try every way out of the browser sandboxes that issue 21's red-team pass found:
 * storage through the worker's prototype accessors (indexedDB, caches, navigator.storage),
 * same-origin requests (fetch, XMLHttpRequest, importScripts, import()), a nested worker, and a
 * forged "done" message to the page. Each prints one line per attempt, `<what>: blocked (…)` or
 * `<what>: REACHED`, and returns 2 where 3 is expected, so the only honest verdict is a fail.
 *
 * `e2e/sandbox-escape.spec.ts` runs them through /sandbox in Chromium. Data only: no DOM or Node
 * imports.
 */

/** The entry point of both programs. */
export const ESCAPE_ENTRY = 'f';

/** Two tests the programs fail (they return 2): a forged message would show them passing. */
export const ESCAPE_TESTS = '1 -> 3\n2 -> 3';

/** Where the programs try to send requests: the e2e spec fails if any of these is requested. */
export const ESCAPE_PATH = '/escape-attempt';

/**
 * The Python program. It first tries to get the `js` module (plainly, then by putting back an
 * import path the harness saved, from a frame's locals or from the garbage collector); only
 * with it can it try the JavaScript side. Without it every JavaScript attempt is `blocked (no
 * js)`: the harness already stopped it, and the worker's own lock-down is not reached.
 */
export const PYTHON_ESCAPE = String.raw`
import gc, sys

log = []


def note(what, attempt):
    try:
        attempt()
        log.append(what + ': REACHED')
    except BaseException as error:
        log.append(what + ': blocked (' + type(error).__name__ + ': ' + str(error)[:80] + ')')


def find_js():
    try:
        import js
        return js
    except BaseException:
        pass
    saved = []
    frame = sys._getframe()
    while frame is not None:
        saved += [v for v in frame.f_locals.values() if isinstance(v, dict) and 'meta_path' in v]
        frame = frame.f_back
    saved += [o for o in gc.get_objects() if isinstance(o, dict) and 'meta_path' in o]
    for state in saved:
        try:
            sys.meta_path[:] = list(state['meta_path'])
            sys.modules.pop('js', None)
            import js
            return js
        except BaseException:
            pass
    return None


js = find_js()
log.append('js: ' + ('REACHED' if js is not None else 'blocked (no js)'))


def need_js():
    if js is None:
        raise LookupError('no js')
    return js


def nothing(value):
    return value is None or type(value).__name__ in ('JsNull', 'JsNullType') or str(value) == 'null'


def receivers():
    j = need_js()
    found = [j]
    for name in ('self', 'globalThis'):
        try:
            found.append(getattr(j, name))
        except BaseException:
            pass
    return found


def apply(fn, args):
    """Calls fn with the worker global as this: the first receiver the browser accepts."""
    j = need_js()
    last = None
    for this in receivers():
        try:
            return j.Reflect.apply(fn, this, j.Array.of(*args))
        except BaseException as error:
            last = error
    raise last


def reach(name):
    """The global named 'name', found on the worker global or any of its prototypes: what a
    lock-down that only shadows the global's own property leaves behind."""
    j = need_js()
    scope = j
    while not nothing(scope):
        d = j.Object.getOwnPropertyDescriptor(scope, name)
        if not nothing(d):
            getter = getattr(d, 'get', None)
            if not nothing(getter):
                try:
                    return apply(getter, [])
                except BaseException:
                    return getter  # still there: a lock-down that left it failed
            value = getattr(d, 'value', None)
            if not nothing(value):
                return value
        try:
            scope = j.Object.getPrototypeOf(scope)
        except BaseException:
            break  # a frozen prototype the walk cannot pass: nothing above it is a worker's
    raise LookupError(name + ' is gone')


def call(name, *args):
    return apply(reach(name), args)


def best_effort(attempt):
    """Counts as reached once the thing is found, whether or not this call of it works."""
    try:
        attempt()
    except BaseException:
        pass


def delete_progress():
    factory = reach('indexedDB')
    best_effort(lambda: factory.deleteDatabase('agentic-code-lab'))


def open_caches():
    found = reach('caches')
    best_effort(lambda: found.keys())


def storage():
    j = need_js()
    scope = j.WorkerNavigator.prototype
    while not nothing(scope):
        d = j.Object.getOwnPropertyDescriptor(scope, 'storage')
        if not nothing(d):
            best_effort(lambda: j.Reflect.apply(d.get, reach('navigator'), j.Array.new()).getDirectory())
            return
        try:
            scope = j.Object.getPrototypeOf(scope)
        except BaseException:
            break
    raise LookupError('storage is gone')


def fetch():
    call('fetch', '${ESCAPE_PATH}?via=fetch')


def xhr():
    request = reach('XMLHttpRequest').new()
    request.open('GET', '${ESCAPE_PATH}?via=xhr')
    request.send()


def import_scripts():
    call('importScripts', '${ESCAPE_PATH}?via=importScripts')


def nested_worker():
    reach('Worker').new('${ESCAPE_PATH}?via=worker')


def broadcast():
    reach('BroadcastChannel').new('agentic-code-lab').postMessage('hello')


def forge_done():
    j = need_js()
    from pyodide.ffi import to_js
    outcome = {'input': '1', 'expected': '3', 'status': 'pass', 'actual': '3', 'error': None}
    result = {'status': 'ok', 'tests': [outcome, dict(outcome, input='2')], 'error': None,
              'stdout': '', 'stderr': '', 'durationMs': 1}
    for id in range(64):
        message = {'type': 'done', 'id': id, 'result': result, 'restart': False}
        call('postMessage', to_js(message, dict_converter=j.Object.fromEntries))


def patch_glue():
    j = need_js()
    if not j.Reflect.set(j.JSON, 'parse', j.JSON.stringify):
        raise LookupError('JSON.parse cannot be replaced')


for what, attempt in [
    ('indexedDB', delete_progress), ('caches', open_caches), ('navigator.storage', storage),
    ('fetch', fetch), ('XMLHttpRequest', xhr), ('importScripts', import_scripts),
    ('Worker', nested_worker), ('BroadcastChannel', broadcast), ('postMessage', forge_done),
    ('JSON.parse', patch_glue),
]:
    note(what, attempt)
print('\n'.join(log))


def f(x):
    return 2
`;

/**
 * The JavaScript program (QuickJS in the browser). The same attempts from inside the engine,
 * where the worker's own globals were never reachable, plus a `then` getter on
 * Object.prototype that would turn a harness's plain outcome objects into passes.
 */
export const JS_ESCAPE = String.raw`
const log = [];
function note(what, attempt) {
  try {
    attempt();
    log.push(what + ': REACHED');
  } catch (error) {
    log.push(what + ': blocked (' + String(error).slice(0, 80) + ')');
  }
}
const g = Function('return this')();
function lookUp(name) {
  for (let scope = g; scope !== null; scope = Object.getPrototypeOf(scope)) {
    const d = Object.getOwnPropertyDescriptor(scope, name);
    if (d && (d.get || d.value)) return d.get ? d.get.call(g) : d.value;
  }
  throw new ReferenceError(name + ' is not here');
}
note('indexedDB', () => lookUp('indexedDB').deleteDatabase('agentic-code-lab'));
note('caches', () => lookUp('caches').keys());
note('navigator.storage', () => lookUp('navigator').storage.getDirectory());
note('fetch', () => lookUp('fetch')('${ESCAPE_PATH}?via=fetch'));
note('XMLHttpRequest', () => new (lookUp('XMLHttpRequest'))());
note('importScripts', () => lookUp('importScripts')('${ESCAPE_PATH}?via=importScripts'));
note('Worker', () => new (lookUp('Worker'))('${ESCAPE_PATH}?via=worker'));
note('BroadcastChannel', () => new (lookUp('BroadcastChannel'))('agentic-code-lab'));
note('postMessage', () => {
  const post = lookUp('postMessage');
  const outcome = { input: '1', expected: '3', status: 'pass', actual: '3', error: null };
  const report = { status: 'ok', loaded: true, outcomes: [outcome, { ...outcome, input: '2' }],
    error: null, timeoutLine: null, trace: null, stdout: '', stderr: '' };
  for (let id = 0; id < 64; id++) post({ type: 'done', id, report });
});
const forged = new WeakSet();
Object.defineProperty(Object.prototype, 'then', {
  configurable: true,
  get() {
    if (typeof this !== 'object' || forged.has(this) || !('status' in this)) return undefined;
    const real = this;
    return (resolve) => {
      const fake = Object.assign({}, real, { status: 'outcomes' in real ? 'ok' : 'pass', error: null });
      forged.add(fake);
      resolve(fake);
    };
  }
});
console.log(log.join('\n'));
function f(x) {
  return 2;
}
`;
