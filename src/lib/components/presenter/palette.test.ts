/**
 * The presenter palette in src/app.css meets WCAG AAA for text in both themes: every text
 * colour is at least 7:1 against every background it can sit on (the page, panels, code,
 * verdicts, diff and highlight backgrounds), and focus rings and borders at least 3:1.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync('src/app.css', 'utf8');

/** The custom properties declared by the first rule whose selector is exactly `selector`. */
function variables(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`no rule ${selector} in app.css`);
  const body = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start));
  return Object.fromEntries(
    [...body.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map(([, name, value]) => [
      name,
      value.toLowerCase()
    ])
  );
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const TEXT = [
  'fg',
  'muted',
  'accent',
  'good',
  'bad',
  'code-fg',
  'code-keyword',
  'code-string',
  'code-number',
  'code-comment',
  'code-function',
  'code-operator'
];
const BACKGROUNDS = [
  'bg',
  'panel',
  'code-bg',
  'good-bg',
  'bad-bg',
  'diff-add-bg',
  'diff-add-strong',
  'diff-del-bg',
  'diff-del-strong',
  'mark-bg',
  'step-bg'
];
const light = variables(':root[data-present]');
const palettes = {
  light,
  'dark (by the toggle)': variables(":root[data-present][data-theme='dark']"),
  'dark (by the system)': variables(":root[data-present]:not([data-theme='light'])")
};

describe('the presenter palette', () => {
  for (const [name, palette] of Object.entries(palettes)) {
    it(`${name}: every text colour is at least 7:1 on every background`, () => {
      const failing: string[] = [];
      for (const text of TEXT) {
        for (const background of BACKGROUNDS) {
          const fg = palette[text];
          const bg = palette[background];
          if (!fg || !bg) throw new Error(`--${text} or --${background} is not a #rrggbb colour`);
          const ratio = contrast(fg, bg);
          if (ratio < 7) failing.push(`--${text} on --${background}: ${ratio.toFixed(2)}:1`);
        }
      }
      expect(failing).toEqual([]);
      expect(contrast(palette['accent-fg'], palette.accent)).toBeGreaterThanOrEqual(7);
    });

    it(`${name}: focus rings and borders stand out at least 3:1`, () => {
      for (const background of ['bg', 'panel', 'code-bg']) {
        expect(contrast(palette.focus, palette[background])).toBeGreaterThanOrEqual(3);
        expect(contrast(palette.border, palette[background])).toBeGreaterThanOrEqual(3);
      }
    });
  }

  it('has the same variables in both dark rules', () => {
    expect(palettes['dark (by the system)']).toEqual(palettes['dark (by the toggle)']);
    expect(Object.keys(palettes['dark (by the toggle)']).sort()).toEqual(Object.keys(light).sort());
  });

  it('measures contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});
