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
