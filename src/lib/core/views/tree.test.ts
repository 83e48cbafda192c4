/** The tree reducer at prefixes of a small hand-written log, its timeline rows and steps. */
import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../run/effects';
import type { Note, RunEvent } from '../run/events';
import { stopsOf, timelineAt } from './timeline';
import { treeAt } from './tree';

const tests = [{ input: '1', expected: '2' }];
function exec(code: string, suite: 'visible' | 'hidden', pass: boolean): RunEvent {
  const result: ExecResult = {
    status: 'ok',
    tests: [{ ...tests[0], status: pass ? 'pass' : 'fail', actual: pass ? '2' : '1', error: null }],
    error: null,
    stdout: '',
    stderr: '',
    durationMs: 1
  };
  return {
    kind: 'execute',
    seq: 0,
    t: 0,
    dur: 1,
    label: 'run',
    request: { language: 'python', code, entryPoint: 'f', tests, timeoutMs: 100, suite },
    result
  };
}
const note = (n: Note): RunEvent => ({ kind: 'note', seq: 0, t: 0, note: n });
const A = 'def f(x):\n    return x\n';
const B = 'def f(x):\n    return x + 1\n';

const log: RunEvent[] = [
  note({ type: 'tree-start', search: 'mcts', budget: 4 }),
  note({
    type: 'tree-select',
    iteration: 1,
    weight: 1,
    candidates: [],
    path: [0],
    selected: 0
  }),
  note({ type: 'tree-node', id: 1, parent: 0, depth: 1, strategy: null, code: A, used: 1 }),
  note({ type: 'tree-node', id: 2, parent: 0, depth: 1, strategy: null, code: B, used: 2 }),
  exec(A, 'visible', false),
  exec(B, 'visible', true),
  note({
    type: 'tree-evaluate',
    nodes: [
      { id: 1, passed: 0, total: 1, reward: 0, status: 'ok' },
      { id: 2, passed: 1, total: 1, reward: 1, status: 'ok' }
    ]
  }),
  note({ type: 'tree-reflect', id: 1, text: 'Add one.', used: 3 }),
  note({
    type: 'tree-backup',
    iteration: 1,
    updates: [
      { id: 0, visits: 2, value: 1 },
      { id: 1, visits: 1, value: 0 },
      { id: 2, visits: 1, value: 1 }
    ]
  }),
  note({ type: 'tree-answer', id: 2, reason: 'node 2 passes every example', used: 3 }),
  exec(B, 'hidden', true)
].map((e, seq) => ({ ...e, seq }));
const at = (type: string) => log.findIndex((e) => e.kind === 'note' && e.note.type === type);

describe('treeAt', () => {
  it('is null without a search, and the bare root at its start', () => {
    expect(treeAt([])).toBeNull();
    expect(treeAt(log.slice(0, 1))).toMatchObject({ phase: 'start', nodes: [{ id: 0 }] });
  });

  it('keeps the selection, new nodes, rewards and the executions behind them', () => {
    expect(treeAt(log.slice(0, 2))).toMatchObject({ phase: 'select', selection: { path: [0] } });
    const before = treeAt(log.slice(0, at('tree-evaluate')));
    expect(before?.nodes.map((n) => n.status)).toEqual(['pending', 'pending', 'pending']);
    expect(before?.used).toBe(2);
    const after = treeAt(log.slice(0, at('tree-evaluate') + 1));
    expect(after?.nodes.map((n) => [n.reward, n.exec])).toEqual([
      [null, null],
      [0, 4],
      [1, 5]
    ]);
    expect(after?.touched).toEqual([1, 2]);
  });

  it('shows visits only once they are backed up, then the answer and its grading', () => {
    expect(treeAt(log.slice(0, at('tree-backup')))?.nodes[0].visits).toBe(0);
    const backed = treeAt(log.slice(0, at('tree-backup') + 1));
    expect(backed?.nodes.map((n) => [n.visits, n.value])).toEqual([
      [2, 1],
      [1, 0],
      [1, 1]
    ]);
    expect(backed?.nodes[1].reflection).toBe('Add one.');
    expect(treeAt(log.slice(0, at('tree-answer') + 1))).toMatchObject({
      answer: 2,
      hiddenExec: null
    });
    expect(treeAt(log)?.hiddenExec).toBe(log.length - 1);
  });
});

describe('tree steps and timeline', () => {
  it('stops before each phase note and each effect, not before nodes or reflections', () => {
    const stops = stopsOf(log);
    for (const type of ['tree-select', 'tree-evaluate', 'tree-backup', 'tree-answer'])
      expect(stops).toContain(at(type));
    expect(stops).not.toContain(at('tree-node'));
    expect(stops).not.toContain(at('tree-reflect'));
  });

  it('gives every tree note a row that says what happened', () => {
    const rows = timelineAt(log).filter((r) => log[r.seq].kind === 'note');
    expect(rows.map((r) => r.title)).toEqual([
      'Search starts',
      'Select (iteration 1)',
      'Node 1',
      'Node 2',
      'Evaluate',
      'Reflection on node 1',
      'Backup (iteration 1)',
      'Answer'
    ]);
    expect(rows[4]).toMatchObject({ detail: 'node 1: 0/1, node 2: 1/1', tone: 'good' });
    expect(rows[6].detail).toBe('0: N=2 V/N=50%, 1: N=1 V/N=0%, 2: N=1 V/N=100%');
  });
});
