/**
 * Presenter mode's main view fills what is left of the screen: this action gives the element a
 * CSS variable, `--room`, the height from its top (in the page, so scrolling does not change
 * it) to the bottom of the window, and the views size themselves with it (`height: var(--room)`
 * in presenter mode's rules). What lies above it varies with the step — a verdict appears at
 * the end, the status line while Python loads — so it is measured again whenever the page
 * changes size. The element's own height does not move its top: this settles in one pass.
 */

/** Keeps a little of the screen's edge free, so a border at the bottom shows. */
const MARGIN = 8;
/** Below this the view would be unusable: let the page scroll instead. */
const MIN_ROOM = 240;

export function screenRoom(node: HTMLElement, on: boolean) {
  let active = on;
  let frame = 0;

  function measure() {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      if (!active) {
        node.style.removeProperty('--room');
        return;
      }
      const top = node.getBoundingClientRect().top + window.scrollY;
      const room = Math.max(MIN_ROOM, Math.floor(window.innerHeight - top - MARGIN));
      node.style.setProperty('--room', `${room}px`);
    });
  }

  const observer = new ResizeObserver(measure);
  observer.observe(document.body);
  window.addEventListener('resize', measure);
  measure();

  return {
    update(next: boolean) {
      active = next;
      measure();
    },
    destroy() {
      cancelAnimationFrame(frame);
      observer.disconnect();
      window.removeEventListener('resize', measure);
      node.style.removeProperty('--room');
    }
  };
}
