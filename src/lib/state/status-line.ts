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
}

/** Python's line: loading, restarting and failure, not every run. */
export function statusLine(status: SandboxStatus): StatusLine {
  const busy = status.state === 'loading' || status.state === 'restarting';
  return { text: busy || status.state === 'failed' ? status.message : '', busy };
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
  return report.runtime === 'python' ? statusLine(report.status) : jsStatusLine(report.state);
}
