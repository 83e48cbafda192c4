/**
 * The runtimes' status as one line for the screen: what is worth saying (loading, restarting,
 * failure, booting the Node runtime or falling back), not every run.
 */
import type { RuntimeStatus } from '$lib/runtimes/browser';
import type { JsRuntimeState } from '$lib/runtimes/javascript/runtime';
import type { SandboxStatus } from '$lib/runtimes/python/client';

/** A line for the screen: a sentence ('' when there is nothing to say) and whether to show progress. */
export interface StatusLine {
  text: string;
  busy: boolean;
  /** how far a download has got, in bytes, for a bar that fills (else the bar only moves) */
  progress?: { value: number; max: number };
}

/**
 * Python's line: loading, restarting and failure, not every run. `waiting` says that one of
 * the page's steps is waiting for it: Python loads in the background, and the learner only
 * waits for it when a step needs it before it is up.
 */
export function statusLine(status: SandboxStatus, waiting = false): StatusLine {
  const busy = status.state === 'loading' || status.state === 'restarting';
  if (!busy) return { text: status.state === 'failed' ? status.message : '', busy };
  const text = waiting
    ? `The next step runs code, so it waits for Python. ${status.message}`
    : status.message;
  const download = status.download;
  return download
    ? { text, busy, progress: { value: download.loaded, max: download.total } }
    : { text, busy };
}

/** The JavaScript runtime's line: booting the Node runtime, or why it fell back; else nothing. */
function jsStatusLine(state: JsRuntimeState): StatusLine {
  return {
    text: state.mode === 'booting' || state.mode === 'fallback' ? state.message : '',
    busy: state.busy
  };
}

/** The line for whichever runtime reported. */
export function runtimeStatusLine(report: RuntimeStatus): StatusLine {
  return report.runtime === 'python'
    ? statusLine(report.status, report.waiting)
    : jsStatusLine(report.state);
}
