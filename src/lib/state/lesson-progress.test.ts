/**
 * Progress and saved runs through the store interface, with the in-memory store (IndexedDB is
 * exercised in Chromium by e2e/navigation.spec.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOG_VERSION } from '$lib/core/run/events';
import type { Run } from '$lib/core/run/run';
import { parseRecord, type LessonRecord, type ProgressStore } from '$lib/core/progress/records';
import { encodeRun } from '$lib/core/share/permalink';
import { MemoryProgressStore } from '$lib/runtimes/storage/memory-progress';
import { FallbackProgressStore, openProgressStore } from '$lib/runtimes/storage/open-progress';
import { loadSelfDebuggingLesson } from '$lib/testing/self-debugging-lesson';
import { LessonProgress } from './lesson-progress.svelte';

const lesson = loadSelfDebuggingLesson();
const run = (events: Run['events'] = []): Run => ({
  version: LOG_VERSION,
  technique: 'self-debug',
  params: lesson.meta.params,
  problem: lesson.problem,
  model: { kind: 'scripted', ...lesson.walkthrough },
  seed: 1,
  events
});
const note = (seq: number): Run['events'][number] => ({
  kind: 'note',
  seq,
  t: seq,
  note: { type: 'feedback', turn: 1, text: `feedback ${seq}` }
});

const endpointModel: Run['model'] = {
  kind: 'endpoint',
  id: 'qwen',
  label: 'qwen — your endpoint',
  baseUrl: 'http://127.0.0.1:9/v1'
};

const progressOver = (store: ProgressStore) =>
  new LessonProgress(async () => store, { delayMs: 20, now: () => 1_700_000_000_000 });

/** An empty browser store whose every write fails with `error`. */
const failingWrites = (error: DOMException): ProgressStore => ({
  kind: 'indexeddb',
  all: async () => [],
  put: async () => {
    throw error;
  },
  remove: async () => undefined
});

afterEach(() => vi.restoreAllMocks());

describe('stored records', () => {
  const good: LessonRecord = { slug: 'mcts', visited: true, finished: false };
  const saved = { payload: 'abc', step: 2, savedAt: 5 };

  it('accepts a record whole', () => {
    expect(parseRecord(good)).toEqual({ ok: true, record: good, dropped: [] });
    expect(parseRecord({ ...good, lastRun: saved })).toEqual({
      ok: true,
      record: { ...good, lastRun: saved },
      dropped: []
    });
  });

  it('refuses only a value that names no lesson', () => {
    expect(parseRecord(null)).toMatchObject({ ok: false, slug: null });
    expect(parseRecord({ ...good, slug: '../x' })).toMatchObject({ ok: false, reason: /^slug:/ });
  });

  it('keeps every valid field of a damaged record and drops only the bad one', () => {
    // Finished, with a damaged saved run: the run goes, `finished` stays.
    const finished = { slug: 'mcts', visited: true, finished: true };
    expect(parseRecord({ ...finished, lastRun: { ...saved, payload: '' } })).toEqual({
      ok: true,
      record: finished,
      dropped: ['lastRun.payload: no text']
    });
    expect(parseRecord({ ...finished, lastRun: { payload: 'x', step: -1, savedAt: 0 } })).toEqual({
      ok: true,
      record: finished,
      dropped: [expect.stringContaining('lastRun.step')]
    });
    // A bad `visited` is dropped; a finished lesson was visited all the same.
    expect(parseRecord({ slug: 'mcts', visited: 'yes', finished: true })).toEqual({
      ok: true,
      record: finished,
      dropped: ['visited: not true or false']
    });
    // A bad `finished` costs only itself: the saved run stays.
    expect(parseRecord({ ...good, finished: 1, lastRun: saved })).toEqual({
      ok: true,
      record: { ...good, lastRun: saved },
      dropped: ['finished: not true or false']
    });
  });

  it('ignores fields it does not know, at every level', () => {
    const finished = { slug: 'mcts', visited: true, finished: true };
    expect(
      parseRecord({ ...finished, extra: 1, lastRun: { ...saved, note: 'from a newer app' } })
    ).toEqual({ ok: true, record: { ...finished, lastRun: saved }, dropped: [] });
  });
});

