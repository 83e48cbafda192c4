/**
 * How the charts of /bench tell techniques apart: a theme colour and a marker shape each, so a
 * series reads without colour too. Shapes are SVG paths centred on 0,0.
 */
const COLOURS = ['var(--accent)', 'var(--code-number)', 'var(--good)', 'var(--code-keyword)'];
const SHAPES = [
  'M 4 0 A 4 4 0 1 1 -4 0 A 4 4 0 1 1 4 0 Z', // circle
  'M -3.6 -3.6 H 3.6 V 3.6 H -3.6 Z', // square
  'M 0 -4.6 L 4.2 3.4 H -4.2 Z', // triangle
  'M 0 -4.8 L 4.8 0 L 0 4.8 L -4.8 0 Z' // diamond
];
const SHAPE_NAMES = ['circle', 'square', 'triangle', 'diamond'];

export const seriesColour = (i: number) => COLOURS[i % COLOURS.length];
export const seriesShape = (i: number) => SHAPES[i % SHAPES.length];
export const seriesShapeName = (i: number) => SHAPE_NAMES[i % SHAPE_NAMES.length];
