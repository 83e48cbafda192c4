/**
 * ClarifyGPT's consistency check: every program's outputs on every input, inputs on which
 * every program crashed dropped, and programs grouped by identical output vectors. An
 * exception is an output too (its type name): two programs that raise the same error on the
 * same input behave alike there.
 */
import type { ExecResult, TestOutcome } from '../../run/effects';
import { canonicalRepr } from '../../problems/literal';

/** What a call's outcome shows in the matrix, and the key it is compared by. */
export interface Output {
  shown: string;
  key: string;
  crashed: boolean;
}

/** The output of one probe: the value's repr, "raises T", "timeout" or "not run". */
export function outputOf(test: TestOutcome): Output {
  switch (test.status) {
    case 'ran':
    case 'pass':
    case 'fail': {
      const shown = test.actual ?? 'None';
      // Sets print in hash order, which differs between interpreters: compare a fixed order.
      return { shown, key: `= ${canonicalRepr(shown)}`, crashed: false };
    }
    case 'error': {
      const shown = `raises ${test.error?.type ?? 'an error'}`;
      return { shown, key: shown, crashed: true };
    }
    case 'timeout':
      return { shown: 'timeout', key: 'timeout', crashed: true };
    case 'not-run':
      return { shown: 'not run', key: 'not run', crashed: true };
  }
}

/** One program's run on the inputs, or why it has no outputs. */
export type ProgramRun =
  | { index: number; result: ExecResult; problem: null }
  | { index: number; result: null; problem: string };

/** Why a run gives no outputs at all (the program did not load), or null. */
export function loadProblem(result: ExecResult): string | null {
  if (result.status === 'ok') return null;
  const loaded = result.tests.some((t) => t.status !== 'not-run' && t.status !== 'timeout');
  if (result.status === 'timeout' && (loaded || result.tests.some((t) => t.status === 'timeout')))
    return null;
  const e = result.error;
  return e
    ? `it did not load: ${e.type}${e.line ? ` at line ${e.line}` : ''}: ${e.message}`
    : 'it did not load';
}

export interface Matrix {
  /** indices into the inputs that were kept */
  kept: number[];
  /** inputs on which every program that ran crashed, with the reason */
  dropped: { input: number; reason: string }[];
  /** per program run (same order): outputs on the kept inputs, or null when left out */
  outputs: (Output[] | null)[];
  /** positions in `runs` per cluster, in order of their first member */
  groups: number[][];
}

/**
 * Builds the matrix: drops inputs that crashed every program that loaded, then groups the
 * programs that loaded by their output vectors on the inputs that are left.
 */
export function buildMatrix(runs: readonly ProgramRun[], inputCount: number): Matrix {
  const all = runs.map((r) => (r.result ? r.result.tests.map(outputOf) : null));
  const live = all.flatMap((o, i) => (o ? [i] : []));
  const kept: number[] = [];
  const dropped: Matrix['dropped'] = [];
  for (let input = 0; input < inputCount; input++) {
    const outs = live.map((p) => (all[p] as Output[])[input]);
    if (outs.length > 0 && outs.every((o) => o.crashed)) {
      const counts = new Map<string, number>();
      for (const o of outs) counts.set(o.shown, (counts.get(o.shown) ?? 0) + 1);
      const what = [...counts].map(([shown, n]) => `${shown} ×${n}`).join(', ');
      dropped.push({
        input,
        reason: `every program crashed on it (${what}): it probably breaks the contract`
      });
    } else kept.push(input);
  }
  const outputs = all.map((o) => (o ? kept.map((i) => o[i]) : null));
  const byKey = new Map<string, number[]>();
  for (const p of live) {
    const key = JSON.stringify((outputs[p] as Output[]).map((o) => o.key));
    byKey.set(key, [...(byKey.get(key) ?? []), p]);
  }
  return { kept, dropped, outputs, groups: [...byKey.values()] };
}

/**
 * Positions (in the kept inputs) where the representatives' outputs are not all the same, so
 * the model can be shown exactly where the behaviours part.
 */
export function disagreements(matrix: Matrix): number[] {
  const reps = matrix.groups.map((g) => matrix.outputs[g[0]] as Output[]);
  if (reps.length < 2) return [];
  return matrix.kept.flatMap((_, col) =>
    new Set(reps.map((r) => r[col].key)).size > 1 ? [col] : []
  );
}
