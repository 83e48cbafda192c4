/** Comparison links: two runs in one hash, each decoded by the permalink's own checks. */
import { describe, expect, it } from 'vitest';
import { LOG_VERSION } from '../run/events';
import type { Run } from '../run/run';
import { decodeShareHash, encodeRun } from './permalink';
import { compareHash, hashOfLink, splitCompareHash } from './compare-link';

const run = (id: string): Run => ({
  version: LOG_VERSION,
  technique: 'direct',
  params: {},
  problem: {
    id,
    language: 'python',
    title: id,
    prompt: 'def f(x): ...',
    entryPoint: 'f',
    visibleTests: [{ input: '1', expected: '1' }],
    hiddenTests: [{ input: '2', expected: '2' }]
  },
  model: { kind: 'scripted', id: 's', label: 'scripted', responses: ['x'] },
  seed: 1,
  events: []
});

describe('compare links', () => {
  it('carry one or two runs that decode as they were, with their steps', async () => {
    const [a, b] = [await encodeRun(run('one')), await encodeRun(run('two'))];
    const one = splitCompareHash(compareHash({ payload: a, step: 0 }));
    expect(one.b).toBeNull();
    const decodedA = await decodeShareHash(one.a ?? '');
    expect(decodedA).toMatchObject({ ok: true, run: { problem: { id: 'one' } }, step: 0 });

    const both = splitCompareHash(compareHash({ payload: a, step: 0 }, { payload: b, step: 0 }));
    const decodedB = await decodeShareHash(both.b ?? '');
    expect(decodedB).toMatchObject({ ok: true, run: { problem: { id: 'two' } } });
  });

  it('a damaged side fails with the permalink’s sentence', async () => {
    const a = await encodeRun(run('one'));
    const hash = compareHash({ payload: a, step: 0 }).replace(/asum=\w+/, 'asum=00000000');
    const decoded = await decodeShareHash(splitCompareHash(hash).a ?? '');
    expect(decoded).toEqual({ ok: false, message: expect.stringMatching(/checksum/) });
    expect(splitCompareHash('#nothing=here')).toEqual({ a: null, b: null });
  });

  it('finds the run in a pasted permalink, or says there is none', () => {
    expect(hashOfLink('  http://x/replay#step=2&sum=ab&run=QQ  ')).toBe('#step=2&sum=ab&run=QQ');
    expect(hashOfLink('http://x/lessons/sampling')).toBeNull();
    expect(hashOfLink('http://x/replay#step=2')).toBeNull();
  });
});