describe('LessonProgress', () => {
  it('keeps six finished lessons when their records carry damaged or unknown fields', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const done = (slug: string, more: Record<string, unknown> = {}) => ({
      slug,
      visited: true,
      finished: true,
      ...more
    });
    const store = new MemoryProgressStore([
      done('sampling'),
      done('mcts', { lastRun: { payload: '', step: 1, savedAt: 1 } }),
      done('reflexion', { theme: 'dark' }),
      done('self-debugging', { visited: 'yes' }),
      done('self-planning', { pair: { live: 'no' } }),
      done('cot', { lastRun: { payload: 'abc', step: 2, savedAt: 3, extra: true } }),
      { slug: '../x', finished: true },
      'not a record'
    ]);
    const progress = progressOver(store);
    await progress.open();
    expect(progress.ready).toBe(true);
    expect(progress.kind).toBe('memory');
    const six = ['sampling', 'mcts', 'reflexion', 'self-debugging', 'self-planning', 'cot'];
    expect(Object.keys(progress.records).sort()).toEqual([...six].sort());
    expect(progress.finishedCount(six)).toBe(6);
    expect(progress.record('mcts')).toEqual(done('mcts'));
    expect(progress.record('cot').lastRun).toEqual({ payload: 'abc', step: 2, savedAt: 3 });
    // One quiet note for each record with a dropped field, and each refused value.
    const notes = info.mock.calls.map(([text]) => String(text));
    expect(notes).toHaveLength(5);
    expect(notes.find((n) => n.includes('“mcts”'))).toMatch(/lastRun\.payload/);
    // The refused value that names a key is gone from the store; the kept ones stay.
    const left = await store.all();
    expect(left).toHaveLength(7);
    expect(left).not.toContainEqual({ slug: '../x', finished: true });
  });

  it('marks lessons visited and finished, and a new instance reads them back', async () => {
    const store = new MemoryProgressStore();
    const progress = progressOver(store);
    await progress.visit('self-debugging');
    await progress.finish('sampling');
    expect(progress.record('self-debugging')).toEqual({
      slug: 'self-debugging',
      visited: true,
      finished: false
    });
    expect(progress.record('never-opened')).toEqual({
      slug: 'never-opened',
      visited: false,
      finished: false
    });
    const again = progressOver(store);
    await again.open();
    expect(again.finishedCount(['self-debugging', 'sampling'])).toBe(1);
    expect(again.record('sampling').visited).toBe(true);
  });

  it('saves the run after stepping pauses, only the last of a burst, and decodes it back', async () => {
    const store = new MemoryProgressStore();
    const put = vi.spyOn(store, 'put');
    const progress = progressOver(store);
    await progress.open();
    progress.saveRun('self-debugging', run([note(0)]), 1);
    progress.saveRun('self-debugging', run([note(0), note(1)]), 2);
    progress.saveRun('self-debugging', run([note(0), note(1), note(2)]), 3);
    expect(put).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(put).toHaveBeenCalledTimes(1));
    const saved = await progressOver(store).savedRun('self-debugging');
    expect(saved?.step).toBe(3);
    expect(saved?.savedAt).toBe(1_700_000_000_000);
    expect(saved?.run).toEqual(run([note(0), note(1), note(2)]));
  });

  it('flush writes a waiting save at once', async () => {
    const store = new MemoryProgressStore();
    const progress = new LessonProgress(async () => store, { delayMs: 60_000 });
    await progress.open();
    progress.saveRun('mcts', run([note(0)]), 1);
    await progress.flush();
    const [stored] = (await store.all()) as LessonRecord[];
    expect(stored.lastRun?.step).toBe(1);
    expect(stored.lastRun?.payload).toBe(await encodeRun(run([note(0)])));
  });

  it('says it is saving from the first waiting save until the last write is in the store', async () => {
    const store = new MemoryProgressStore();
    let release = () => {};
    const put = vi
      .spyOn(store, 'put')
      .mockImplementation(() => new Promise<void>((resolve) => (release = resolve)));
    const progress = progressOver(store);
    await progress.open();
    expect(progress.saving).toBe(false);
    progress.saveRun('mcts', run([note(0)]), 1);
    progress.saveRun('mcts', run([note(0), note(1)]), 2); // replaces the first: one change
    expect(progress.saving).toBe(true);
    await vi.waitFor(() => expect(put).toHaveBeenCalledTimes(1));
    expect(progress.saving).toBe(true); // written, but the store has not answered yet
    release();
    await vi.waitFor(() => expect(progress.saving).toBe(false));
    put.mockRestore();
    progress.saveRun('mcts', run([note(0)]), 1);
    expect(progress.saving).toBe(true);
    await progress.clearRun('mcts'); // the waiting save is dropped, the clearing written
    expect(progress.saving).toBe(false);
  });

  it('a saved run that does not decode is dropped, and the lesson starts over', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const good = await encodeRun(run([note(0)]));
    const store = new MemoryProgressStore([
      {
        slug: 'mcts',
        visited: true,
        finished: true,
        lastRun: { payload: good.slice(0, 20) + 'AAAA' + good.slice(24), step: 1, savedAt: 5 }
      }
    ]);
    const progress = progressOver(store);
    expect(await progress.savedRun('mcts')).toBeNull();
    expect(String(info.mock.calls[0][0])).toMatch(/dropped the saved run of “mcts”: This link/);
    expect(await store.all()).toEqual([{ slug: 'mcts', visited: true, finished: true }]);
  });

  it('clearing a run beats a save that was already on its way', async () => {
    const store = new MemoryProgressStore();
    const progress = progressOver(store);
    await progress.open();
    progress.saveRun('mcts', run([note(0)]), 1);
    await progress.flush();
    progress.saveRun('mcts', run([note(0), note(1)]), 2);
    await progress.clearRun('mcts');
    await new Promise((resolve) => setTimeout(resolve, 60));
    await progress.flush();
    expect(progress.record('mcts').lastRun).toBeUndefined();
    expect(await store.all()).toEqual([{ slug: 'mcts', visited: true, finished: false }]);
  });

  it('saves a side-by-side lesson: both panes, the mode, and the logs of live runs only', async () => {
    const store = new MemoryProgressStore();
    const progress = progressOver(store);
    await progress.open();
    const live = { ...run([note(0), note(1)]), model: endpointModel };
    progress.savePair('compare', {
      live: true,
      lockstep: false,
      left: { run: 'walkthrough', step: 2, log: live },
      right: { run: 'self-debug', step: 1 }
    });
    await progress.flush();
    const [stored] = (await store.all()) as LessonRecord[];
    expect(parseRecord(stored)).toEqual({ ok: true, record: stored, dropped: [] });
    expect(stored.pair).toEqual({
      live: true,
      lockstep: false,
      left: { run: 'walkthrough', step: 2, payload: await encodeRun(live) },
      right: { run: 'self-debug', step: 1 },
      savedAt: 1_700_000_000_000
    });
    expect(await progressOver(store).savedPair('compare')).toEqual({
      live: true,
      lockstep: false,
      left: { run: 'walkthrough', step: 2, log: live },
      right: { run: 'self-debug', step: 1 },
      savedAt: 1_700_000_000_000,
      dropped: false
    });
    // Start fresh forgets the panes; finished and visited stay.
    await progress.finish('compare');
    await progress.clearRun('compare');
    expect(await store.all()).toEqual([{ slug: 'compare', visited: true, finished: true }]);
    expect(await progress.savedPair('compare')).toBeNull();
  });

  it('a damaged saved pair is dropped by name; a bad entry of others goes alone', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const pane = { run: 'self-debug', step: 1 };
    const pair = { live: false, lockstep: true, left: pane, right: pane, savedAt: 1 };
    const good = { slug: 'compare', visited: true, finished: true };
    expect(parseRecord({ ...good, pair })).toEqual({
      ok: true,
      record: { ...good, pair },
      dropped: []
    });
    // A pair that cannot be shown is dropped; the record keeps `finished`.
    const bad = (change: Record<string, unknown>) =>
      parseRecord({ ...good, pair: { ...pair, ...change } });
    const droppedPair = (reason: RegExp) => ({
      ok: true,
      record: good,
      dropped: [expect.stringMatching(reason)]
    });
    expect(bad({ live: 'yes' })).toEqual(droppedPair(/^pair\.live/));
    expect(bad({ left: { run: '../x', step: 1 } })).toEqual(droppedPair(/^pair\.left\.run/));
    expect(bad({ right: { run: 'a', step: 1.5 } })).toEqual(droppedPair(/^pair\.right\.step/));
    expect(bad({ right: { run: 'a', step: 1, payload: '' } })).toEqual(
      droppedPair(/^pair\.right\.payload/)
    );
    // Unknown fields are ignored; a damaged list of others, or one entry of it, goes alone.
    expect(bad({ extra: 1 })).toEqual({ ok: true, record: { ...good, pair }, dropped: [] });
    expect(bad({ others: 'all' })).toEqual({
      ok: true,
      record: { ...good, pair },
      dropped: ['pair.others: not a short list']
    });
    const other = { run: 'self-planning', step: 0, payload: 'abc' };
    expect(bad({ others: [{ run: 'a', step: 0 }, other] })).toEqual({
      ok: true,
      record: { ...good, pair: { ...pair, others: [other] } },
      dropped: ['pair.others[0].payload: missing']
    });

    const payload = await encodeRun(run([note(0)]));
    const store = new MemoryProgressStore([
      { ...good, pair: { ...pair, live: true, left: { ...pane, payload: payload.slice(0, 30) } } }
    ]);
    const saved = await progressOver(store).savedPair('compare');
    expect(saved).toMatchObject({ live: true, left: pane, right: pane, dropped: true });
    expect(saved?.left.log).toBeUndefined();
    expect(String(info.mock.calls[0][0])).toMatch(/dropped a saved run of “compare”/);
  });

  it('a store that fails to write keeps the page going in memory', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const broken = failingWrites(
      new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    );
    const fallback = new FallbackProgressStore(broken);
    const progress = progressOver(fallback);
    await progress.open();
    expect(progress.keptNote).toBe('Your steps are saved in this browser as you go.');
    await progress.finish('sampling');
    expect(fallback.kind).toBe('memory');
    // The page stops saying "saved" and says why progress lasts only for this page.
    expect(progress.kind).toBe('memory');
    expect(progress.fault).toBe('full');
    expect(progress.keptNote).toBe(
      'Your browser’s storage is full, so your progress is kept only while this page is open.'
    );
    expect(progress.record('sampling').finished).toBe(true);
    expect(await fallback.all()).toEqual([{ slug: 'sampling', visited: true, finished: true }]);
    expect(String(info.mock.calls[0][0])).toContain('kept in memory');
  });

  it('a store that rejects every write says progress lasts for this page only', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const refusing = failingWrites(
      new DOMException('The database connection is closing.', 'InvalidStateError')
    );
    const progress = progressOver(refusing);
    await progress.finish('mcts');
    expect(progress.record('mcts').finished).toBe(true);
    expect(progress.fault).toBe('unavailable');
    expect(progress.keptNote).toBe(
      'This browser cannot store progress: it lasts until you leave the page.'
    );
  });

  it('with no IndexedDB (as in Node) or one that refuses to open, progress is kept in memory', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => undefined);
    expect((await openProgressStore()).kind).toBe('memory');
    const refused = await openProgressStore(async () => {
      throw new Error('The user denied permission to access the database.');
    });
    expect(refused.kind).toBe('memory');
    await refused.put({ slug: 'mcts', visited: true, finished: false });
    expect(await refused.all()).toHaveLength(1);
  });
});
