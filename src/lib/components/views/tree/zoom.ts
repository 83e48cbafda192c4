/**
 * Zoom and pan for the tree (d3-zoom on the SVG; Svelte renders the transform it reports).
 * Where the camera should go is decided in camera.ts; `moveTo` takes it there.
 */
import { interpolateArray } from 'd3-interpolate';
import { select } from 'd3-selection';
import 'd3-transition';
import { zoom, zoomIdentity, type ZoomBehavior } from 'd3-zoom';
import type { Size, View } from '../../../viz/tree/camera';

const MIN_SCALE = 0.15;
const MAX_SCALE = 3;

export interface Zoomer {
  /** goes to `view`, in a short transition when `animate` */
  moveTo(view: View, animate: boolean): void;
  /** lets the wheel zoom out to `k` (a big tree fits whole only below the usual minimum) */
  allowScale(k: number): void;
  /** the SVG's size as last observed */
  size(): Size;
  destroy(): void;
}

/**
 * @param onview told of every new transform; `byUser` is true when the learner zoomed or
 * panned (then the camera stops following the search)
 * @param onsize told when the SVG's size changes
 */
export function createZoom(
  svg: SVGSVGElement,
  onview: (v: View, byUser: boolean) => void,
  onsize: (size: Size) => void
): Zoomer {
  const behaviour: ZoomBehavior<SVGSVGElement, unknown> = zoom<SVGSVGElement, unknown>()
    .scaleExtent([MIN_SCALE, MAX_SCALE])
    // a straight glide: d3's default zooms out and back in on a long move, which would
    // change the level of detail (and redraw every label) twice on the way
    .interpolate(interpolateArray)
    .on('zoom', (event) => {
      const t = event.transform;
      onview({ x: t.x, y: t.y, k: t.k }, event.sourceEvent != null);
    });
  const selection = select(svg);
  // The SVG's size as last observed: reading clientWidth at every step would force a layout
  // of the whole page in the middle of a step (measured: the largest forced layout of a step).
  let size: Size = { width: svg.clientWidth || 600, height: svg.clientHeight || 400 };
  // d3-zoom's own extent reads the SVG's width.baseVal, which forces a layout too
  behaviour.extent(() => [
    [0, 0],
    [size.width, size.height]
  ]);
  selection.call(behaviour);
  const observer =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver(([entry]) => {
          const { width, height } = entry.contentRect;
          // Hidden or caught mid-resize (a screenshot of the page can report 0 wide for a
          // frame): nothing to fit to, so the last real size stands until a real one comes.
          if (width <= 0 || height <= 0) return;
          if (width === size.width && height === size.height) return;
          size = { width, height };
          onsize(size);
        });
  observer?.observe(svg);
  return {
    moveTo(view, animate) {
      const t = zoomIdentity.translate(view.x, view.y).scale(view.k);
      selection.interrupt();
      if (animate) selection.transition().duration(300).call(behaviour.transform, t);
      else selection.call(behaviour.transform, t);
    },
    allowScale(k) {
      behaviour.scaleExtent([Math.min(MIN_SCALE, k), MAX_SCALE]);
    },
    size: () => size,
    destroy() {
      observer?.disconnect();
      selection.interrupt();
      selection.on('.zoom', null);
    }
  };
}
