/**
 * What the presenter's bar says about the step on screen: the phase (what kind of step it is)
 * and a caption (what it did), read from the event that began the step, so the words follow
 * the cursor like every other view.
 */
import type { RunEvent } from '../run/events';
import { startsStep, timelineAt } from './timeline';

export interface Phase {
  /** a short label: "Model call", "Execution", "Verdict", … */
  label: string;
  /** one line on what the step did */
  caption: string;
}

const START: Phase = {
  label: 'Start',
  caption: 'Nothing has run yet: press → to take the first step.'
};

/** The phase of the last step in `events` (a prefix of the log, as the player shows it). */
export function phaseAt(events: readonly RunEvent[]): Phase {
  const start = events.findLastIndex(startsStep);
  if (start < 0) return START;
  // The step that ends the run carries the verdict: that is what the class should read.
  for (let i = events.length - 1; i > start; i--) {
    const e = events[i];
    if (e.kind === 'note' && e.note.type === 'outcome') {
      return { label: 'Verdict', caption: e.note.message };
    }
  }
  const [row] = timelineAt([events[start]]);
  return { label: row.title, caption: row.detail };
}
