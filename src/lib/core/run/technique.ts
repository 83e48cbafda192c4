import type { z } from 'zod';
import type { Problem } from '../problems/problem';
import type { RunContext } from './context';

/** Where a technique comes from, shown beside it wherever it runs. */
interface Citation {
  authors: string;
  title: string;
  venue: string;
  year: number;
  url: string;
}

/**
 * A technique is plain async code over a RunContext. Everything it decides goes into the
 * log as notes; its last note is an `outcome`.
 */
export interface Technique<P> {
  readonly id: string;
  readonly title: string;
  readonly citation: Citation;
  /** parameter schema with defaults and ranges (the knobs in the UI) */
  readonly params: z.ZodType<P>;
  run(problem: Problem, params: P, ctx: RunContext): Promise<void>;
}
