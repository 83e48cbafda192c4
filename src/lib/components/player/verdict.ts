/** The headline of a run's verdict, shared by the run view and the compare panes. */
import type { Note } from '$lib/core/run/events';

export const VERDICT_TITLE: Record<Extract<Note, { type: 'outcome' }>['status'], string> = {
  solved: '✓ Solved',
  unsolved: '✗ Not solved',
  error: '⚠ Error'
};
