/**
 * WebLLM's load progress in numbers a progress bar can use. WebLLM reports
 * `{ progress, timeElapsed, text }` and puts the bytes only in the text
 * ("Fetching param cache[3/24]: 120MB fetched. 15% completed, 30 secs elapsed. …"), so the
 * text is read for them; anything unrecognised still gives the fraction.
 */

/** What `initProgressCallback` receives (WebLLM's `InitProgressReport`). */
export interface ProgressReport {
  progress: number;
  timeElapsed: number;
  text: string;
}

export interface LoadProgress {
  /** download: weights coming from the network; cache: loading stored weights onto the GPU; shaders: compiling; other */
  phase: 'download' | 'cache' | 'shaders' | 'other';
  /** 0..1 of the phase */
  fraction: number;
  /** bytes so far (download and cache phases) */
  bytes?: number;
  /** all bytes of the weights, worked out from bytes and fraction */
  totalBytes?: number;
  /** seconds since the phase began, as WebLLM counts */
  elapsed: number;
  /** a guess at the seconds left, from the pace so far (download only) */
  secondsLeft?: number;
  /** WebLLM's own line */
  text: string;
}

const MiB = 1024 * 1024;

export function readProgress(report: ProgressReport): LoadProgress {
  const fraction = Math.min(1, Math.max(0, Number.isFinite(report.progress) ? report.progress : 0));
  const elapsed = Math.max(0, report.timeElapsed || 0);
  const text = report.text ?? '';
  const out: LoadProgress = { phase: 'other', fraction, elapsed, text };
  const mb = /(\d+)MB (fetched|loaded)/.exec(text);
  if (/^Fetching param cache/.test(text)) out.phase = 'download';
  else if (/^Loading model from cache/.test(text)) out.phase = 'cache';
  else if (/^Loading GPU shader/.test(text)) out.phase = 'shaders';
  if (mb) {
    // WebLLM rounds up to whole MiB; good enough for a bar and a time estimate.
    out.bytes = Number(mb[1]) * MiB;
    if (fraction > 0) out.totalBytes = Math.round(out.bytes / fraction);
  }
  if (out.phase === 'download' && fraction > 0 && fraction < 1 && elapsed > 0) {
    out.secondsLeft = Math.round((elapsed * (1 - fraction)) / fraction);
  }
  return out;
}

/** "about 2 min", "about 40 s", "less than 5 s" */
export function formatSeconds(seconds: number): string {
  if (seconds < 5) return 'less than 5 s';
  if (seconds < 90) return `about ${Math.round(seconds / 5) * 5} s`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min`;
  return `about ${(seconds / 3600).toFixed(1)} h`;
}
