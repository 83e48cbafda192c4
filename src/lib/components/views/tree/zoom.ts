/**
 * Zoom and pan for the tree (d3-zoom on the SVG; Svelte renders the transform it reports).
 * `fit` moves the view so a box fills it, with a short transition.
 */
import { select } from 'd3-selection';
import 'd3-transition';
import { zoom, zoomIdentity, type ZoomBehavior } from 'd3-zoom';

const MIN_SCALE = 0.15;
const MAX_SCALE = 3;

export interface View {
  x: number;
  y: number;
  k: number;
}

export interface Zoomer {
  fit(box: { x: number; y: number; width: number; height: number }, animate: boolean): void;
  destroy(): void;
}

/**
 * @param onview told of every new transform; `byUser` is true when the learner zoomed or
 * panned (then the view stops fitting itself to new nodes)
 */
export function createZoom(svg: SVGSVGElement, onview: (v: View, byUser: boolean) => void): Zoomer {
  const behaviour: ZoomBehavior<SVGSVGElement, unknown> = zoom<SVGSVGElement, unknown>()
    .scaleExtent([MIN_SCALE, MAX_SCALE])
    .on('zoom', (event) => {
      const t = event.transform;
      onview({ x: t.x, y: t.y, k: t.k }, event.sourceEvent != null);
    });
  const selection = select(svg);
  selection.call(behaviour);
  // The SVG's size as last observed: reading clientWidth at every fit would force a layout of
  // the whole page in the middle of a step (measured: the largest forced layout of a step).
  let size = { width: 0, height: 0 };
  const observer =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver(([entry]) => {
          size = { width: entry.contentRect.width, height: entry.contentRect.height };
        });
  observer?.observe(svg);
  return {
    fit(box, animate) {
      const width = size.width || svg.clientWidth || 600;
      const height = size.height || svg.clientHeight || 400;
      const k = Math.min(1.4, width / box.width, height / box.height);
      // A big tree fits only below the usual minimum: let the wheel reach that scale too,
      // or its first notch would jump from the whole tree to a fraction of it.
      behaviour.scaleExtent([Math.min(MIN_SCALE, k), MAX_SCALE]);
      const t = zoomIdentity
        .translate(
          width / 2 - k * (box.x + box.width / 2),
          height / 2 - k * (box.y + box.height / 2)
        )
        .scale(k);
      if (animate) selection.transition().duration(300).call(behaviour.transform, t);
      else selection.call(behaviour.transform, t);
    },
    destroy() {
      observer?.disconnect();
      selection.interrupt();
      selection.on('.zoom', null);
    }
  };
}
