/**
 * `SnapshotStore`: who is asked to make the snapshot, who starts from it, and what happens when
 * making or loading it fails. (The real Pyodide snapshots are exercised in `snapshot.test.ts`.)
 */
import { describe, expect, it } from 'vitest';
import { SnapshotStore } from './snapshots';

describe('SnapshotStore', () => {
  it('asks one worker to make it, the others load cold meanwhile, later ones start from it', () => {
    const saved: Uint8Array[] = [];
    const store = new SnapshotStore({ onMade: (bytes) => saved.push(bytes) });
    expect(store.plan()).toEqual({ snapshot: null, makeSnapshot: true });
    expect(store.pending).toBe(true);
    expect(store.plan()).toEqual({ snapshot: null, makeSnapshot: false });
    const bytes = new Uint8Array([1, 2]);
    store.made(bytes);
    expect(store.pending).toBe(false);
    expect(saved).toEqual([bytes]);
    expect(store.plan()).toEqual({ snapshot: bytes, makeSnapshot: false });
    expect(store.started).toEqual({ cold: 2, fromSnapshot: 1 });
  });

  it('asks the next worker when the maker fails, and stops asking when Pyodide cannot', () => {
    const store = new SnapshotStore();
    store.plan();
    store.abandoned();
    expect(store.pending).toBe(false);
    expect(store.plan().makeSnapshot).toBe(true);
    store.made(undefined);
    expect(store.plan()).toEqual({ snapshot: null, makeSnapshot: false });
    expect(store.pending).toBe(false);
  });

  it('starts from a saved snapshot, and drops it when a worker cannot load it', () => {
    const old = new Uint8Array([9]);
    const store = new SnapshotStore({ initial: old });
    expect(store.plan()).toEqual({ snapshot: old, makeSnapshot: false });
    store.refused(old);
    expect(store.plan()).toEqual({ snapshot: null, makeSnapshot: true });
  });
});
