/**
 * A value that follows another one frame late: it takes the latest value after the browser
 * has painted, once however many changes came in between.
 *
 * Why: the tree's node detail holds CodeMirror editors, and a CodeMirror update reads the
 * page's selection, which makes Chromium bring style and layout up to date at once. Inside a
 * step that means restyling the whole freshly changed tree a second time (measured: 6 ms of
 * forced style recalculation a step at 330 nodes). After the paint, only the editor's own
 * changes are left to restyle.
 */
import { untrack } from 'svelte';

export class AfterPaint<T> {
  #current = $state.raw<T>() as T;

  /** Must be constructed while a component initialises (it owns an effect). */
  constructor(read: () => T) {
    this.#current = untrack(read);
    let pending = this.#current;
    let scheduled = false;
    $effect(() => {
      pending = read();
      if (scheduled) return;
      scheduled = true;
      requestAnimationFrame(() =>
        setTimeout(() => {
          scheduled = false;
          this.#current = pending;
        })
      );
    });
  }

  get current(): T {
    return this.#current;
  }
}
