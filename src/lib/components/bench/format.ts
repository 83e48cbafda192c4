/** How /bench writes its numbers: fixed English formats, so a table reads the same everywhere. */

/** 0.7 → "70.0%" */
export const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** 12345 → "12,345" */
export const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** 13.456 → "13.5 s" */
export const seconds = (s: number): string => `${s.toFixed(1)} s`;
