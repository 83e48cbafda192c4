/**
 * A server-sent events reader for chat-completion streams: bytes in, the `data` of each event
 * out. Network chunks split anywhere (inside a line, inside a UTF-8 character, between `\r`
 * and `\n`), so nothing is parsed until its line is complete.
 *
 * Format (WHATWG HTML, "Server-sent events"): lines end in `\n`, `\r\n` or `\r`; a blank line
 * ends an event; `data:` lines of one event are joined with `\n`; one space after the colon is
 * dropped; lines starting with `:` are comments (OpenRouter sends `: PROCESSING` keep-alives);
 * other fields (`event:`, `id:`, `retry:`) do not matter to a chat completion.
 */
import { ReplyTooLargeError } from './errors';
import { DEFAULT_LIMITS } from './limits';

/** Decodes one stream; a line or event past its cap ends it with `ReplyTooLargeError`. */
export class SseDecoder {
  readonly #text = new TextDecoder();
  readonly #maxLineChars: number;
  /** the current line's text so far, in the pieces it came in (joined once it is complete) */
  #pending: string[] = [];
  #pendingChars = 0;
  #data: string[] = [];
  #dataChars = 0;
  /** the previous chunk ended in `\r`: a `\n` starting the next one belongs to it */
  #pendingCr = false;
  #scanned = 0;

  /**
   * @param options.maxLineChars the longest line, and the longest event's data, that is read;
   *   past it `push` throws `ReplyTooLargeError` (default 1 MB: no chat chunk is near it)
   */
  constructor(options: { maxLineChars?: number } = {}) {
    this.#maxLineChars = options.maxLineChars ?? DEFAULT_LIMITS.maxLineChars;
  }

  /**
   * Characters examined so far. Each is examined once, however a line is split across
   * chunks (a decoder that rescans its buffer on every chunk freezes on a long line).
   */
  get scanned(): number {
    return this.#scanned;
  }

  /** Feed bytes; returns the data of every event completed by them. */
  push(bytes: Uint8Array): string[] {
    return this.#lines(this.#text.decode(bytes, { stream: true }));
  }

  /**
   * The stream ended: returns an event left without its closing blank line (some servers end
   * with `data: [DONE]\n` and close), so the caller can still see it.
   */
  end(): string[] {
    const events = this.#lines(this.#text.decode() + '\n\n');
    this.#pending = [];
    this.#pendingChars = 0;
    return events;
  }

  #lines(text: string): string[] {
    if (this.#pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.#pendingCr = false;
    const events: string[] = [];
    // Only the new text is scanned: what came before is kept in #pending, already scanned.
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== LF && c !== CR) continue;
      this.#scanned += i + 1 - start;
      const rest = text.slice(start, i);
      const line = this.#pending.length === 0 ? rest : this.#pending.join('') + rest;
      this.#pending = [];
      this.#pendingChars = 0;
      this.#line(line, events);
      if (c === CR) {
        if (i + 1 === text.length) this.#pendingCr = true;
        else if (text.charCodeAt(i + 1) === LF) {
          i++;
          this.#scanned++;
        }
      }
      start = i + 1;
    }
    if (start < text.length) {
      this.#scanned += text.length - start;
      this.#pendingChars += text.length - start;
      if (this.#pendingChars > this.#maxLineChars) this.#tooLarge();
      this.#pending.push(text.slice(start));
    }
    return events;
  }

  #line(line: string, events: string[]): void {
    if (line === '') {
      if (this.#data.length > 0) events.push(this.#data.join('\n'));
      this.#data = [];
      this.#dataChars = 0;
      return;
    }
    if (line.length > this.#maxLineChars) this.#tooLarge();
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    if (field !== 'data') return;
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    // An event of many short data lines is joined into one string: it is capped the same way.
    this.#dataChars += value.length + 1;
    if (this.#dataChars > this.#maxLineChars) this.#tooLarge();
    this.#data.push(value);
  }

  #tooLarge(): never {
    // Let go of what was kept, so a caller that goes on holding the decoder holds nothing big.
    this.#pending = [];
    this.#data = [];
    throw new ReplyTooLargeError('line', this.#maxLineChars, 0);
  }
}

const LF = 10;
const CR = 13;
