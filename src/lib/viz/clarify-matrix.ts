/**
 * Layout of ClarifyGPT's output matrix (pure: d3-scale only, no DOM). Rows are inputs,
 * columns are programs, so the few programs fit across a phone and the inputs scroll down.
 */
import { scaleBand, scaleOrdinal, type ScaleBand, type ScaleOrdinal } from 'd3-scale';

/** Cluster colours that read on both themes (text sits on a translucent fill). */
export const CLUSTER_COLOURS = [
  '#4c6ef5',
  '#f59f00',
  '#12b886',
  '#e64980',
  '#7950f2',
  '#15aabf',
  '#fd7e14',
  '#82c91e'
] as const;

export interface MatrixLayout {
  width: number;
  height: number;
  /** width of the input labels on the left */
  labelWidth: number;
  /** height of the program labels on top */
  headerHeight: number;
  x: ScaleBand<number>;
  y: ScaleBand<number>;
  colour: ScaleOrdinal<number, string>;
  /** how many characters of an output fit in a cell, and of an input in its label */
  cellChars: number;
  labelChars: number;
}

const CHAR = 7.2; // px per character of 12px monospace
const ROW = 28;

export function matrixLayout(width: number, programs: number, inputs: number): MatrixLayout {
  const w = Math.max(240, width);
  const labelWidth = Math.round(Math.min(170, w * 0.36));
  const headerHeight = 34;
  const x = scaleBand<number>()
    .domain(Array.from({ length: programs }, (_, i) => i))
    .range([labelWidth, w])
    .paddingInner(0.08);
  const y = scaleBand<number>()
    .domain(Array.from({ length: inputs }, (_, i) => i))
    .range([headerHeight, headerHeight + inputs * ROW])
    .paddingInner(0.12);
  const colour = scaleOrdinal<number, string>()
    .domain(CLUSTER_COLOURS.map((_, i) => i))
    .range(CLUSTER_COLOURS);
  return {
    width: w,
    height: headerHeight + inputs * ROW + 2,
    labelWidth,
    headerHeight,
    x,
    y,
    colour,
    cellChars: Math.max(2, Math.floor((x.bandwidth() - 8) / CHAR)),
    labelChars: Math.max(4, Math.floor((labelWidth - 10) / CHAR))
  };
}

/** Cuts text to `n` characters with an ellipsis. */
export function clip(text: string, n: number): string {
  return text.length <= n ? text : text.slice(0, Math.max(1, n - 1)) + '…';
}
