import { describe, expect, it } from 'vitest';
import { sseReply } from '../../testing/fake-endpoint';
import { SseDecoder } from './sse';

const enc = new TextEncoder();

function decodeIn(parts: Uint8Array[]): string[] {
  const decoder = new SseDecoder();
  return [...parts.flatMap((p) => decoder.push(p)), ...decoder.end()];
}

describe('SseDecoder', () => {
  for (const crlf of [false, true]) {
    it(`gives the same events for every single split point (${crlf ? 'CRLF' : 'LF'})`, () => {
      const bytes = enc.encode(sseReply(['déf', ' 🙂\n', 'x'], { usage: true, crlf }));
      const whole = decodeIn([bytes]);
      expect(whole.at(-1)).toBe('[DONE]');
      expect(whole).toHaveLength(7); // role, three pieces, finish, usage, [DONE]
      expect(JSON.parse(whole[2]).choices[0].delta.content).toBe(' 🙂\n');
      for (let at = 1; at < bytes.length; at++) {
        expect(decodeIn([bytes.slice(0, at), bytes.slice(at)])).toEqual(whole);
      }
      // and one byte at a time
      expect(decodeIn([...bytes].map((b) => Uint8Array.of(b)))).toEqual(whole);
    });
  }

  it('joins multi-line data, skips comments and other fields, keeps a last unterminated event', () => {
    const text = ': ping\nevent: message\nid: 3\ndata: {"a":\ndata:1}\n\nretry: 5\n\ndata: [DONE]';
    expect(decodeIn([enc.encode(text)])).toEqual(['{"a":\n1}', '[DONE]']);
  });

  it('treats a lone CR as a line end, also when the chunk ends on it', () => {
    expect(decodeIn([enc.encode('data: a\r'), enc.encode('\rdata: b\r\r')])).toEqual(['a', 'b']);
  });
});

describe('SseDecoder with a hostile stream (issue 21)', () => {
  it('stops a line longer than its cap with a sentence, having kept no more than the cap', () => {
    const decoder = new SseDecoder({ maxLineChars: 1024 * 1024 });
    const piece = enc.encode('x'.repeat(64 * 1024));
    expect(decoder.push(enc.encode('data: {"choices":[{"delta":{"content":"'))).toEqual([]);
    let fed = 0;
    let error: unknown;
    try {
      // 50 MB in 64 KB pieces, as the endpoint sent it.
      for (; fed < 50 * 1024 * 1024; fed += piece.length) decoder.push(piece);
    } catch (e) {
      error = e;
    }
    expect((error as Error).name).toBe('ReplyTooLargeError');
    expect((error as Error).message).toBe(
      'The reply was larger than 1 MB in a single line; no chat-completion chunk is that long, ' +
        'so the call was stopped and nothing of it was used.'
    );
    expect(fed).toBeLessThanOrEqual(1024 * 1024);
  });

  it('caps an event made of many short data lines the same way', () => {
    const decoder = new SseDecoder({ maxLineChars: 1000 });
    const line = enc.encode(`data: ${'y'.repeat(99)}\n`);
    expect(() => {
      for (let i = 0; i < 20; i++) decoder.push(line);
    }).toThrow(/larger than 1 KB in a single line/);
  });

  it('reads a long line that arrives in many pieces, looking at each character once', () => {
    // A line just under the cap in 1 KB pieces: the decoder must not rescan what it has
    // (it did, on every piece: quadratic, 13 s of frozen page on a long line).
    const decoder = new SseDecoder({ maxLineChars: 1024 * 1024 });
    const content = 'z'.repeat(1000 * 1024);
    const bytes = enc.encode(`data: {"c":"${content}"}\n\n`);
    const events: string[] = [];
    for (let at = 0; at < bytes.length; at += 1024) {
      events.push(...decoder.push(bytes.slice(at, at + 1024)));
    }
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]).c).toBe(content);
    expect(decoder.scanned).toBe(bytes.length);
  });
});
