/** One row of a run's timeline: what the timeline component draws for one event. */
export interface TimelineRow {
  seq: number;
  kind:
    'model' | 'execution' | 'reference' | 'ask' | 'program' | 'feedback' | 'decision' | 'outcome';
  title: string;
  detail: string;
  /** ms, for effects */
  dur: number | null;
  tokens: { in: number; out: number } | null;
  tone: 'neutral' | 'good' | 'bad';
}
