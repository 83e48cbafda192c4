/**
 * The presenter's QR code gets the server's short link when there is one; else the permalink while it fits in a QR code, the lesson's step
 * link when a walkthrough's permalink is too long, and nothing (copy instead) for a long live
 * or forked run. The thresholds are checked at the exact byte where a QR code runs out.
 */
import { describe, expect, it } from 'vitest';
import { QR_MAX_BYTES, chooseClassroomLink, stepLink, utf8Bytes } from './classroom-link';

const origin = 'http://127.0.0.1:4314';
/** A permalink-shaped URL of exactly `length` characters. */
const permalinkOf = (length: number) => {
  const head = `${origin}/replay#step=3&sum=0a1b2c3d&run=`;
  return head + 'x'.repeat(length - head.length);
};
const walkthrough = { slug: 'self-debugging' };

describe('chooseClassroomLink', () => {
  it("encodes the server's short link whenever there is one, however long the permalink", () => {
    const short = `${origin}/r/abcdefghijkl?step=3`;
    for (const length of [200, QR_MAX_BYTES + 1, 50_000]) {
      const permalink = permalinkOf(length);
      for (const lesson of [walkthrough, null]) {
        expect(
          chooseClassroomLink({ permalink, origin, step: 3, walkthrough: lesson, short })
        ).toEqual({ kind: 'short', url: short, permalink });
      }
    }
  });

  it('encodes the permalink itself while it fits, up to the last byte a QR code holds', () => {
    for (const length of [200, QR_MAX_BYTES - 1, QR_MAX_BYTES]) {
      const permalink = permalinkOf(length);
      for (const lesson of [walkthrough, null]) {
        expect(chooseClassroomLink({ permalink, origin, step: 3, walkthrough: lesson })).toEqual({
          kind: 'permalink',
          url: permalink
        });
      }
    }
  });

  it("falls back to the lesson's step link one byte past what a QR code holds", () => {
    const permalink = permalinkOf(QR_MAX_BYTES + 1);
    expect(chooseClassroomLink({ permalink, origin, step: 7, walkthrough })).toEqual({
      kind: 'step-link',
      url: 'http://127.0.0.1:4314/lessons/self-debugging?step=7',
      permalink,
      reason: 'too-long'
    });
  });

  it('gives the step link on request, but only for a walkthrough', () => {
    const permalink = permalinkOf(1000);
    expect(
      chooseClassroomLink({ permalink, origin, step: 2, walkthrough, prefer: 'step-link' })
    ).toEqual({
      kind: 'step-link',
      url: 'http://127.0.0.1:4314/lessons/self-debugging?step=2',
      permalink,
      reason: 'chosen'
    });
    // a live or forked run has no step link: its permalink is the only way to show it
    expect(
      chooseClassroomLink({ permalink, origin, step: 2, walkthrough: null, prefer: 'step-link' })
    ).toEqual({ kind: 'permalink', url: permalink });
  });

  it('says a long live or forked run is too long, with its size, and keeps it for copying', () => {
    const permalink = permalinkOf(QR_MAX_BYTES + 1);
    expect(chooseClassroomLink({ permalink, origin, step: 7, walkthrough: null })).toEqual({
      kind: 'too-long',
      permalink,
      bytes: QR_MAX_BYTES + 1
    });
  });

  it('counts bytes, not characters: non-ASCII text takes more room in a QR code', () => {
    expect(utf8Bytes('é')).toBe(2);
    const permalink = permalinkOf(QR_MAX_BYTES - 1) + 'é';
    expect(permalink.length).toBe(QR_MAX_BYTES);
    expect(chooseClassroomLink({ permalink, origin, step: 0, walkthrough: null }).kind).toBe(
      'too-long'
    );
  });
});

describe('stepLink', () => {
  it('builds /lessons/<slug>?step=N and refuses a step that is not a whole number', () => {
    expect(stepLink(origin, 'mcts', 0)).toBe('http://127.0.0.1:4314/lessons/mcts?step=0');
    expect(() => stepLink(origin, 'mcts', -1)).toThrow(RangeError);
    expect(() => stepLink(origin, 'mcts', 1.5)).toThrow(RangeError);
  });
});
