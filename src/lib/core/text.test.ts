import { describe, expect, it } from 'vitest';
import { LINK_TEXT_MAX, linkText, noun, plural, stripBidiControls } from './text';

describe('plural', () => {
  it('puts the count before the noun that agrees with it', () => {
    expect(plural(1, 'test')).toBe('1 test');
    expect(plural(0, 'test')).toBe('0 tests');
    expect(plural(3, 'hidden test')).toBe('3 hidden tests');
    expect(plural(2, 'process', 'processes')).toBe('2 processes');
    expect(noun(1, 'program')).toBe('program');
    expect(noun(4, 'program')).toBe('programs');
  });
});

describe('linkText', () => {
  it('strips every Unicode bidi control, so a link cannot reorder what it shows', () => {
    const controls = [
      ...'\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C'
    ];
    for (const c of controls) {
      expect(stripBidiControls(`ab${c}cd${c}`)).toBe('abcd');
    }
    expect(linkText('GPT\u202Elive.example\u202C 4')).toBe('GPTlive.example 4');
  });

  it('keeps ordinary text, right-to-left letters included, as it is', () => {
    expect(linkText('Qwen2.5 Coder 1.5B')).toBe('Qwen2.5 Coder 1.5B');
    expect(linkText('نموذج عربي')).toBe('نموذج عربي');
  });

  it('makes one line of it: line breaks and runs of spaces become one space', () => {
    expect(linkText('  scripted\n\n model\t one  ')).toBe('scripted model one');
  });

  it('cuts long text to the cap, with an ellipsis, without splitting a character', () => {
    const long = 'x'.repeat(200);
    expect(linkText(long, 20)).toBe(`${'x'.repeat(19)}…`);
    expect([...linkText(long)].length).toBe(LINK_TEXT_MAX);
    // 😀 is two UTF-16 code units: the cut counts characters, so no lone surrogate is left.
    const cut = linkText('😀'.repeat(30), 10);
    expect(cut).toBe(`${'😀'.repeat(9)}…`);
    expect(linkText('short', 20)).toBe('short');
  });
});
