/**
 * HumanEval-style check cases in the harness (Python source). A check case is Python source
 * that defines `check(candidate)`; it passes when `check(entry_point)` returns.
 *
 * The check's source is compiled before the program runs (a broken check is the test's fault,
 * reported as `TestCheckError`). When its turn comes it is exec'd in a fresh namespace that
 * shares nothing with the program except the candidate: its own globals and a copy of the
 * builtins taken when the harness loaded, so a program that patched `builtins` does not change
 * what the check's `abs` or `len` mean. The check may import what it needs.
 *
 * Verdicts: `check` returns → pass; an `AssertionError` raised by the check's own code → fail;
 * anything else (an exception from the candidate, including an `AssertionError` raised inside
 * the program, or an error in the check itself) → error. A failing assert's `ErrorInfo.line`
 * stays null, because `line` is a line of the program; the message names the check's line and
 * quotes the assert instead, e.g. "The check failed at line 4: assert candidate([]) == 0".
 */
import { CHECK_EXPECTED, CHECK_INPUT } from './progress.js';

export const HARNESS_CHECK = String.raw`
_CHECK_INPUT = ${JSON.stringify(CHECK_INPUT)}
_CHECK_EXPECTED = ${JSON.stringify(CHECK_EXPECTED)}


def _check_error(message):
    return {'type': 'TestCheckError', 'message': _clip(message, _MESSAGE_LIMIT), 'line': None}


def _prepare_check(source):
    """(compiled check, None), or (None, error) when the check is not valid Python."""
    try:
        return compile(source, _CHECK, 'exec', dont_inherit=True), None
    except (SyntaxError, ValueError) as exc:
        detail = exc.msg if isinstance(exc, SyntaxError) else str(exc)
        where = ' (line ' + str(exc.lineno) + ')' if getattr(exc, 'lineno', None) else ''
        return None, _check_error('The check is not valid Python' + where + ': ' + str(detail))


def _assert_failure(exc, source):
    """The fail message for an AssertionError raised by the check's own code, else None."""
    frames = _frames(exc)
    if not frames or frames[-1][0] != _CHECK:
        return None
    line = frames[-1][1]
    lines = source.splitlines()
    text = lines[line - 1].strip() if isinstance(line, int) and 0 < line <= len(lines) else ''
    message = 'The check failed at line ' + str(line) + ((': ' + _clip(text, 500)) if text else '')
    try:
        detail = str(exc)
    except BaseException:
        detail = ''
    return message + (' (' + detail + ')' if detail else '')


def _run_check(run, code, source, outcome):
    """Runs one compiled check against run.candidate; fills in outcome's status and error."""
    namespace = {'__name__': '__check__', '__builtins__': dict(_PRISTINE_BUILTINS)}
    try:
        exec(code, namespace)
    except _Timeout:
        raise
    except BaseException as exc:
        run._check_timeout()
        info = _error_info(exc, 'the check')
        outcome['status'] = 'error'
        outcome['error'] = _check_error(
            'The check could not be loaded: ' + info['type'] + ': ' + info['message']
        )
        return
    check = namespace.get('check')
    if not callable(check):
        outcome['status'] = 'error'
        outcome['error'] = _check_error('The check does not define check(candidate).')
        return
    try:
        check(run.candidate)
    except _Timeout:
        raise
    except BaseException as exc:
        run._check_timeout()
        failure = _assert_failure(exc, source) if isinstance(exc, AssertionError) else None
        info = _error_info(exc, 'the function')
        if failure is None:
            outcome['status'] = 'error'
        else:
            outcome['status'] = 'fail'
            info['message'] = _clip(failure, _MESSAGE_LIMIT)
            info['line'] = None  # a line of the check, not of the program: it is in the message
        outcome['error'] = info
        return
    run._check_timeout()
    outcome['status'] = 'pass'
`;
